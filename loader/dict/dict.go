// Package dict holds dipgraph's dictionaries: countries, people,
// organizations, places, topics, event triggers and office titles, as YAML
// data files embedded in the binary, plus country names in every language
// CLDR knows. Users extend them with files of their own (same format).
package dict

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/dipgraph/dipgraph/graph"
)

//go:embed data/*.yaml
var builtin embed.FS

// builtinSnapshot is the built-in YAML files parsed, as gzipped JSON:
// decoding it takes a quarter of the time parsing the YAML does. It is used
// only while it was made from the very files embedded beside it; a test
// says when to remake it. JSON rather than gob: its map keys are sorted,
// so the same files always give the same snapshot.
//
//go:generate go test -run TestBuiltinSnapshot -update .
//go:embed builtin.json.gz
var builtinSnapshot []byte

// snapshot is what builtin.json.gz holds.
type snapshot struct {
	// Hash identifies the YAML files the dictionary was parsed from.
	Hash string
	Dict *Dictionary
}

// Names are written forms per language code.
type Names map[string][]string

// Country is a state.
type Country struct {
	Code      string   `yaml:"code"`
	Name      string   `yaml:"name"`
	Status    string   `yaml:"status"`
	Names     Names    `yaml:"names"`
	Demonyms  Names    `yaml:"demonyms"`
	Capitals  Names    `yaml:"capitals"`
	Ambiguous []string `yaml:"ambiguous"`
}

// Office is a position held, with ISO dates.
type Office struct {
	Role    string `yaml:"role"`
	Country string `yaml:"country"`
	Org     string `yaml:"org"`
	From    string `yaml:"from"`
	To      string `yaml:"to"`
}

// Person is an official.
type Person struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Country string   `yaml:"country"`
	Names   Names    `yaml:"names"`
	Short   Names    `yaml:"short"`
	Offices []Office `yaml:"offices"`
}

// Organization is an international organization, bloc or forum.
type Organization struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Kind     string   `yaml:"kind"`
	Names    Names    `yaml:"names"`
	Acronyms Names    `yaml:"acronyms"`
	Members  []string `yaml:"members"`
}

// Place is a city or venue.
type Place struct {
	ID        string `yaml:"id"`
	Name      string `yaml:"name"`
	Country   string `yaml:"country"`
	Kind      string `yaml:"kind"`
	Names     Names  `yaml:"names"`
	Ambiguous bool   `yaml:"ambiguous"`
}

// Topic is a subject of cooperation or dispute.
type Topic struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Keywords Names  `yaml:"keywords"`
}

// Trigger is a set of words that signal an event type.
type Trigger struct {
	Type     string `yaml:"type"`  // meet, visit, call, summit, talks, cooperate, ...
	Event    string `yaml:"event"` // the ontology type
	CAMEO    string `yaml:"cameo"`
	PLOVER   string `yaml:"plover"`
	Status   string `yaml:"status"`
	Keywords Names  `yaml:"keywords"`
}

// Title is an office title that stands before (or after) a name.
type Title struct {
	Role     string `yaml:"role"`
	Position string `yaml:"position"`
	Titles   Names  `yaml:"titles"`
}

// Ministry is a kind of national ministry or agency ("Foreign Ministry"),
// or one state's named body ("State Department") when Country is set.
type Ministry struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"` // {country} stands for the state's English name
	Country string `yaml:"country"`
	Names   Names  `yaml:"names"`
}

// Dictionary is every dictionary, merged from the built-in files and the
// user's.
type Dictionary struct {
	Countries     []Country
	People        []Person
	Organizations []Organization
	Places        []Place
	Topics        []Topic
	Triggers      []Trigger
	Titles        []Title
	Ministries    []Ministry
	// Files lists the files read, in order.
	Files []string
}

// kindOf tells a file's dictionary from its name: countries*.yaml,
// people*.yaml, organizations*.yaml, places*.yaml, topics*.yaml,
// triggers*.yaml, titles*.yaml, ministries*.yaml.
func kindOf(name string) string {
	base := strings.ToLower(filepath.Base(name))
	for _, k := range []string{"countries", "people", "organizations", "places", "topics", "triggers", "titles", "ministries"} {
		if strings.HasPrefix(base, k) {
			return k
		}
	}
	return ""
}

