package schema

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkCountryEvents serves the benchmark query through the
// handler (no network) over a small world, with the default options.
func BenchmarkCountryEvents(b *testing.B) {
	h := NewHandler(openStore(b, world(12, 30)...), DefaultOptions())
	body := body2(`{ country(code: "CN") { events(first: 20) { edges { node { id type date participants { role actor { id name } } } } } } }`)
	b.ReportAllocs()
	b.SetParallelism(16) // 32 concurrent requests on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
}

func BenchmarkCountryEventsIDs(b *testing.B) {
	h := NewHandler(openStore(b, world(12, 30)...), DefaultOptions())
	body := body2(`{ country(code: "CN") { events(first: 20) { edges { node { id } } } } }`)
	b.ReportAllocs()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
		}
	})
}
