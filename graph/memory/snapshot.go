package memory

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/dipgraph/dipgraph/graph"
)

// A snapshot is the derived in-memory graph written to a file beside the
// database, so that opening a large store decodes one compact file instead
// of replaying every article record. The database stays the only source of
// truth: a snapshot is used only when its generation is the one the
// database says was snapshotted last, and the articles written since are
// replayed on top of it from the database's since-snapshot bucket. Anything
// else (no file, another generation, a bad checksum) falls back to a full
// replay.
//
// Layout: magic, then uvarint-framed fields, then a CRC-32C of everything
// before it.

const snapshotMagic = "dipgraph-snapshot-2\n"

var crcTable = crc32.MakeTable(crc32.Castagnoli)

var errBadSnapshot = errors.New("malformed snapshot")

func snapshotPath(dbPath string) string { return dbPath + ".snap" }

type snapWriter struct {
	w   *bufio.Writer
	crc hash.Hash32
	tmp [binary.MaxVarintLen64]byte
	err error
}

func (w *snapWriter) bytes(b []byte) {
	if w.err != nil {
		return
	}
	w.crc.Write(b)
	_, w.err = w.w.Write(b)
}

func (w *snapWriter) uint(v uint64) {
	n := binary.PutUvarint(w.tmp[:], v)
	w.bytes(w.tmp[:n])
}

func (w *snapWriter) int(v int) { w.uint(uint64(int64(v)<<1 ^ int64(v)>>63)) }

func (w *snapWriter) str(s string) {
	w.uint(uint64(len(s)))
	if w.err == nil {
		w.crc.Write([]byte(s))
		_, w.err = w.w.WriteString(s)
	}
}

func (w *snapWriter) strs(ss []string) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

// snapReader decodes a snapshot held in one string: every string it
// returns is a slice of it, which saves an allocation per name and
// sentence, and the collector's time over them.
type snapReader struct {
	s   string
	err error
}

func (r *snapReader) fail() {
	if r.err == nil {
		r.err = errBadSnapshot
	}
	r.s = ""
}