// Load reads the built-in dictionaries and then each extra path (a YAML
// file, or a folder of them). An extra entry with the id of an existing one
// adds its names to it; a new id adds an entry. Errors name the file and
// line.
func Load(extra ...string) (*Dictionary, error) {
	files, hash, err := builtinFiles()
	if err != nil {
		return nil, err
	}
	d := fromSnapshot(builtinSnapshot, hash)
	if d == nil {
		if d, err = parseBuiltin(files); err != nil {
			return nil, err
		}
	}
	for _, p := range extra {
		files := []string{p}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			files, _ = filepath.Glob(filepath.Join(p, "*.yaml"))
			more, _ := filepath.Glob(filepath.Join(p, "*.yml"))
			files = append(files, more...)
			sort.Strings(files)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("dictionary %s: %w", f, err)
			}
			if err := d.add(f, b); err != nil {
				return nil, err
			}
		}
	}
	d.merge()
	return d, d.validate()
}

// yamlFile is one embedded dictionary file.
type yamlFile struct {
	name string
	data []byte
}

// builtinFiles returns the embedded YAML files in name order, and a hash
// of their names and contents.
func builtinFiles() ([]yamlFile, string, error) {
	names, err := fs.Glob(builtin, "data/*.yaml")
	if err != nil {
		return nil, "", err
	}
	sort.Strings(names)
	h := sha256.New()
	files := make([]yamlFile, len(names))
	for i, n := range names {
		b, err := builtin.ReadFile(n)
		if err != nil {
			return nil, "", err
		}
		files[i] = yamlFile{n, b}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return files, hex.EncodeToString(h.Sum(nil)), nil
}

// fromSnapshot decodes a snapshot of the built-in files; it returns nil
// when the snapshot is unreadable or was made from other files than those
// whose hash is given.
func fromSnapshot(b []byte, hash string) *Dictionary {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	var s snapshot
	if err := json.NewDecoder(zr).Decode(&s); err != nil || s.Hash != hash || s.Dict == nil {
		return nil
	}
	return s.Dict
}

// encodeSnapshot makes the snapshot of the dictionary parsed from the
// files whose hash is given.
func encodeSnapshot(d *Dictionary, hash string) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if err := json.NewEncoder(zw).Encode(snapshot{Hash: hash, Dict: d}); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parseBuiltin parses the embedded YAML files, unmerged.
func parseBuiltin(files []yamlFile) (*Dictionary, error) {
	// Parse the files concurrently (the largest take most of the time),
	// then add them in name order so merging stays deterministic.
	parsed := make([]*Dictionary, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parsed[i] = &Dictionary{}
			errs[i] = parsed[i].add("builtin:"+f.name, f.data)
		}()
	}
	wg.Wait()
	d := &Dictionary{}
	for i := range files {
		if errs[i] != nil {
			return nil, errs[i]
		}
		d.append(parsed[i])
	}
	return d, nil
}

func (d *Dictionary) append(o *Dictionary) {
	d.Countries = append(d.Countries, o.Countries...)
	d.People = append(d.People, o.People...)
	d.Organizations = append(d.Organizations, o.Organizations...)
	d.Places = append(d.Places, o.Places...)
	d.Topics = append(d.Topics, o.Topics...)
	d.Triggers = append(d.Triggers, o.Triggers...)
	d.Titles = append(d.Titles, o.Titles...)
	d.Ministries = append(d.Ministries, o.Ministries...)
	d.Files = append(d.Files, o.Files...)
}

