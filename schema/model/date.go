package model

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dipgraph/dipgraph/graph"
)

// MarshalDate writes an ISO day.
func MarshalDate(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalDate reads an ISO day (YYYY-MM-DD); anything else is a
// BAD_USER_INPUT error.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok || !graph.ValidDate(s) {
		err := gqlerror.Errorf("a Date is an ISO day, YYYY-MM-DD")
		err.Extensions = map[string]any{"code": "BAD_USER_INPUT"}
		return "", err
	}
	return s, nil
}
