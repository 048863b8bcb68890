package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBody bounds request bodies the simulator reads.
const maxBody = 1 << 20

// fields are request parameters merged from the query string, a form body and a JSON
// object body (later sources win). Form and query values are strings; JSON values keep
// their JSON types, with numbers as json.Number.
type fields map[string]any

// errBadBody is returned for a body that claims to be JSON but is not a JSON object.
var errBadBody = errors.New("sim: request body is not a JSON object")

// readFields reads r's query, form and JSON parameters.
func readFields(r *http.Request) (fields, error) {
	f := fields{}
	addValues(f, r.URL.Query())
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
	case mt == "application/json" || mt == "" && trimmed[0] == '{':
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		if dec.Decode(&obj) != nil || obj == nil {
			return nil, errBadBody
		}
		for k, v := range obj {
			f[k] = v
		}
	case mt == "application/x-www-form-urlencoded" || mt == "":
		vals, perr := url.ParseQuery(string(trimmed))
		if perr != nil {
			return nil, perr
		}
		addValues(f, vals)
	case mt == "multipart/form-data":
		r.Body = io.NopCloser(bytes.NewReader(raw))
		if perr := r.ParseMultipartForm(maxBody); perr != nil {
			return nil, perr
		}
		addValues(f, r.MultipartForm.Value)
	}
	return f, nil
}

// addValues copies url.Values into f; "name[]" keys become string lists under "name".
func addValues(f fields, vals url.Values) {
	for k, vs := range vals {
		if name, ok := strings.CutSuffix(k, "[]"); ok {
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			f[name] = list
			continue
		}
		if len(vs) > 0 {
			f[k] = vs[0]
		}
	}
}

// has reports whether key is present with a non-null, non-empty value.
func (f fields) has(key string) bool {
	v, ok := f[key]
	if !ok || v == nil {
		return false
	}
	if s, isStr := v.(string); isStr {
		return strings.TrimSpace(s) != ""
	}
	return true
}

// str returns key as a string; ok is false when present but not a scalar.
func (f fields) str(key string) (v string, present, ok bool) {
	switch t := f[key].(type) {
	case nil:
		return "", false, true
	case string:
		return t, true, true
	case json.Number:
		return t.String(), true, true
	case bool:
		return strconv.FormatBool(t), true, true
	default:
		return "", true, false
	}
}

// integer returns key as an int; ok is false when present but not an integer.
func (f fields) integer(key string) (v int, present, ok bool) {
	return asInt(f[key])
}

// boolean returns key as a bool; ok is false when present but not a boolean.
func (f fields) boolean(key string) (v, present, ok bool) {
	return asBool(f[key])
}

// asInt reads a JSON number, or a decimal string from a form, as an int.
func asInt(v any) (n int, present, ok bool) {
	var s string
	switch t := v.(type) {
	case nil:
		return 0, false, true
	case int:
		return t, true, true
	case json.Number:
		s = t.String()
	case string:
		if strings.TrimSpace(t) == "" {
			return 0, false, true
		}
		s = strings.TrimSpace(t)
	default:
		return 0, true, false
	}
	n, err := strconv.Atoi(s)
	return n, true, err == nil
}

// asBool reads a JSON boolean, or "true"/"false"/"1"/"0" from a form, as a bool.
func asBool(v any) (b, present, ok bool) {
	switch t := v.(type) {
	case nil:
		return false, false, true
	case bool:
		return t, true, true
	case string:
		b, err := strconv.ParseBool(t)
		return b, true, err == nil
	default:
		return false, true, false
	}
}

// stringList reads key as a list of strings: a JSON array, a "name[]" form list, or a
// comma-separated string.
func (f fields) stringList(key string) (list []string, ok bool) {
	switch t := f[key].(type) {
	case nil:
		return nil, true
	case string:
		for _, p := range strings.Split(t, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		return list, true
	case []any:
		for _, e := range t {
			s, isStr := e.(string)
			if !isStr {
				return nil, false
			}
			list = append(list, s)
		}
		return list, true
	default:
		return nil, false
	}
}