func (r *snapReader) uint() uint64 {
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			r.s = r.s[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	r.fail()
	return 0
}

func (r *snapReader) int() int {
	u := r.uint()
	return int(int64(u>>1) ^ -int64(u&1))
}

// count reads a length and checks that at least min bytes per element
// remain, so a corrupt length cannot make the reader allocate wildly.
func (r *snapReader) count(min int) int {
	n := r.uint()
	if n > uint64(len(r.s)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *snapReader) str() string {
	n := r.count(1)
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *snapReader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

// writeSnapshot writes the state at database generation gen to path,
// atomically (temporary file, fsync, rename, fsync of the folder).
func writeSnapshot(path string, gen uint64, st *state) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := &snapWriter{w: bufio.NewWriterSize(tmp, 1<<20), crc: crc32.New(crcTable)}
	w.bytes([]byte(snapshotMagic))
	w.uint(gen)
	if err := encodeState(w, st); err != nil {
		return err
	}
	if w.err != nil {
		return w.err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], w.crc.Sum32())
	if _, err := w.w.Write(sum[:]); err != nil {
		return err
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

func encodeState(w *snapWriter, st *state) error {
	// Entities, in a fixed order so that mentions can refer to them by number.
	index := make(map[graph.Ref]int, len(st.entities))
	w.uint(uint64(len(st.entities)))
	n := 0
	for _, k := range graph.EntityKinds {
		var err error
		st.byKind[k].Ascend(func(id string) bool {
			r := graph.Ref{Kind: k, ID: id}
			er := st.entities[r]
			if er == nil {
				err = fmt.Errorf("entity index lists %s, which has no record", r)
				return false
			}
			index[r] = n
			n++
			es := er.state
			w.str(string(es.Kind))
			w.str(es.ID)
			w.int(es.Articles)
			w.int(es.Mentions)
			for _, f := range graph.TallyFields {
				t := es.Fields[f]
				keys := t.Keys()
				w.uint(uint64(len(keys)))
				for _, v := range keys {
					w.str(v)
					w.int(t[v])
				}
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if n != len(st.entities) {
		return fmt.Errorf("entity index holds %d entities, the graph %d", n, len(st.entities))
	}

	w.uint(uint64(len(st.events)))
	var err error
	st.eventOrder.Ascend(func(k evKey) bool {
		ev := st.events[k.id]
		if ev == nil {
			err = fmt.Errorf("event index lists %s, which has no record", k.id)
			return false
		}
		w.str(ev.ID)
		w.str(string(ev.Type))
		w.str(ev.Date)
		w.uint(uint64(len(ev.Participants)))
		for _, p := range ev.Participants {
			w.str(string(p.Ref.Kind))
			w.str(p.Ref.ID)
			w.str(p.Role)
		}
		w.str(ev.Subtype)
		w.str(ev.Status)
		w.str(ev.Place)
		w.strs(ev.Topics)
		w.uint(uint64(len(ev.Reports)))
		for _, r := range ev.Reports {
			w.str(r.Article)
			w.str(r.Sentence)
			w.int(r.Start)
			w.int(r.End)
			w.uint(math.Float64bits(r.Confidence))
			w.str(r.Extractor)
			w.str(r.Subtype)
			w.str(r.Status)
			w.str(r.Place)
			w.strs(r.Topics)
		}
		return true
	})
	if err != nil {
		return err
	}

	w.uint(uint64(len(st.articles)))
	st.articleOrder.Ascend(func(id string) bool {
		rec := st.articles[id]
		if rec == nil {
			err = fmt.Errorf("article index lists %s, which has no record", id)
			return false
		}
		a := &rec.art
		for _, s := range []string{a.ID, a.URL, a.Title, a.Lang, a.Source, a.Published, a.ContentHash, a.Extractor} {
			w.str(s)
		}
		w.uint(uint64(len(rec.mentioned)))
		for _, m := range rec.mentioned {
			i, ok := index[m.er.ref()]
			if !ok || st.entities[m.er.ref()] != m.er {
				err = fmt.Errorf("article %s mentions %s, which is not in the graph", id, m.er.ref())
				return false
			}
			w.uint(uint64(i))
			w.int(int(m.count))
		}
		return true
	})
	return err
}

// readSnapshot decodes the snapshot at path if it holds generation gen.
// A missing file gives os.ErrNotExist; anything else unusable, an error
// that says why.
func readSnapshot(path string, gen uint64) (*state, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < len(snapshotMagic)+4 || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a snapshot of this format", errBadSnapshot)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", errBadSnapshot)
	}
	r := &snapReader{s: string(body[len(snapshotMagic):])}
	if g := r.uint(); g != gen {
		return nil, fmt.Errorf("snapshot of generation %d, the database is at %d since its last snapshot", g, gen)
	}
	st, err := decodeState(r)
	if err != nil {
		return nil, err
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, fmt.Errorf("%w: trailing or truncated data", errBadSnapshot)
	}
	return st, nil
}

func decodeState(r *snapReader) (*state, error) {
	st := newState()
	nEnt := r.count(4)
	refs := make([]graph.Ref, nEnt)
	for i := 0; i < nEnt && r.err == nil; i++ {
		kind := graph.Kind(r.str())
		es := graph.NewEntityState(graph.Ref{Kind: kind, ID: r.str()})
		es.Articles = r.int()
		es.Mentions = r.int()
		for _, f := range graph.TallyFields {
			n := r.count(2)
			if n == 0 {
				continue
			}
			t := make(graph.Tally, n)
			for j := 0; j < n; j++ {
				v := r.str()
				t[v] = r.int()
			}
			es.Fields[f] = t
		}
		ref := graph.Ref{Kind: es.Kind, ID: es.ID}
		tr := st.byKind[kind]
		if tr == nil || st.entities[ref] != nil {
			return nil, fmt.Errorf("%w: entity %s", errBadSnapshot, ref)
		}
		refs[i] = ref
		er := &entityRec{state: es, ent: es.Entity(), live: true}
		er.keys = nameKeys(er.ent)
		er.links = entityLinks(er.ent)
		st.entities[ref] = er
		tr.ReplaceOrInsert(es.ID)
		st.indexLinks(er)
	}

	// Events, participants and reports each come in one allocation, and
	// the two index families are built beside the decoding of articles:
	// on a large graph this is most of the time an open takes.
	nEv := r.count(4)
	evs := make([]graph.Event, nEv)
	st.events = make(map[string]*graph.Event, nEv)
	var parts []graph.Participant
	var reports []graph.Report
	for i := 0; i < nEv && r.err == nil; i++ {
		ev := &evs[i]
		ev.ID, ev.Type, ev.Date = r.str(), graph.EventType(r.str()), r.str()
		np := r.count(3)
		if np > 0 {
			if len(parts) < np {
				parts = make([]graph.Participant, max(np, 4096))
			}
			ev.Participants, parts = parts[:np:np], parts[np:]
			for j := range ev.Participants {
				ev.Participants[j] = graph.Participant{Ref: graph.Ref{Kind: graph.Kind(r.str()), ID: r.str()}, Role: r.str()}
			}
		}
		ev.Subtype, ev.Status, ev.Place = r.str(), r.str(), r.str()
		ev.Topics = r.strs()
		nr := r.count(10)
		if nr == 0 {
			r.fail()
			break
		}
		if len(reports) < nr {
			reports = make([]graph.Report, max(nr, 4096))
		}
		ev.Reports, reports = reports[:nr:nr], reports[nr:]
		for j := range ev.Reports {
			rp := &ev.Reports[j]
			rp.Article, rp.Sentence = r.str(), r.str()
			rp.Start, rp.End = r.int(), r.int()
			rp.Confidence = math.Float64frombits(r.uint())
			rp.Extractor, rp.Subtype, rp.Status, rp.Place = r.str(), r.str(), r.str(), r.str()
			rp.Topics = r.strs()
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	var wg sync.WaitGroup
	var dupEvent atomic.Value
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range evs {
			ev := &evs[i]
			if st.events[ev.ID] != nil {
				dupEvent.Store(ev.ID)
				return
			}
			st.events[ev.ID] = ev
			st.eventOrder.Append(evKey{ev.Date, ev.ID})
		}
	}()
	go func() {
		defer wg.Done()
		for i := range evs {
			ev := &evs[i]
			key := evKey{ev.Date, ev.ID}
			for _, ref := range indexRefs(ev) {
				tr := st.evIndex[ref]
				if tr == nil {
					tr = newEvTree()
					st.evIndex[ref] = tr
				}
				tr.Append(key)
			}
		}
	}()
	defer wg.Wait()

	nArt := r.count(9)
	st.articles = make(map[string]*articleRec, nArt)
	for i := 0; i < nArt && r.err == nil; i++ {
		rec := &articleRec{onDisk: true}
		a := &rec.art
		a.ID, a.URL, a.Title, a.Lang = r.str(), r.str(), r.str(), r.str()
		a.Source, a.Published, a.ContentHash, a.Extractor = r.str(), r.str(), r.str(), r.str()
		nm := r.count(2)
		if nm > 0 {
			rec.mentioned = make([]mentioned, nm)
			for j := range rec.mentioned {
				k := r.uint()
				if k >= uint64(len(refs)) {
					r.fail()
					break
				}
				er := st.entities[refs[k]]
				if er == nil {
					r.fail()
					break
				}
				rec.mentioned[j] = mentioned{er: er, count: mentionCount(r.int())}
			}
		}
		if r.err != nil {
			break
		}
		if st.articles[a.ID] != nil {
			return nil, fmt.Errorf("%w: article %s twice", errBadSnapshot, a.ID)
		}
		st.articles[a.ID] = rec
		st.articleOrder.ReplaceOrInsert(a.ID)
	}
	wg.Wait()
	if id := dupEvent.Load(); id != nil {
		return nil, fmt.Errorf("%w: event %s twice", errBadSnapshot, id)
	}
	return st, r.err
}