func (d *Dictionary) add(file string, b []byte) error {
	d.Files = append(d.Files, file)
	var err error
	switch kindOf(file) {
	case "countries":
		var v []Country
		err = yaml.Unmarshal(b, &v)
		d.Countries = append(d.Countries, v...)
	case "people":
		var v []Person
		err = yaml.Unmarshal(b, &v)
		d.People = append(d.People, v...)
	case "organizations":
		var v []Organization
		err = yaml.Unmarshal(b, &v)
		d.Organizations = append(d.Organizations, v...)
	case "places":
		var v []Place
		err = yaml.Unmarshal(b, &v)
		d.Places = append(d.Places, v...)
	case "topics":
		var v []Topic
		err = yaml.Unmarshal(b, &v)
		d.Topics = append(d.Topics, v...)
	case "triggers":
		var v []Trigger
		err = yaml.Unmarshal(b, &v)
		d.Triggers = append(d.Triggers, v...)
	case "titles":
		var v []Title
		err = yaml.Unmarshal(b, &v)
		d.Titles = append(d.Titles, v...)
	case "ministries":
		var v []Ministry
		err = yaml.Unmarshal(b, &v)
		d.Ministries = append(d.Ministries, v...)
	default:
		return fmt.Errorf("dictionary %s: the file name must start with countries, people, organizations, places, topics, triggers, titles or ministries", file)
	}
	if err != nil {
		return fmt.Errorf("dictionary %s: %v", file, err)
	}
	return nil
}

func (n Names) merge(o Names) Names {
	if n == nil {
		n = Names{}
	}
	for lang, forms := range o {
		n[lang] = append(n[lang], forms...)
	}
	return n
}

// merge folds entries with the same key into the first one.
func (d *Dictionary) merge() {
	cs := map[string]int{}
	var countries []Country
	for _, c := range d.Countries {
		c.Code = strings.ToUpper(c.Code)
		if i, ok := cs[c.Code]; ok {
			e := &countries[i]
			e.Names, e.Demonyms, e.Capitals = e.Names.merge(c.Names), e.Demonyms.merge(c.Demonyms), e.Capitals.merge(c.Capitals)
			e.Ambiguous = append(e.Ambiguous, c.Ambiguous...)
			continue
		}
		cs[c.Code] = len(countries)
		countries = append(countries, c)
	}
	d.Countries = countries
	ps := map[string]int{}
	var people []Person
	for _, p := range d.People {
		if i, ok := ps[p.ID]; ok {
			e := &people[i]
			e.Names, e.Short = e.Names.merge(p.Names), e.Short.merge(p.Short)
			e.Offices = append(e.Offices, p.Offices...)
			continue
		}
		ps[p.ID] = len(people)
		people = append(people, p)
	}
	d.People = people
	os := map[string]int{}
	var orgs []Organization
	for _, o := range d.Organizations {
		if i, ok := os[o.ID]; ok {
			e := &orgs[i]
			e.Names, e.Acronyms = e.Names.merge(o.Names), e.Acronyms.merge(o.Acronyms)
			e.Members = append(e.Members, o.Members...)
			continue
		}
		os[o.ID] = len(orgs)
		orgs = append(orgs, o)
	}
	d.Organizations = orgs
	pl := map[string]int{}
	var places []Place
	for _, p := range d.Places {
		if i, ok := pl[p.ID]; ok {
			places[i].Names = places[i].Names.merge(p.Names)
			continue
		}
		pl[p.ID] = len(places)
		places = append(places, p)
	}
	d.Places = places
	ts := map[string]int{}
	var topics []Topic
	for _, t := range d.Topics {
		if i, ok := ts[t.ID]; ok {
			topics[i].Keywords = topics[i].Keywords.merge(t.Keywords)
			continue
		}
		ts[t.ID] = len(topics)
		topics = append(topics, t)
	}
	d.Topics = topics
}

// validate checks the references between dictionaries.
func (d *Dictionary) validate() error {
	known := map[string]bool{}
	for _, c := range d.Countries {
		if c.Code == "" || c.Name == "" {
			return fmt.Errorf("dictionary: a country entry lacks code or name (%+v)", c)
		}
		known[c.Code] = true
	}
	orgs := map[string]bool{}
	for _, o := range d.Organizations {
		if o.ID == "" || o.Name == "" {
			return fmt.Errorf("dictionary: an organization entry lacks id or name (%+v)", o.Names)
		}
		orgs[o.ID] = true
	}
	for _, p := range d.People {
		if p.ID == "" || p.Name == "" {
			return fmt.Errorf("dictionary: a person entry lacks id or name (%q)", p.Name)
		}
	}
	for _, t := range d.Triggers {
		if _, err := graph.ParseEventType(t.Event); err != nil {
			return fmt.Errorf("dictionary: trigger %q: %w", t.Type, err)
		}
	}
	return nil
}
