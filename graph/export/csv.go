package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"io"
	"time"
)

// CSV: nodes.csv (id, then every node attribute) and edges.csv (id,
// source, target, then every edge attribute), RFC 4180 with a header row,
// UTF-8 without a byte order mark, fields quoted when they hold a comma,
// a quote or a line break. Absent values are empty cells. Text is cleaned
// as in the other formats (see cleanText).
//
// Cells are the data as it is: a name that starts with = or + stays so.
// Spreadsheets that treat such a cell as a formula should import the file
// as text.
type csvSink struct {
	// openNodes and openEdges give the two files' writers when they are
	// due: a zip archive holds one file at a time.
	openNodes, openEdges func() (io.Writer, error)
	// finish flushes and closes the output.
	finish       func() error
	nodes, edges *csv.Writer
	row          []string
}

// NodeColumns and EdgeColumns are the header rows of nodes.csv and edges.csv.
var (
	NodeColumns = func() []string {
		cols := []string{"id"}
		for _, a := range nodeAttrs {
			cols = append(cols, a.name)
		}
		return cols
	}()
	EdgeColumns = func() []string {
		cols := []string{"id", "source", "target"}
		for _, a := range edgeAttrs {
			cols = append(cols, a.name)
		}
		return cols
	}()
)

func newCSVSink(nodes, edges io.Writer) *csvSink {
	bn, be := bufio.NewWriterSize(nodes, 64<<10), bufio.NewWriterSize(edges, 64<<10)
	return &csvSink{
		openNodes: func() (io.Writer, error) { return bn, nil },
		openEdges: func() (io.Writer, error) { return be, nil },
		finish: func() error {
			if err := bn.Flush(); err != nil {
				return err
			}
			return be.Flush()
		},
	}
}

// zipEpoch is the modification time of the archive's files: fixed, so
// that the same graph gives the same bytes.
var zipEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func newCSVZipSink(w io.Writer) *csvSink {
	bw := bufio.NewWriterSize(w, 64<<10)
	zw := zip.NewWriter(bw)
	create := func(name string) func() (io.Writer, error) {
		return func() (io.Writer, error) {
			return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipEpoch})
		}
	}
	return &csvSink{
		openNodes: create("nodes.csv"),
		openEdges: create("edges.csv"),
		finish: func() error {
			if err := zw.Close(); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
}

func (s *csvSink) begin(string) error {
	w, err := s.openNodes()
	if err != nil {
		return err
	}
	s.nodes = csv.NewWriter(w)
	return s.nodes.Write(NodeColumns)
}

func (s *csvSink) fill(id string, ends []string, vals []value) []string {
	s.row = append(s.row[:0], (id))
	for _, e := range ends {
		s.row = append(s.row, (e))
	}
	for _, v := range vals {
		s.row = append(s.row, (formatValue(v)))
	}
	return s.row
}

func (s *csvSink) node(n *node) error { return s.nodes.Write(s.fill(n.id, nil, n.vals[:])) }

func (s *csvSink) endNodes() error {
	s.nodes.Flush()
	if err := s.nodes.Error(); err != nil {
		return err
	}
	w, err := s.openEdges()
	if err != nil {
		return err
	}
	s.edges = csv.NewWriter(w)
	return s.edges.Write(EdgeColumns)
}

func (s *csvSink) edge(e *edge) error {
	return s.edges.Write(s.fill(e.id, []string{e.source, e.target}, e.vals[:]))
}

func (s *csvSink) end() error {
	s.edges.Flush()
	if err := s.edges.Error(); err != nil {
		return err
	}
	return s.finish()
}
