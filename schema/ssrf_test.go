package schema

import (
	"encoding/json"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// countingTransport counts the requests that reach it and sends none.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, http.ErrNotSupported
}

// I-14: an article's url is metadata. Ingesting articles whose urls point
// at the cloud metadata service, a local file and a listener of this test
// opens no connection (none through http.DefaultTransport, none accepted
// by the listener, which any way of dialling would reach), and the url
// comes back as sent while the text stays the one sent.
func TestIngestNeverFetchesTheURL(t *testing.T) {
	if _, err := testExtractor(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })

	transport := &countingTransport{}
	saved := http.DefaultTransport
	http.DefaultTransport = transport
	t.Cleanup(func() { http.DefaultTransport = saved })

	store := corpusStore(t)
	ts := newTestServer(t, store, mutationOptions())
	text := "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Moscow on Monday."
	urls := map[string]string{
		"i14-metadata": "http://169.254.169.254/latest",
		"i14-file":     "file:///etc/passwd",
		"i14-listener": "http://" + ln.Addr().String() + "/latest/meta-data/",
	}
	var articles []map[string]any
	for id, u := range urls {
		articles = append(articles, map[string]any{"id": id, "url": u, "title": id, "published": "2024-07-15", "lang": "en", "text": text})
	}
	var got struct {
		IngestArticles []struct{ ID, Status string }
	}
	ts.write(t, mIngest, map[string]any{"as": articles}, &got)
	for _, r := range got.IngestArticles {
		if r.Status != "LOADED" {
			t.Errorf("article %s: %s, want LOADED", r.ID, r.Status)
		}
	}
	// A fetch started in the background would show a little later.
	time.Sleep(200 * time.Millisecond)
	if n := accepted.Load(); n != 0 {
		t.Errorf("the listener named by an article's url accepted %d connections", n)
	}
	if n := transport.n.Load(); n != 0 {
		t.Errorf("%d requests went through http.DefaultTransport", n)
	}
	for id, u := range urls {
		var out struct {
			Article *struct {
				URL    string
				Events struct{ TotalCount int }
			}
		}
		ts.mustQuery(t, `query($id: String!) { article(id: $id) { url events { totalCount } } }`, map[string]any{"id": id}, &out)
		if out.Article == nil || out.Article.URL != u {
			t.Errorf("article %s: %+v, want url %q", id, out.Article, u)
		}
		// The facts are the sent text's: one meeting, nothing from a page
		// or a file.
		if out.Article != nil && out.Article.Events.TotalCount != 1 {
			t.Errorf("article %s reports %d events, want the text's one meeting", id, out.Article.Events.TotalCount)
		}
	}
	// The model has the corpus only; the three articles are all the change.
	for id := range urls {
		ts.write(t, mDelete, map[string]any{"id": id}, nil)
	}
	if f, want := storeFingerprint(t, store), graphtest.NewModel(graphtest.Corpus()...).Fingerprint(); f != want {
		b, _ := json.Marshal(got)
		t.Errorf("after deleting the three articles: fingerprint %s, want the corpus's %s (%s)", f, want, b)
	}
}
