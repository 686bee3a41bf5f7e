package neo4j

import (
	"fmt"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
)

// Labels and relationship types are the only parts of a Cypher statement
// that cannot be parameters. Every one this package writes is listed here;
// labelFor is the only way from a caller-supplied kind to a label, and it
// never returns anything that is not in this list.
const (
	labelCountry      = "Country"
	labelPerson       = "Person"
	labelOrganization = "Organization"
	labelPlace        = "Place"
	labelTopic        = "Topic"
	labelEvent        = "Event"
	labelArticle      = "Article"
	// labelEntity is carried by every Country, Person, Organization, Place
	// and Topic node next to its kind label, with the unique property ref
	// ("Kind:id"): one index reaches an entity of any kind, so statements
	// that handle a mix of kinds stay constant.
	labelEntity = "Entity"
	// labelMigration marks the bookkeeping node of an applied migration.
	labelMigration = "Migration"
	// labelCuration marks the node holding the curation (graph.Curation).
	labelCuration = "Curation"
)

// allowedLabels is the label allowlist, indexed by the domain kind.
var allowedLabels = map[graph.Kind]string{
	graph.KindCountry:      labelCountry,
	graph.KindPerson:       labelPerson,
	graph.KindOrganization: labelOrganization,
	graph.KindPlace:        labelPlace,
	graph.KindTopic:        labelTopic,
	graph.KindEvent:        labelEvent,
	graph.KindArticle:      labelArticle,
}

// allowedRelTypes is the relationship type allowlist.
var allowedRelTypes = []string{
	graph.RelParticipant, graph.RelAt, graph.RelAbout, graph.RelReportedIn,
	graph.RelMentions, graph.RelHolds, graph.RelIn,
}

// labelFor returns the Neo4j label of kind. Kinds are compared exactly
// (graph.ParseKind does the case folding for user input); anything else is
// graph.ErrInvalid, so no input can become a label.
func labelFor(kind graph.Kind) (string, error) {
	if l, ok := allowedLabels[kind]; ok {
		return l, nil
	}
	return "", fmt.Errorf("%w: no node label for kind %q", graph.ErrInvalid, truncate(string(kind), 32))
}

// entityLabelFor is labelFor restricted to the entity kinds.
func entityLabelFor(kind graph.Kind) (string, error) {
	if !kind.IsEntity() {
		return "", fmt.Errorf("%w: %q is not an entity kind", graph.ErrInvalid, truncate(string(kind), 32))
	}
	return labelFor(kind)
}

// kindOfLabels maps the labels of a stored node back to its kind: the one
// kind label among them. A node with none or several is corrupt.
func kindOfLabels(labels []string) (graph.Kind, error) {
	var found graph.Kind
	for _, l := range labels {
		for k, kl := range allowedLabels {
			if l == kl {
				if found != "" {
					return "", fmt.Errorf("neo4j: node has two kind labels %s and %s", found, k)
				}
				found = k
			}
		}
	}
	if found == "" {
		return "", fmt.Errorf("neo4j: node with labels %v has no kind label", labels)
	}
	return found, nil
}

// entityRef is the value of the ref property of an entity node.
func entityRef(r graph.Ref) string { return string(r.Kind) + ":" + r.ID }

// parseEntityRef inverts entityRef for stored values.
func parseEntityRef(s string) (graph.Ref, error) {
	kind, id, ok := strings.Cut(s, ":")
	if !ok || !graph.Kind(kind).IsEntity() {
		return graph.Ref{}, fmt.Errorf("neo4j: stored entity ref %q is malformed", truncate(s, 64))
	}
	return graph.Ref{Kind: graph.Kind(kind), ID: id}, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
