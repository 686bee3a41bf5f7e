package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/export"
	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

func corpusServer(t *testing.T) (*httptest.Server, graph.Store) {
	t.Helper()
	s, err := memory.Open(context.Background(), memory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Apply(context.Background(), graphtest.Corpus()); err != nil {
		t.Fatal(err)
	}
	h, err := New(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, s
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestExportOverHTTP(t *testing.T) {
	ts, store := corpusServer(t)
	tests := []struct {
		path        string
		contentType string
		file        string
		selection   export.Selection
	}{
		{"/export/graphml", "application/graphml+xml; charset=utf-8", "dipgraph.graphml", export.Selection{}},
		{"/export/GEXF?countries=cn,ru", "application/gexf+xml; charset=utf-8", "dipgraph-countries-cn-ru.gexf",
			export.Selection{Countries: []string{"CN", "RU"}}},
		{"/export/csv?types=meet&types=criticize&from=2024-06-01&to=2024-07-31", "application/zip",
			"dipgraph-types-criticize-meet-from-2024-06-01-to-2024-07-31.zip",
			export.Selection{Types: []graph.EventType{"meet", "criticize"}, From: "2024-06-01", To: "2024-07-31"}},
		{"/export/json?topics=energy,ukraine", "application/json; charset=utf-8", "dipgraph-topics-energy-ukraine.json",
			export.Selection{Topics: []string{"energy", "ukraine"}}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, ts.URL+tt.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got, want := resp.Header.Get("Content-Disposition"), `attachment; filename="`+tt.file+`"`; got != want {
				t.Errorf("Content-Disposition %q, want %q", got, want)
			}
			// The body is what the export package writes for the same selection.
			f, _ := export.ParseFormat(strings.TrimPrefix(strings.SplitN(tt.path, "?", 2)[0], "/export/"))
			var want bytes.Buffer
			if _, err := export.Write(context.Background(), store, f, &want, export.Options{Selection: tt.selection}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, want.Bytes()) {
				t.Errorf("body (%d bytes) differs from the export of %v (%d bytes)", len(body), tt.selection, want.Len())
			}
			switch f {
			case export.GraphML, export.GEXF:
				if err := xml.Unmarshal(body, new(struct{})); err != nil {
					t.Errorf("not XML: %v", err)
				}
			case export.CSV:
				if _, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err != nil {
					t.Errorf("not a zip: %v", err)
				}
			case export.JSON:
				if !json.Valid(body) {
					t.Error("not JSON")
				}
			}
		})
	}
}

func TestExportErrorsAreClear400s(t *testing.T) {
	ts, _ := corpusServer(t)
	tests := []struct {
		path, code, want string
	}{
		{"/export/pdf", "BAD_FORMAT", `unknown export format "pdf"`},
		{"/export/json?country=CN", "BAD_SELECTION", `unknown parameter "country"; want countries, topics, types, from, to`},
		{"/export/json?countries=China", "BAD_SELECTION", `country "CHINA" is not an ISO 3166-1 alpha-2 code`},
		{"/export/json?countries=ZZ", "BAD_SELECTION", "the graph has no country ZZ"},
		{"/export/json?from=2024-02-30", "BAD_SELECTION", `from date "2024-02-30" is not an ISO day`},
		{"/export/json?from=2024-01-01&from=2024-02-01", "BAD_SELECTION", "parameter from given 2 times"},
		{"/export/json?types=hug", "BAD_SELECTION", `event type "hug"`},
		{"/export/json?topics=" + strings.Repeat("x,", 3000), "BAD_SELECTION", "more than 4096"},
	}
	for _, tt := range tests {
		resp, body := get(t, ts.URL+tt.path)
		var e struct{ Error, Code string }
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != 400 || e.Code != tt.code || !strings.Contains(e.Error, tt.want) {
			t.Errorf("GET %s: %d %s; want 400 %s with %q", tt.path, resp.StatusCode, body, tt.code, tt.want)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("GET %s: error Content-Type %q", tt.path, ct)
		}
	}
	resp, err := http.Post(ts.URL+"/export/json", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /export/json: %d", resp.StatusCode)
	}
}

// An export too large for one request is refused with a 400 before any
// byte of the file.
func TestExportTooLargeIsRefused(t *testing.T) {
	_, store := corpusServer(t)
	mux := http.NewServeMux()
	mux.Handle("GET /export/{format}", boundedExportHandler(store, slog.New(slog.DiscardHandler), 5))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	resp, body := get(t, ts.URL+"/export/json")
	var e struct{ Error, Code string }
	if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != 400 || e.Code != "EXPORT_TOO_LARGE" ||
		!strings.Contains(e.Error, "more than the limit of 5; narrow the selection") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}

func TestExportFileName(t *testing.T) {
	sel := export.Selection{Topics: []string{`a"b/../c d`}}
	got := exportFileName(sel, export.JSON)
	if strings.ContainsAny(got, `"/\ `) || !strings.HasSuffix(got, ".json") {
		t.Errorf("file name %q", got)
	}
}
