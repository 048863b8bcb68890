// Package manifest reads declarative connector manifests (Airbyte
// low-code YAML and similar) as the framework runs them: $ref definitions
// merged with their siblings, $parameters filling fields not already set,
// a shared requester's url_base and http_method, per-stream overrides, and
// the OAuth token_refresh_endpoint.
package manifest

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// Request is one request a manifest declares.
type Request struct {
	Method, URL string
	Line        int
}

// Read returns the requests of a manifest, and spec true for an OpenAPI or
// Swagger document (a spec, never a call).
func Read(data []byte) (reqs []Request, spec bool) {
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil || len(root.Content) == 0 {
		return nil, false
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, false
	}
	if get(doc, "openapi") != nil || get(doc, "swagger") != nil {
		return nil, true
	}
	r := &reader{doc: doc}
	walkScalars(doc, func(k, v *yaml.Node) {
		if k.Value == "token_refresh_endpoint" && strings.Contains(v.Value, "://") {
			reqs = append(reqs, Request{Method: "POST", URL: v.Value, Line: v.Line})
		}
	})
	// A request written out in full: {url: https://..., http_method: POST}.
	walkMaps(doc, func(m *yaml.Node) {
		u := get(m, "url")
		if u == nil || u.Kind != yaml.ScalarNode || !strings.Contains(u.Value, "://") {
			return
		}
		method := "GET"
		for _, k := range []string{"http_method", "method"} {
			if mv := get(m, k); mv != nil && mv.Kind == yaml.ScalarNode {
				method = strings.ToUpper(mv.Value)
			}
		}
		reqs = append(reqs, Request{Method: method, URL: u.Value, Line: u.Line})
	})
	streams := get(doc, "streams")
	if streams == nil || streams.Kind != yaml.SequenceNode {
		return reqs, false
	}
	for _, s := range streams.Content {
		n := r.resolve(s, 0)
		if n == nil {
			continue
		}
		if req, ok := r.stream(n); ok {
			reqs = append(reqs, req)
		}
	}
	return reqs, false
}

type reader struct{ doc *yaml.Node }

func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func walkScalars(n *yaml.Node, fn func(k, v *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i+1].Kind == yaml.ScalarNode {
				fn(n.Content[i], n.Content[i+1])
			}
		}
	}
	for _, c := range n.Content {
		walkScalars(c, fn)
	}
}

// pointer follows "#/definitions/x".
func (r *reader) pointer(ref string) *yaml.Node {
	ref = strings.TrimPrefix(ref, "#/")
	n := r.doc
	for _, seg := range strings.Split(ref, "/") {
		n = get(n, seg)
		if n == nil {
			return nil
		}
	}
	return n
}

// resolve returns n with its $ref merged in: n's own keys win.
func (r *reader) resolve(n *yaml.Node, depth int) *yaml.Node {
	if n == nil || depth > 16 {
		return n
	}
	if n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, "#/") {
		return r.resolve(r.pointer(n.Value), depth+1)
	}
	if n.Kind != yaml.MappingNode {
		return n
	}
	ref := get(n, "$ref")
	if ref == nil {
		return n
	}
	base := r.resolve(r.pointer(ref.Value), depth+1)
	out := &yaml.Node{Kind: yaml.MappingNode, Line: n.Line}
	own := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "$ref" {
			own[n.Content[i].Value] = true
			out.Content = append(out.Content, n.Content[i], n.Content[i+1])
		}
	}
	if base != nil && base.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(base.Content); i += 2 {
			k := base.Content[i].Value
			if own[k] {
				// Both define it: merge mappings, the override's keys win.
				for j := 0; j+1 < len(out.Content); j += 2 {
					if out.Content[j].Value == k && out.Content[j+1].Kind == yaml.MappingNode && base.Content[i+1].Kind == yaml.MappingNode {
						out.Content[j+1] = mergeMaps(out.Content[j+1], base.Content[i+1])
					}
				}
				continue
			}
			out.Content = append(out.Content, base.Content[i], base.Content[i+1])
		}
	}
	return out
}

func mergeMaps(over, base *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Line: over.Line, Content: append([]*yaml.Node{}, over.Content...)}
	for i := 0; i+1 < len(base.Content); i += 2 {
		if get(over, base.Content[i].Value) == nil {
			out.Content = append(out.Content, base.Content[i], base.Content[i+1])
		}
	}
	return out
}

// stream computes the request of one resolved stream definition.
func (r *reader) stream(s *yaml.Node) (Request, bool) {
	params := get(s, "$parameters")
	retr := r.resolve(get(s, "retriever"), 0)
	req := r.resolve(get(retr, "requester"), 0)
	if req == nil {
		return Request{}, false
	}
	// $parameters fill the requester's fields that are not set.
	field := func(k string) *yaml.Node {
		if v := get(req, k); v != nil {
			return v
		}
		for _, m := range []*yaml.Node{get(req, "$parameters"), get(retr, "$parameters"), params} {
			if v := get(m, k); v != nil {
				return v
			}
		}
		return nil
	}
	base, path := field("url_base"), field("path")
	if base == nil || path == nil {
		return Request{}, false
	}
	method := "GET"
	if m := field("http_method"); m != nil {
		method = strings.ToUpper(m.Value)
	}
	u := strings.TrimSuffix(base.Value, "/") + "/" + strings.TrimPrefix(path.Value, "/")
	return Request{Method: method, URL: u, Line: path.Line}, true
}

func walkMaps(n *yaml.Node, fn func(m *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		fn(n)
	}
	for _, c := range n.Content {
		walkMaps(c, fn)
	}
}
