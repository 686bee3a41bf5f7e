package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport is gqlgen's POST transport (application/json, one
// operation per request) with a bounded body, no batching, and errors that
// never echo the body back (gqlgen's own puts the whole body in the
// message of a JSON syntax error). It decodes the body once.
type postTransport struct {
	maxBody   int64
	onRefusal func(code string)
	cache     *responseCache
}

var _ graphql.Transport = postTransport{}

// Supports implements graphql.Transport.
func (postTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// Do implements graphql.Transport.
func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	w.Header().Set("Content-Type", "application/json")
	start := graphql.Now()
	var params graphql.RawParams
	if code, err := t.decode(r.Body, r.ContentLength, &params); err != nil {
		if t.onRefusal != nil {
			t.onRefusal(code)
		}
		status := http.StatusBadRequest
		if code == CodeRequestTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		writeError(w, status, userError(code, "%s", err.Error()))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		status := http.StatusOK
		switch {
		case errcode.GetErrorKind(opErr) == errcode.KindProtocol:
			status = http.StatusUnprocessableEntity
		case hasCode(opErr, CodeRateLimited):
			status = http.StatusTooManyRequests
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	key, cacheable := t.cache.key(rc)
	var generation uint64
	var leading *flight
	if cacheable {
		cached, renew, ok := t.cache.get(ctx, key)
		if ok && !renew {
			w.Write(cached)
			return
		}
		generation = t.cache.generation()
		f, lead := t.cache.join(key, generation)
		if ok && !lead {
			w.Write(cached) // being renewed by another request
			return
		}
		if lead {
			leading = f
			defer func() { // on a panic too: those waiting compute their own
				if leading != nil {
					t.cache.land(key, generation, leading)
				}
			}()
		} else {
			select {
			case <-f.done:
				if f.body != nil {
					w.Write(f.body)
					return
				}
				// It failed: this request tries on its own.
			case <-ctx.Done():
				// Past its deadline: answered below as any other.
			}
		}
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	if cacheable && resp != nil {
		body := t.cache.put(ctx, key, generation, resp)
		if leading != nil {
			leading.body = body
		}
	}
	if leading != nil {
		t.cache.land(key, generation, leading)
		leading = nil
	}
	if resp == nil {
		// gqlgen gives no response once the context is done: the request's
		// deadline passed (or the client left).
		e := userError(CodeTimeout, "the request took too long")
		e.Extensions["requestId"] = RequestID(ctx)
		resp = &graphql.Response{Errors: gqlerror.List{e}}
	}
	writeResponse(w, resp)
}

// decode reads at most maxBody bytes holding one JSON object.
func (t postTransport) decode(rc io.ReadCloser, size int64, params *graphql.RawParams) (string, error) {
	if rc == nil {
		return CodeBadRequest, errors.New("empty request body")
	}
	defer rc.Close()
	if size > t.maxBody {
		return CodeRequestTooLarge, errors.New("the request body is larger than the limit")
	}
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 512)+1))
	if _, err := buf.ReadFrom(io.LimitReader(rc, t.maxBody+1)); err != nil {
		return CodeBadRequest, errors.New("could not read the request body")
	}
	body := buf.Bytes()
	if int64(len(body)) > t.maxBody {
		return CodeRequestTooLarge, errors.New("the request body is larger than the limit")
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return CodeBadRequest, errors.New("batched requests are not supported: send one JSON object per request")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if len(trimmed) == 0 || trimmed[0] != '{' || dec.Decode(params) != nil {
		return CodeBadRequest, errors.New("the request body is not a JSON object with a query")
	}
	if _, err := dec.Token(); err != io.EOF {
		return CodeBadRequest, errors.New("the request body holds more than one JSON value")
	}
	return "", nil
}

func writeResponse(w io.Writer, resp *graphql.Response) {
	b, err := json.Marshal(resp)
	if err != nil {
		// Data is already JSON; only a bug gets here.
		b, _ = json.Marshal(graphql.Response{Errors: gqlerror.List{{Message: internalMessage,
			Extensions: map[string]any{"code": CodeInternal}}}})
	}
	w.Write(b)
}

func writeError(w http.ResponseWriter, status int, err *gqlerror.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	writeResponse(w, &graphql.Response{Errors: gqlerror.List{err}})
}

// hasCode reports whether one of errs has extensions.code code.
func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == code {
			return true
		}
	}
	return false
}
