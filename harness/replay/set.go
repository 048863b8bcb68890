package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/loftgate/loftgate/harness/wire"
)

// Set is a loaded, checked set of fixture files with every interaction's
// matching key and served bytes computed once, so that replay does no
// parsing per request beyond the request itself.
type Set struct {
	files   []*File
	names   []string
	entries []*entry
	bySpec  map[string][]*entry
}

// entry is one compiled interaction.
type entry struct {
	spec   string
	file   string // the fixture file it came from, for messages
	index  int    // position in its file, 0-based
	in     *Interaction
	method string
	path   string // normalised
	query  string // canonical
	body   string // body key
	key    string
	// qvals and bval are the decoded query and body (JSON value or form
	// values), kept for explaining a miss.
	qvals url.Values
	bval  any
	// mask holds the places the recording scrubbed, nil when none;
	// maskedKey is key with those places masked.
	mask      *mask
	maskedKey string
	// client numbers the credential the request carried (Request.Client).
	client int
	status int
	header http.Header
	served []byte
	// echoes is true when the served bytes contain LoopbackOrigin, so that
	// the caller's own loopback URLs may be put back.
	echoes bool
}

// Files returns the fixture files of the set, in the order loaded.
func (s *Set) Files() []*File { return s.files }

// Len returns the number of interactions in the set.
func (s *Set) Len() int { return len(s.entries) }

// Specs returns the spec names of the set, in file order.
func (s *Set) Specs() []string {
	out := make([]string, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, f.Metadata.Spec)
	}
	return out
}

// NewSet checks and compiles fixture files held in memory (for example the
// files a Recorder just built). Errors are *LoadError values naming the
// file's path under a fixtures directory (FilePath) without line numbers.
func NewSet(files []*File) (*Set, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = FilePath(f.Metadata.Spec)
	}
	return compileSet(files, names, nil)
}

// compileSet validates files and builds the matching index. pos, when not
// nil, gives the lines to report for each file.
func compileSet(files []*File, names []string, pos []*positions) (*Set, error) {
	s := &Set{files: files, names: names, bySpec: map[string][]*entry{}}
	var errs []error
	specFile := map[string]string{}
	for i, f := range files {
		var ps *positions
		if pos != nil {
			ps = pos[i]
		}
		if f.Version != Version {
			errs = append(errs, &LoadError{File: names[i], Line: lineOf(ps, func(p *positions) int { return p.version }), Msg: fmt.Sprintf("unknown version %q (this loftgate reads %q); %s", f.Version, Version, reRecord)})
			continue
		}
		spec := f.Metadata.Spec
		if spec == "" {
			errs = append(errs, &LoadError{File: names[i], Line: lineOf(ps, func(p *positions) int { return p.spec }), Msg: "missing metadata.spec (the full name of the spec that made the file); " + reRecord})
			continue
		}
		if other, dup := specFile[spec]; dup {
			errs = append(errs, &LoadError{File: names[i], Line: lineOf(ps, func(p *positions) int { return p.spec }), Msg: fmt.Sprintf("spec %q is also recorded in %s; delete one of the files", spec, other)})
			continue
		}
		specFile[spec] = names[i]
		for j := range f.Interactions {
			var ip *ipos
			if ps != nil && j < len(ps.interactions) {
				ip = &ps.interactions[j]
			}
			e, err := compileEntry(names[i], spec, j, &f.Interactions[j], ip)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			s.entries = append(s.entries, e)
			s.bySpec[spec] = append(s.bySpec[spec], e)
		}
	}
	if err := joinErrs(errs); err != nil {
		return nil, err
	}
	return s, nil
}

// lineOf returns a line from positions, or 0 without them.
func lineOf(ps *positions, f func(*positions) int) int {
	if ps == nil {
		return 0
	}
	return f(ps)
}

