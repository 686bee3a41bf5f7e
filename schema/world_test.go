package schema

import (
	"fmt"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/graph/graphtest"
)

// worldCodes are the countries of the synthetic world.
var worldCodes = []string{"AR", "BR", "CL", "CN", "DE", "DK", "EG", "FR", "GB", "GH", "IN", "IR", "IT", "JP", "KE", "PK", "RU", "TR", "UA", "US", "ZA"}

// world builds n countries (n ≤ len(worldCodes)); country i meets country
// i+1 (mod n) on perPair days, with both foreign ministers, each meeting
// reported by two articles (so every event has two pieces of evidence).
func world(n, perPair int) []graph.ArticleGraph {
	var out []graph.ArticleGraph
	for i := 0; i < n; i++ {
		a, b := worldCodes[i], worldCodes[(i+1)%n]
		pa, pb := "fm-"+a, "fm-"+b
		for d := 0; d < perPair; d++ {
			date := fmt.Sprintf("2024-%02d-%02d", 1+d/28, 1+d%28)
			for _, src := range []string{"wire", "daily"} {
				id := fmt.Sprintf("%s-%s-%s-%d", src, a, b, d)
				out = append(out, graphtest.NewArticle(id).Lang("en").Source(src).Published(date).Title("Talks "+id).
					Country(a).Country(b).
					Person(pa, "Minister "+a, a, "foreign minister").
					Person(pb, "Minister "+b, b, "foreign minister").
					Meeting(date, graphtest.P(pa), graphtest.P(pb), graphtest.C(a), graphtest.C(b)).Subtype("talks").
					Build())
			}
		}
	}
	return out
}
