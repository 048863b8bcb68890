package replay

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/loftgate/loftgate/harness/secret"
	"github.com/loftgate/loftgate/harness/wire"
)

// keptResponseHeaders are the response headers stored (lower case), besides
// every x-ratelimit-* and x-salesloft-* header. Set-Cookie never is.
var keptResponseHeaders = map[string]bool{
	"content-type": true, "location": true, "retry-after": true, "date": true,
	"www-authenticate": true, "link": true,
}

// keepResponseHeader reports whether a response header is stored.
func keepResponseHeader(name string) bool {
	n := strings.ToLower(name)
	return keptResponseHeaders[n] || strings.HasPrefix(n, "x-ratelimit-") || strings.HasPrefix(n, "x-salesloft-")
}

// discover feeds everything secret-looking in an exchange to d.
func (ex *exchange) discover(d *secret.Discoverer) {
	d.Exchange(secret.Exchange{
		Path: ex.path, RawQuery: ex.rawQuery,
		RequestHeader: ex.reqHeader, ResponseHeader: ex.respHeader,
		RequestBody: ex.reqBody, ResponseBody: ex.respBody,
	})
}

// scrubber turns captured exchanges into scrubbed interactions.
type scrubber struct {
	repl   *strings.Replacer
	tokens map[string]string // callback tokens -> placeholders, for re-signing
}

// newScrubber builds a scrubber of every secret known to sec.
func newScrubber(sec *secret.Set) *scrubber {
	return &scrubber{repl: sec.Replacer(), tokens: sec.CallbackTokens()}
}

// str scrubs a decoded string value: loopback origins, then secrets.
func (sc *scrubber) str(s string) string {
	return sc.repl.Replace(normaliseLoopback(s, nil))
}

// interaction builds the scrubbed interaction of a captured exchange.
func (sc *scrubber) interaction(ex *exchange) Interaction {
	var in Interaction
	in.Request.Method = strings.ToUpper(ex.method)
	in.Request.Path = sc.str(ex.path)
	if ex.rawQuery != "" {
		q := parseValues(ex.rawQuery, nil)
		for _, vs := range q {
			for i, v := range vs {
				vs[i] = sc.str(v)
			}
		}
		in.Request.Query = canonicalValues(q)
	}
	ct := ex.reqHeader.Get("Content-Type")
	if ct != "" {
		in.Request.Header = map[string]string{"content-type": ct}
	}
	in.Request.Body = sc.requestBody(ct, ex.reqBody)

	if ex.failure != "" {
		in.Response.Error = ex.failure
		return in
	}
	in.Response.Status = ex.status
	h := map[string]string{}
	for k, vs := range ex.respHeader {
		if keepResponseHeader(k) {
			h[strings.ToLower(k)] = sc.str(strings.Join(vs, ", "))
		}
	}
	if len(h) > 0 {
		in.Response.Header = h
	}
	in.Response.Body, in.Response.Layout = sc.responseBody(h["content-type"], ex.respBody)
	return in
}

// requestBody stores a request body for reading: JSON pretty-printed with
// sorted keys, form bodies with sorted keys, anything else as text. Matching
// is semantic, so nothing is lost.
func (sc *scrubber) requestBody(ct string, body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	mt := wire.MediaType(ct)
	switch {
	case mt == "application/x-www-form-urlencoded":
		v := parseValues(string(body), nil)
		for _, vs := range v {
			for i, s := range vs {
				vs[i] = sc.str(s)
			}
		}
		return canonicalValues(v)
	case wire.IsJSON(mt) || mt == "":
		if v, err := wire.DecodeJSON(body); err == nil {
			return marshalJSON(walkStrings(v, sc.str), true)
		}
	}
	return sc.str(string(body))
}

// responseBody scrubs a response body in place (so the bytes served on
// replay are the bytes recorded, less the secrets), re-signs webhook
// deliveries, and stores compact JSON indented (see LayoutCompact).
func (sc *scrubber) responseBody(ct string, body []byte) (string, string) {
	if len(body) == 0 {
		return "", LayoutVerbatim
	}
	orig := string(body)
	s := sc.repl.Replace(normaliseLoopback(orig, nil))
	if !wire.IsJSON(wire.MediaType(ct)) && !json.Valid(body) {
		return s, LayoutVerbatim
	}
	s = resign(orig, s, sc.tokens)
	return layout(s)
}

// layout returns how a JSON body is stored: indented with LayoutCompact when
// it was compact (and so can be restored exactly), verbatim otherwise.
func layout(s string) (string, string) {
	trimmed, mode := s, LayoutCompact
	if strings.HasSuffix(s, "\n") {
		trimmed, mode = strings.TrimSuffix(s, "\n"), LayoutCompactNewline
	}
	var c bytes.Buffer
	if err := json.Compact(&c, []byte(trimmed)); err != nil || c.String() != trimmed {
		return s, LayoutVerbatim
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, []byte(trimmed), "", "  "); err != nil {
		return s, LayoutVerbatim
	}
	return ind.String(), mode
}
