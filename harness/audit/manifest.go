package audit

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// extractManifest reads a declarative connector manifest (YAML or JSON:
// Airbyte low-code, Singer/Meltano, Zapier-like) and records the SalesLoft
// requests it declares: a base (url_base, base_url, ...) on a SalesLoft
// host combined with paths, or full SalesLoft URLs, each with the method
// the manifest states next to it (http_method, method), else GET for a
// requester that reads records, else UNKNOWN. OpenAPI and Swagger
// documents are spec files, not calls; it reports them with specFile.
func extractManifest(fm *fileModel, data []byte) (specFile bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for docs := 0; docs < 32; docs++ {
		var root yaml.Node
		if err := dec.Decode(&root); err != nil {
			return specFile
		}
		if len(root.Content) == 0 {
			continue
		}
		doc := root.Content[0]
		if doc.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(doc.Content); i += 2 {
				switch doc.Content[i].Value {
				case "openapi", "swagger", "asyncapi":
					return true
				}
			}
		}
		m := &manifestWalker{fm: fm}
		m.globalBase = m.findBase(doc, 0)
		m.walk(doc, nil, "", 0)
	}
	return specFile
}

type manifestWalker struct {
	fm         *fileModel
	globalBase string
	n          int
}

var manifestBaseKeys = map[string]bool{"url_base": true, "base_url": true, "baseurl": true, "base_uri": true, "api_url": true, "host": true, "server": true, "base": true, "api_base": true}
var manifestPathKeys = map[string]bool{"path": true, "endpoint": true, "url_path": true, "resource_path": true}
var manifestURLKeys = map[string]bool{"url": true, "uri": true, "href": true, "request_url": true}
var manifestMethodKeys = map[string]bool{"http_method": true, "method": true, "verb": true, "request_method": true}

// findBase returns the first SalesLoft base in the document.
func (m *manifestWalker) findBase(n *yaml.Node, depth int) string {
	if depth > 40 {
		return ""
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if manifestBaseKeys[strings.ToLower(k.Value)] && v.Kind == yaml.ScalarNode && strings.Contains(strings.ToLower(v.Value), "salesloft.com") {
				return v.Value
			}
		}
	}
	for _, c := range n.Content {
		if b := m.findBase(c, depth+1); b != "" {
			return b
		}
	}
	return ""
}

// walk visits mappings; base and method are inherited from ancestors.
func (m *manifestWalker) walk(n *yaml.Node, parentMethod *yaml.Node, base string, depth int) {
	if depth > 40 || m.n > 10000 {
		return
	}
	m.n++
	switch n.Kind {
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			m.walk(c, parentMethod, base, depth+1)
		}
		return
	case yaml.MappingNode:
	default:
		return
	}
	method := parentMethod
	reader := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := strings.ToLower(n.Content[i].Value), n.Content[i+1]
		if manifestMethodKeys[k] && v.Kind == yaml.ScalarNode && verbOf(v.Value) != "" {
			method = v
		}
		if manifestBaseKeys[k] && v.Kind == yaml.ScalarNode && strings.Contains(strings.ToLower(v.Value), "salesloft.com") {
			base = v.Value
		}
		if k == "requester" || k == "retriever" || k == "record_selector" || k == "stream" || k == "streams" {
			reader = true
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := strings.ToLower(n.Content[i].Value), n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			m.walk(v, method, base, depth+1)
			continue
		}
		val := v.Value
		if strings.Contains(val, "{{") && !strings.Contains(val, "salesloft") {
			continue
		}
		var url string
		switch {
		case manifestURLKeys[key] && strings.Contains(strings.ToLower(val), "api.salesloft.com"):
			url = val
		case manifestPathKeys[key] && (base != "" || m.globalBase != ""):
			b := base
			if b == "" {
				b = m.globalBase
			}
			url = strings.TrimSuffix(b, "/") + "/" + strings.TrimPrefix(val, "/")
		default:
			continue
		}
		verb := MethodUnknown
		switch {
		case method != nil:
			verb = verbOf(method.Value)
		case reader || base != "" || m.globalBase != "":
			verb = "GET"
		}
		m.fm.direct = append(m.fm.direct, rawUsage{method: verb, url: url, line: v.Line, via: "manifest"})
	}
}
