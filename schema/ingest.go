package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dipgraph/dipgraph/graph"
	"github.com/dipgraph/dipgraph/loader"
	"github.com/dipgraph/dipgraph/loader/input"
	"github.com/dipgraph/dipgraph/schema/model"
)

// curationError shows the errors of the write methods whose messages the
// graph package writes for people (which entity is missing, why a merge
// is refused) with their code; the rest go to the presenter, masked.
func curationError(err error) error {
	var code string
	switch {
	case errors.Is(err, graph.ErrNotFound):
		code = CodeNotFound
	case errors.Is(err, graph.ErrInvalid):
		code = CodeBadUserInput
	default:
		return err
	}
	msg := err.Error()
	for _, prefix := range []string{graph.ErrNotFound.Error() + ": ", graph.ErrInvalid.Error() + ": "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return userError(code, "%s", msg)
}

// ingest runs the loader's pipeline on the articles of one request: each
// is checked as the loader's readers check a JSON Lines record, extracted,
// and all valid ones are written in one Apply.
func (r *Resolver) ingest(ctx context.Context, articles []*model.ArticleInput) ([]*model.IngestResult, error) {
	if len(articles) == 0 {
		return nil, badInput("articles is empty; give 1 to %d articles", r.opts.MaxIngestArticles)
	}
	if len(articles) > r.opts.MaxIngestArticles {
		return nil, badInput("%d articles in one call; send at most %d per call", len(articles), r.opts.MaxIngestArticles)
	}
	if r.loader == nil {
		return nil, errors.New("schema: ingestArticles has no extractor (Options.NewExtractor is nil)")
	}
	l, err := r.loader()
	if err != nil {
		return nil, fmt.Errorf("schema: building the extractor: %w", err)
	}
	out := make([]*model.IngestResult, len(articles))
	var graphs []graph.ArticleGraph
	var slots []int // graphs[i] is the article of out[slots[i]]
	seen := map[string]int{}
	for i, a := range articles {
		// Extraction takes most of an ingest: give up between articles once
		// the request's deadline has passed, before anything is written.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, code, msg := r.record(i, a)
		if code != "" {
			out[i] = failed(nil, code, msg)
			continue
		}
		id := l.ArticleOf(&rec).ID
		if j, dup := seen[id]; dup {
			out[i] = failed(&id, CodeBadUserInput, fmt.Sprintf("articles[%d] has the same id as articles[%d]", i, j))
			continue
		}
		seen[id] = i
		p := l.Prepare(rec)
		if p.Err != nil {
			out[i] = failed(&id, p.Err.Reason, p.Err.Error)
			continue
		}
		graphs = append(graphs, p.Graph)
		slots = append(slots, i)
	}
	if len(graphs) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := r.store.Apply(ctx, graphs)
	if err != nil {
		return nil, err
	}
	for k, ar := range res {
		id := ar.ArticleID
		switch {
		case ar.Err != nil:
			r.opts.Logger.WarnContext(ctx, "ingest: article refused by the store", "requestId", RequestID(ctx), "article", id, "err", ar.Err)
			out[slots[k]] = failed(&id, loader.StoreReason(ar.Err), "the store refused the article's graph")
		case ar.Unchanged:
			out[slots[k]] = &model.IngestResult{ID: &id, Status: model.IngestStatusUnchanged}
		default:
			out[slots[k]] = &model.IngestResult{ID: &id, Status: model.IngestStatusLoaded, NodesCreated: ar.NodesCreated, NodesDeleted: ar.NodesDeleted}
		}
	}
	return out, nil
}

func failed(id *string, code, msg string) *model.IngestResult {
	return &model.IngestResult{ID: id, Status: model.IngestStatusFailed, Code: &code, Message: &msg}
}

// record turns an input into the loader's record, refusing (with a code
// and a message naming the field) what the JSON Lines reader refuses.
func (r *Resolver) record(i int, a *model.ArticleInput) (rec input.Record, code, msg string) {
	field := func(name string) string { return fmt.Sprintf("articles[%d].%s", i, name) }
	rec = input.Record{File: "graphql", Line: i + 1, ID: strings.TrimSpace(str(a.ID)), URL: str(a.URL), Title: str(a.Title),
		Lang: str(a.Lang), Source: str(a.Source), Published: str(a.Published), Text: a.Text}
	if strings.TrimSpace(rec.Text) == "" {
		return rec, input.CodeMissingText, field("text") + " is empty; give the article's text"
	}
	if len(rec.Text) > r.opts.MaxArticleBytes {
		return rec, input.CodeTooLarge, fmt.Sprintf("%s is %d bytes; at most %d are accepted", field("text"), len(rec.Text), r.opts.MaxArticleBytes)
	}
	for name, v := range map[string]string{"id": rec.ID, "url": rec.URL, "title": rec.Title, "lang": rec.Lang, "source": rec.Source} {
		if len(v) > graph.MaxKeyLen*4 {
			return rec, input.CodeTooLarge, fmt.Sprintf("%s is %d bytes; at most %d are accepted", field(name), len(v), graph.MaxKeyLen*4)
		}
	}
	for _, p := range []*string{&rec.ID, &rec.URL, &rec.Title, &rec.Lang, &rec.Source, &rec.Text} {
		if strings.ContainsFunc(*p, isStrippedControl) {
			// The file readers strip these too (loader/input's package notes).
			*p = strings.Map(func(c rune) rune {
				if isStrippedControl(c) {
					return -1
				}
				return c
			}, *p)
			rec.Stripped++
		}
	}
	if rec.Published != "" && !graph.ValidDate(rec.Published) {
		return rec, input.CodeBadDate, fmt.Sprintf("%s %q is not a date YYYY-MM-DD", field("published"), rec.Published)
	}
	return rec, "", ""
}

// isStrippedControl: NUL and the C0 controls other than tab, newline and
// carriage return carry no meaning in an article.
func isStrippedControl(c rune) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r'
}
