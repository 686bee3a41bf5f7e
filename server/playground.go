package server

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

// The playground's browser files, installed from the npm registry at build
// time by playground/build.sh (versions pinned by its package-lock.json).
//
//go:embed playground/assets
var playgroundFS embed.FS

// playgroundAsset is one file the page loads, with the SHA-256 of the
// pinned release (the hashes gqlgen's own playground uses for the same
// versions): a file that differs is not served.
type playgroundAsset struct {
	name, sri, contentType string
}

var playgroundAssets = []playgroundAsset{
	{"react.production.min.js", "sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY=", "text/javascript; charset=utf-8"},
	{"react-dom.production.min.js", "sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc=", "text/javascript; charset=utf-8"},
	{"graphiql.min.js", "sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs=", "text/javascript; charset=utf-8"},
	{"graphiql.min.css", "sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU=", "text/css; charset=utf-8"},
}

// embeddedAssets is the folder of playgroundFS holding the files.
func embeddedAssets() fs.FS {
	sub, err := fs.Sub(playgroundFS, "playground/assets")
	if err != nil {
		panic(err) // the embed pattern names this folder
	}
	return sub
}

// playgroundLicences are served beside the files they cover.
var playgroundLicences = []string{"LICENSE-graphiql.txt", "LICENSE-react.txt", "LICENSE-react-dom.txt"}

// playgroundAssetPath is where the page finds its files.
const playgroundAssetPath = "/playground/assets/"

// Example is a query the playground opens in a tab of its own.
type Example struct {
	Query     string `json:"query"`
	Variables string `json:"variables,omitempty"`
}

// Examples are the playground's preloaded tabs. They run against the
// sample articles that `dipgraph serve` loads into an empty store.
var Examples = []Example{
	{Query: `# The meeting of China's and Russia's foreign ministers in Moscow,
# with the sentence of each article that reports it, in its own script.
query WangYiMeetsLavrov {
  events(filter: {types: [MEET], people: ["wang-yi", "sergey-lavrov"]}, first: 5) {
    totalCount
    edges {
      node {
        type
        subtype
        date
        place { name nameInHindi: name(lang: "hi") }
        participants { role actor { id name } }
        evidence { sentence confidence article { title language } }
      }
    }
  }
}
`},
	{Query: `# What China and Russia did together or to each other: counts per
# type and direction, topics, and a month-by-month timeline.
query ChinaRussia {
  bilateral(a: "CN", b: "RU") {
    a { name }
    b { name }
    events
    meetings
    byType { type source { code } target { code } count }
    topics { topic { key name } count }
    timeline { month type count }
  }
}
`},
	{Query: `# How Wang Yi is connected to India: the shortest paths over events,
# offices and places.
query WangYiToIndia {
  path(from: "Person:wang-yi", to: "Country:IN", maxHops: 4, first: 3) {
    length
    nodes { id ... on NamedEntity { name } }
    edges { type from to role }
    events { type date }
  }
}
`},
	{Query: `# Search every name and alias in every script: Lavrov, in Devanagari.
query SearchDevanagari {
  search(query: "लावरोव", first: 5) {
    matched
    score
    node {
      id
      name
      nameInHindi: name(lang: "hi")
      ... on Person { role country { name } }
    }
  }
}
`},
}

// playground serves GraphiQL and its files from the binary.
type playground struct {
	page    []byte
	files   map[string][]byte // name → content
	types   map[string]string // name → Content-Type
	missing error             // why the page cannot be served
}

// newPlayground reads the files from assets (a folder holding the files of
// playgroundAssets) and renders the page for endpoint.
func newPlayground(assets fs.FS, endpoint string) *playground {
	p := &playground{files: map[string][]byte{}, types: map[string]string{}}
	sris := map[string]string{}
	for _, a := range playgroundAssets {
		b, err := fs.ReadFile(assets, a.name)
		if err != nil {
			p.missing = fmt.Errorf("%s was not installed when this binary was built: run `make playground-assets` and build again (`make build`)", a.name)
			return p
		}
		sum := sha256.Sum256(b)
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); got != a.sri {
			p.missing = fmt.Errorf("%s is not the pinned release (SHA-256 %s, want %s): run `make playground-assets` and build again", a.name, got, a.sri)
			return p
		}
		p.files[a.name], p.types[a.name] = b, a.contentType
		sris[a.name] = a.sri
	}
	for _, name := range playgroundLicences {
		if b, err := fs.ReadFile(assets, name); err == nil {
			p.files[name], p.types[name] = b, "text/plain; charset=utf-8"
		}
	}
	var page strings.Builder
	err := playgroundPage.Execute(&page, map[string]any{
		"Endpoint": endpoint,
		"Assets":   playgroundAssetPath,
		"SRI":      sris,
		"Tabs":     Examples,
	})
	if err != nil {
		panic(err) // the template and its data are constants
	}
	p.page = []byte(page.String())
	return p
}

// playgroundCSP keeps the page on its own origin: scripts, styles and
// requests go nowhere else.
const playgroundCSP = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (p *playground) servePage(w http.ResponseWriter, r *http.Request) {
	if p.missing != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "The GraphQL playground is not available: %v.\nThe GraphQL endpoint works: POST /query.\n", p.missing)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", playgroundCSP)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(p.page)
}

func (p *playground) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := p.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", p.types[name])
	// The versions are pinned: a file never changes under its name for a
	// given binary.
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(b)
}

// playgroundPage is GraphiQL 4 with React 18, as gqlgen's playground loads
// them, from this server, with the examples as default tabs.
var playgroundPage = template.Must(template.New("playground").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dipgraph — GraphQL playground</title>
<style>body { margin: 0; } #graphiql { height: 100vh; } .loading { height: 100%; display: flex; align-items: center; justify-content: center; font-size: 2rem; font-family: sans-serif; }</style>
<script src="{{.Assets}}react.production.min.js" integrity="{{index .SRI "react.production.min.js"}}"></script>
<script src="{{.Assets}}react-dom.production.min.js" integrity="{{index .SRI "react-dom.production.min.js"}}"></script>
<link rel="stylesheet" href="{{.Assets}}graphiql.min.css" integrity="{{index .SRI "graphiql.min.css"}}">
</head>
<body>
<div id="graphiql"><div class="loading">Loading…</div></div>
<script src="{{.Assets}}graphiql.min.js" integrity="{{index .SRI "graphiql.min.js"}}"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: location.origin + {{.Endpoint}} });
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: {{.Tabs}},
      defaultEditorToolsVisibility: false,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
    document.getElementById('graphiql'),
  );
</script>
</body>
</html>
`))
