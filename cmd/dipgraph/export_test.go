package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dipgraph/dipgraph/graph/graphtest"
	"github.com/dipgraph/dipgraph/graph/memory"
)

// corpusDataDir returns a data folder whose embedded store holds
// graphtest's corpus.
func corpusDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	s, err := memory.Open(ctx, memory.Options{Path: filepath.Join(dir, "graph.db")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, graphtest.Corpus()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExportFormats(t *testing.T) {
	dir := corpusDataDir(t)
	base := []string{"export", "--data-dir", dir, "--log-level", "error"}

	code, out, stderr := runCmd(t, nil, append(base, "--format", "graphml")...)
	if code != 0 {
		t.Fatalf("graphml: exit %d: %s", code, stderr)
	}
	var doc struct {
		Nodes []struct {
			ID string `xml:"id,attr"`
		} `xml:"graph>node"`
		Edges []struct{} `xml:"graph>edge"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("graphml on standard output does not parse: %v", err)
	}
	if len(doc.Nodes) < 10 || len(doc.Edges) < 10 || !strings.Contains(out, `<node id="Country:CN">`) {
		t.Errorf("graphml: %d nodes, %d edges", len(doc.Nodes), len(doc.Edges))
	}

	// JSON to a file, twice: the same bytes; a selection narrows it.
	file := filepath.Join(t.TempDir(), "cn-ru.json")
	var runs [][]byte
	for range 2 {
		if code, _, stderr := runCmd(t, nil, append(base, "--format", "json", "--countries", "cn,RU", "--out", file)...); code != 0 {
			t.Fatalf("json: exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, b)
	}
	if !bytes.Equal(runs[0], runs[1]) {
		t.Error("two exports of one store differ")
	}
	var nl struct {
		Graph struct{ Selection string }
		Nodes []map[string]any
	}
	if err := json.Unmarshal(runs[0], &nl); err != nil {
		t.Fatal(err)
	}
	if nl.Graph.Selection != "countries=CN,RU" || len(nl.Nodes) == 0 || len(nl.Nodes) >= len(doc.Nodes) {
		t.Errorf("selection %q gave %d nodes of %d", nl.Graph.Selection, len(nl.Nodes), len(doc.Nodes))
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}

	// CSV into a folder: two files; to a file: a zip of the same two.
	folder := filepath.Join(t.TempDir(), "csv") + "/"
	if code, _, stderr := runCmd(t, nil, append(base, "--format", "csv", "--out", folder)...); code != 0 {
		t.Fatalf("csv folder: exit %d: %s", code, stderr)
	}
	zipFile := filepath.Join(t.TempDir(), "graph.zip")
	if code, _, stderr := runCmd(t, nil, append(base, "--format", "csv", "--out", zipFile)...); code != 0 {
		t.Fatalf("csv zip: exit %d: %s", code, stderr)
	}
	zr, err := zip.OpenReader(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for i, name := range []string{"nodes.csv", "edges.csv"} {
		plain, err := os.ReadFile(filepath.Join(folder, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(plain)).ReadAll()
		if err != nil || len(rows) < 10 {
			t.Errorf("%s: %d rows, %v", name, len(rows), err)
		}
		rc, err := zr.File[i].Open()
		if err != nil {
			t.Fatal(err)
		}
		var zipped bytes.Buffer
		zipped.ReadFrom(rc)
		rc.Close()
		if zr.File[i].Name != name || !bytes.Equal(zipped.Bytes(), plain) {
			t.Errorf("zip entry %d (%s) differs from %s in the folder", i, zr.File[i].Name, name)
		}
	}
}

func TestExportRefusesBadInput(t *testing.T) {
	dir := corpusDataDir(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "pdf"}, `"pdf": want graphml, gexf, csv or json`},
		{[]string{"--countries", "China"}, `country "CHINA" is not an ISO 3166-1 alpha-2 code`},
		{[]string{"--countries", "CN,ZZ"}, "the graph has no country ZZ"},
		{[]string{"--from", "14/07/2024"}, `from date "14/07/2024" is not an ISO day YYYY-MM-DD`},
		{[]string{"--types", "hug"}, `event type "hug"`},
		{[]string{"--out", filepath.Join(dir, "graph.db", "x.graphml")}, "cannot write in"},
	}
	for _, c := range cases {
		args := append([]string{"export", "--data-dir", dir, "--log-level", "error"}, c.args...)
		code, out, stderr := runCmd(t, nil, args...)
		if code != exitConfig || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", c.args, code, stderr, exitConfig, c.want)
		}
		if out != "" {
			t.Errorf("%v: %d bytes on standard output", c.args, len(out))
		}
	}
}
