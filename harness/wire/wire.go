// Package wire reads the parts of HTTP messages the harness inspects, the
// same way everywhere: media types, JSON bodies with exact numbers, and
// query strings or form bodies parsed leniently. The scrubber (secret) and
// replay's matching both use it, so a request is read alike by both.
package wire

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/url"
	"strings"
)

// MediaType returns the lower-case media type of a Content-Type value, ""
// for none; a value mime cannot parse gives its part before ";".
func MediaType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	return mt
}

// IsJSON reports whether a media type (see MediaType) carries JSON.
func IsJSON(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "/json")
}

// DecodeJSON decodes exactly one JSON value, keeping numbers exact
// (json.Number); trailing data is a *json.SyntaxError.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, &json.SyntaxError{Offset: dec.InputOffset()}
	}
	return v, nil
}

// ParseValues parses a query string or form body leniently: a part with a
// bad escape keeps its raw text instead of failing the whole, and empty
// parts are skipped. Each value is passed through each (when not nil) in
// the order the values are sent.
func ParseValues(raw string, each func(string) string) url.Values {
	v := url.Values{}
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, val, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(val); err == nil {
			val = dv
		}
		if each != nil {
			val = each(val)
		}
		v[k] = append(v[k], val)
	}
	return v
}
