package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// reply is a response built while the lock is held and written after it is released.
type reply struct {
	// status is the HTTP status code.
	status int
	// body is encoded as JSON unless html is set; nil writes no body.
	body any
	// raw is body already encoded (see encoded); it wins over body.
	raw []byte
	// html, when set, is sent as a text/html page instead of body.
	html string
	// header holds extra response headers.
	header http.Header
	// records marks a success body whose records drop_field may edit.
	records bool
}

// Messages of the JSON error bodies; API-FACTS §5 fixes the first three.
const (
	msgNoBearer        = "No Bearer Token attached to request, please see documentation at developers.salesloft.com"
	msgMissingScope    = "The access token does not have the required scopes: "
	msgRateLimited     = "Rate limit exceeded"
	msgInvalidToken    = "The access token is invalid"
	msgExpiredToken    = "The access token expired"
	msgAPIKeysDisabled = "API keys are disabled for this team; use OAuth 2.0"
	msgNotFound        = "Not Found"
	msgServerError     = "Internal Server Error"
	msgBadGateway      = "Bad Gateway"
)

// data wraps one record: {"data": {...}}.
func data(record any) reply {
	return reply{status: http.StatusOK, body: map[string]any{"data": record}, records: true}
}

// errorReply is the {"error": msg} body SalesLoft sends for 401, 403, 404, 429 and 5xx.
func errorReply(status int, msg string) reply {
	return reply{status: status, body: map[string]any{"error": msg}}
}

// fieldErrors collects 422 messages by field.
type fieldErrors map[string][]string

// add records msg against field.
func (e fieldErrors) add(field, msg string) { e[field] = append(e[field], msg) }

// reply is the 422 {"errors": {field: [msg, ...]}} body, or nil when e is empty.
func (e fieldErrors) reply() *reply {
	if len(e) == 0 {
		return nil
	}
	return &reply{status: http.StatusUnprocessableEntity, body: map[string]any{"errors": map[string][]string(e)}}
}

// noContent is the 204 answer to a DELETE.
func noContent() reply { return reply{status: http.StatusNoContent} }

// encodeJSON renders v without HTML escaping (so "<" stays "<" as Rails sends it) and
// without a trailing newline. Map keys come out sorted, which keeps bodies deterministic.
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Bodies are built from maps, slices and scalars only; this cannot happen, but an
		// answer is still owed.
		return []byte(`{"error":"sim: cannot encode response"}`)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// encoded returns rep with its body encoded now, so a reply built from state under the
// lock can be written after the lock is released without racing later changes.
func (rep reply) encoded() reply {
	if rep.body != nil && rep.html == "" {
		rep.raw, rep.body = encodeJSON(rep.body), nil
	}
	return rep
}

// write sends rep with the simulated clock in the Date header.
func (s *Server) write(w http.ResponseWriter, rep reply) {
	h := w.Header()
	for k, vs := range rep.header {
		h[k] = vs
	}
	h.Set("Date", s.Now().Format(http.TimeFormat))
	var body []byte
	switch {
	case rep.html != "":
		h.Set("Content-Type", "text/html; charset=utf-8")
		body = []byte(rep.html)
	case rep.raw != nil:
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = rep.raw
	case rep.body != nil:
		h.Set("Content-Type", "application/json; charset=utf-8")
		body = encodeJSON(rep.body)
	}
	if body != nil {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(rep.status)
	if body != nil {
		// The client may have gone away; there is no one left to tell.
		if _, err := w.Write(body); err != nil {
			return
		}
	}
}

// dropFields removes the named top-level fields from every record of a success body
// (the drop_field fault). It handles {"data": record}, {"data": [records]}, and the bare
// record or array of the "bare" webhook envelope.
func dropFields(body any, fields []string) {
	var strip func(v any)
	strip = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, f := range fields {
				delete(t, f)
			}
		case []any:
			for _, e := range t {
				strip(e)
			}
		}
	}
	if m, ok := body.(map[string]any); ok {
		if d, ok := m["data"]; ok {
			strip(d)
			return
		}
	}
	strip(body)
}