// compileEntry checks one interaction and computes its key and served bytes.
func compileEntry(file, spec string, idx int, in *Interaction, ip *ipos) (*entry, error) {
	line := func(f func(*ipos) int) int {
		if ip == nil {
			return 0
		}
		return f(ip)
	}
	n := idx + 1
	rq, rs := &in.Request, &in.Response
	if rq.Method == "" {
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.method }), Msg: fmt.Sprintf("interaction %d: missing request.method; %s", n, reRecord)}
	}
	if rq.Path == "" || !strings.HasPrefix(rq.Path, "/") {
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.path }), Msg: fmt.Sprintf("interaction %d: request.path %q must start with \"/\"; %s", n, rq.Path, reRecord)}
	}
	if rq.Client < 0 {
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.request }), Msg: fmt.Sprintf("interaction %d: request.client %d must be 0 or more; %s", n, rq.Client, reRecord)}
	}
	switch rs.Error {
	case "":
		if rs.Status < 100 || rs.Status > 599 {
			return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.status }), Msg: fmt.Sprintf("interaction %d: missing or invalid response.status %d (want 100-599); %s", n, rs.Status, reRecord)}
		}
	case ErrorReset, ErrorTimeout:
	default:
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.status }), Msg: fmt.Sprintf("interaction %d: unknown response.error %q (want %q or %q)", n, rs.Error, ErrorReset, ErrorTimeout)}
	}
	reqCT := headerValue(rq.Header, "content-type")
	if wire.IsJSON(wire.MediaType(reqCT)) && strings.TrimSpace(rq.Body) != "" {
		if _, err := wire.DecodeJSON([]byte(rq.Body)); err != nil {
			return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return jsonErrorLine(p.reqBody, p.reqBlock, rq.Body, err) }), Msg: fmt.Sprintf("interaction %d: request.body is not valid JSON (%v) though content-type is %s; fix the body or %s", n, err, reqCT, reRecord)}
		}
	}
	if rs.Layout != LayoutVerbatim && rs.Layout != LayoutCompact && rs.Layout != LayoutCompactNewline {
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return p.layout }), Msg: fmt.Sprintf("interaction %d: unknown response.layout %q (want %q, %q or none)", n, rs.Layout, LayoutCompact, LayoutCompactNewline)}
	}
	served, err := servedBody(rs)
	if err != nil {
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return jsonErrorLine(p.respBody, p.respBlock, rs.Body, err) }), Msg: fmt.Sprintf("interaction %d: response.body is not valid JSON (%v); fix the body or %s", n, err, reRecord)}
	}
	respCT := headerValue(rs.Header, "content-type")
	if wire.IsJSON(wire.MediaType(respCT)) && len(bytes.TrimSpace(served)) > 0 && !json.Valid(served) {
		_, jerr := wire.DecodeJSON(served)
		return nil, &LoadError{File: file, Line: line(func(p *ipos) int { return jsonErrorLine(p.respBody, p.respBlock, rs.Body, jerr) }), Msg: fmt.Sprintf("interaction %d: response.body is not valid JSON (%v) though content-type is %s; fix the body or %s", n, jerr, respCT, reRecord)}
	}
	e := &entry{
		spec: spec, file: file, index: idx, in: in,
		method: strings.ToUpper(rq.Method),
		path:   normalisePath(rq.Path),
		query:  canonicalQuery(rq.Query, nil),
		status: rs.Status,
		served: served,
		echoes: bytes.Contains(served, []byte(LoopbackOrigin)) || strings.Contains(headerValue(rs.Header, "location"), LoopbackOrigin),
	}
	e.body, e.bval = bodyKey(reqCT, []byte(rq.Body), nil)
	e.key = matchKey(e.method, e.path, e.query, e.body)
	e.qvals = parseValues(e.query, nil)
	e.client = rq.Client
	if e.mask = recordedMask(e.qvals, e.body, e.bval); e.mask != nil {
		e.maskedKey = e.mask.apply(e.asRequest(), false)
	}
	e.header = make(http.Header, len(rs.Header))
	for k, v := range rs.Header {
		e.header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	return e, nil
}

// servedBody returns the bytes replay serves for a recorded response.
func servedBody(rs *Response) ([]byte, error) {
	switch rs.Layout {
	case LayoutVerbatim:
		return []byte(rs.Body), nil
	case LayoutCompact, LayoutCompactNewline:
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(rs.Body)); err != nil {
			return nil, err
		}
		if rs.Layout == LayoutCompactNewline {
			b.WriteByte('\n')
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("unknown layout %q (want %q, %q or none)", rs.Layout, LayoutCompact, LayoutCompactNewline)
}

// headerValue looks a header up case-insensitively in a stored header map.
func headerValue(h map[string]string, name string) string {
	if v, ok := h[name]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// matchKey joins the parts a request is matched on.
func matchKey(method, path, query, body string) string {
	return method + " " + path + "?" + query + "\n" + body
}

// asRequest returns the recorded request in the form live requests are
// parsed into.
func (e *entry) asRequest() *request {
	return &request{method: e.method, path: e.path, query: e.query, queryVals: e.qvals, bkey: e.body, bval: e.bval, ct: headerValue(e.in.Request.Header, "content-type")}
}
