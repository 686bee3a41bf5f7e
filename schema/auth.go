package schema

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Error codes of authorization (RELIABILITY.md G-14).
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
)

// Role is what an API key may do.
type Role string

// The roles: read keys may query; write keys may also run mutations.
const (
	RoleRead  Role = "read"
	RoleWrite Role = "write"
)

// APIKey is one accepted key and its role.
type APIKey struct {
	Key  string
	Role Role
}

// MinAPIKeyLength keeps guessable keys out.
const MinAPIKeyLength = 16

// ParseAPIKey parses "role:key", the form keys take in the configuration.
// The error names what was expected and never contains the key.
func ParseAPIKey(s string) (APIKey, error) {
	role, key, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return APIKey{}, fmt.Errorf("an API key is written role:key with role read or write")
	}
	k := APIKey{Key: key, Role: Role(role)}
	return k, k.check()
}

func (k APIKey) check() error {
	if k.Role != RoleRead && k.Role != RoleWrite {
		return fmt.Errorf("API key role %q: use read or write", truncateRunes(string(k.Role), 16))
	}
	if len(k.Key) < MinAPIKeyLength {
		return fmt.Errorf("a %s API key is %d characters; use at least %d random ones", k.Role, len(k.Key), MinAPIKeyLength)
	}
	if strings.ContainsAny(k.Key, " \t\r\n") {
		return fmt.Errorf("a %s API key contains white space", k.Role)
	}
	return nil
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// keyring holds the digests of the accepted keys. Comparing digests of
// equal length in constant time, and every key each time, tells an
// attacker nothing about how close a guess was or which key it matched.
type keyring struct {
	digests [][32]byte
	roles   []Role
}

func newKeyring(keys []APIKey) *keyring {
	k := &keyring{}
	for _, key := range keys {
		k.digests = append(k.digests, sha256.Sum256([]byte(key.Key)))
		k.roles = append(k.roles, key.Role)
	}
	return k
}

// match returns the index and role of a presented key; -1 and "" when
// none matches.
func (k *keyring) match(presented string) (int, Role) {
	d := sha256.Sum256([]byte(presented))
	index, role := -1, Role("")
	for i := range k.digests {
		if subtle.ConstantTimeCompare(d[:], k.digests[i][:]) == 1 {
			index, role = i, k.roles[i]
		}
	}
	return index, role
}

// caller is who sent a request, as far as its Authorization header says.
type caller struct {
	presented bool   // an Authorization header was sent
	role      Role   // "" when none was sent or it matched no key
	id        string // whose cost budget the request spends (see callerID)
}

type callerKey struct{}

// identify reads "Authorization: Bearer <key>".
func (k *keyring) identify(r *http.Request) caller {
	h := r.Header.Get("Authorization")
	if h == "" {
		return caller{id: callerID(r, -1)}
	}
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return caller{presented: true, id: callerID(r, -1)}
	}
	index, role := k.match(strings.TrimSpace(key))
	return caller{presented: true, role: role, id: callerID(r, index)}
}

// authorizer refuses operations the caller may not run, once the
// operation is parsed and validated and before anything is resolved.
type authorizer struct {
	readsNeedKey bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = authorizer{}

func (authorizer) ExtensionName() string                   { return "Authorization" }
func (authorizer) Validate(graphql.ExecutableSchema) error { return nil }
func (a authorizer) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	c, _ := ctx.Value(callerKey{}).(caller)
	mutation := oc.Operation != nil && oc.Operation.Operation == ast.Mutation
	switch {
	case c.presented && c.role == "":
		return userError(CodeUnauthenticated, "the API key is not valid; send Authorization: Bearer <key>")
	case mutation && c.role == "":
		return userError(CodeUnauthenticated, "mutations need an API key: send Authorization: Bearer <key>")
	case mutation && c.role != RoleWrite:
		return userError(CodeForbidden, "this API key may only read; mutations need a key with the write role")
	case a.readsNeedKey && c.role == "":
		return userError(CodeUnauthenticated, "this server needs an API key for every request: send Authorization: Bearer <key>")
	}
	return nil
}
