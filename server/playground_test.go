package server

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// requireAssets skips a test when the playground's files were not
// installed before the build (go test without make), and fails it in CI,
// where make test installs them first.
func requireAssets(t *testing.T) {
	t.Helper()
	if _, err := fs.Stat(embeddedAssets(), playgroundAssets[0].name); err != nil {
		if inCI {
			t.Fatalf("CI=true and the playground's files are not embedded (%v): make test runs make playground-assets first", err)
		}
		t.Skip("the playground's files are not installed: make playground-assets")
	}
}

// G-12: the production profile has no playground; the development one
// serves it, its files from this server only, each with SRI.
func TestPlaygroundFollowsTheProfile(t *testing.T) {
	requireAssets(t)
	prod := start(t, memStore(t), Options{})
	for _, path := range []string{"/", playgroundAssetPath + "graphiql.min.js"} {
		if out := do(t, mustRequest(t, http.MethodGet, prod.URL+path, nil)); out.Status != http.StatusNotFound {
			t.Errorf("production profile: GET %s = %d, want 404", path, out.Status)
		}
	}

	dev := start(t, memStore(t), Options{Introspection: true, Playground: true})
	page := do(t, mustRequest(t, http.MethodGet, dev.URL+"/", nil))
	if page.Status != 200 || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", page.Status, page.Header.Get("Content-Type"))
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q does not keep the page on its origin", csp)
	}
	tags := regexp.MustCompile(`<(script|link)\b[^>]*>`).FindAllString(page.Raw, -1)
	refs := 0
	for _, tag := range tags {
		tag = html.UnescapeString(tag)
		ref := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindStringSubmatch(tag)
		if ref == nil {
			continue // the inline script
		}
		refs++
		if !strings.HasPrefix(ref[1], playgroundAssetPath) {
			t.Errorf("the page loads %s from elsewhere than this server", ref[1])
		}
		if !regexp.MustCompile(`integrity="sha256-[A-Za-z0-9+/=]{44}"`).MatchString(tag) {
			t.Errorf("no SRI integrity attribute on %s", tag)
		}
	}
	if refs != len(playgroundAssets) {
		t.Errorf("the page references %d files, want %d:\n%s", refs, len(playgroundAssets), page.Raw)
	}
	if strings.Contains(page.Raw, "cdn.") || strings.Contains(page.Raw, "https://") {
		t.Errorf("the page names another host:\n%s", page.Raw)
	}
	for _, ex := range Examples {
		name := regexp.MustCompile(`query (\w+)`).FindStringSubmatch(ex.Query)[1]
		if !strings.Contains(page.Raw, name) {
			t.Errorf("example %s is not preloaded in the page", name)
		}
	}
}

// Each file served is the pinned release: its SHA-256 is the one the page
// declares, and it is served with its type.
func TestPlaygroundServesThePinnedFiles(t *testing.T) {
	requireAssets(t)
	ts := start(t, memStore(t), Options{Playground: true})
	for _, a := range playgroundAssets {
		resp, err := http.Get(ts.URL + playgroundAssetPath + a.name)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		sum := sha256.Sum256(b)
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); resp.StatusCode != 200 || got != a.sri {
			t.Errorf("%s: %d, %s, want %s", a.name, resp.StatusCode, got, a.sri)
		}
		if resp.Header.Get("Content-Type") != a.contentType {
			t.Errorf("%s: Content-Type %q", a.name, resp.Header.Get("Content-Type"))
		}
	}
	for _, name := range append(playgroundLicences, "README.md", "../server.go", "nope.js") {
		resp, err := http.Get(ts.URL + playgroundAssetPath + name)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		isLicence := strings.HasPrefix(name, "LICENSE")
		if (resp.StatusCode == 200) != isLicence {
			t.Errorf("GET %s = %d", name, resp.StatusCode)
		}
	}
}

// A binary built without the files, or with other files than the pinned
// ones, says so on the page and how to fix it, and GraphQL still works.
func TestPlaygroundWithoutItsFiles(t *testing.T) {
	full := fstest.MapFS{}
	for _, a := range playgroundAssets {
		full[a.name] = &fstest.MapFile{Data: []byte("not the release")}
	}
	for name, assets := range map[string]fs.FS{"absent": fstest.MapFS{}, "tampered": full} {
		p := newPlayground(assets, queryRoute)
		if p.missing == nil {
			t.Fatalf("%s files: the playground would be served", name)
		}
		rec := &recorder{header: http.Header{}}
		p.servePage(rec, mustRequest(t, http.MethodGet, "/", nil))
		if rec.status != http.StatusServiceUnavailable || !strings.Contains(rec.body.String(), "make playground-assets") {
			t.Errorf("%s files: %d %q", name, rec.status, rec.body.String())
		}
	}
	ts := start(t, memStore(t), Options{Playground: true})
	if out := post(t, ts.URL, `{ stats { articles } }`); out.Errors != nil {
		t.Errorf("GraphQL: %v", out.Errors)
	}
}

type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.WriteString(string(b)) }

// The preloaded examples run on the sample articles that a first
// `dipgraph serve` loads, without errors, and each finds something.
func TestExamplesRunOnTheFixtures(t *testing.T) {
	ts := start(t, fixturesStore(t), Options{})
	for _, ex := range Examples {
		name := regexp.MustCompile(`query (\w+)`).FindStringSubmatch(ex.Query)[1]
		t.Run(name, func(t *testing.T) {
			out := post(t, ts.URL, ex.Query)
			if out.Errors != nil {
				t.Fatalf("errors: %s", out.Raw)
			}
			for field, v := range out.Data {
				if empty(v) {
					t.Errorf("%s found nothing: %s", field, out.Raw)
				}
			}
		})
	}
}

// empty: null, an empty list, or a connection with totalCount 0.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case map[string]any:
		if n, ok := v["totalCount"].(float64); ok {
			return n == 0
		}
		if n, ok := v["events"].(float64); ok {
			return n == 0
		}
	}
	return false
}
