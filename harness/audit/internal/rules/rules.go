// Package rules holds what the audit knows about HTTP clients, frameworks
// and published SalesLoft SDKs, as embedded data: which calls send a
// request and where their method and URL are, which constructors build a
// client with a base URL, which framework classes issue requests the code
// never writes, and which SDK methods send which operation.
package rules

import (
	_ "embed"
	"fmt"
	"path"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed http.yaml
var httpYAML []byte

//go:embed frameworks.yaml
var frameworksYAML []byte

//go:embed sdks.yaml
var sdksYAML []byte

// Request describes a call that sends a request.
type Request struct {
	// Name is the callee's last name, compared case-insensitively.
	Name string `yaml:"name"`
	// Recv, when set, is required in the callee's receiver chain.
	Recv string `yaml:"recv"`
	// URL and Method are argument positions (-1: not positional).
	URL    int `yaml:"url"`
	Method int `yaml:"method"`
	// Default is the method when the call does not state one.
	Default string `yaml:"default"`
}

// Client is a constructor that returns a client bound to a base URL.
type Client struct {
	Name string   `yaml:"name"`
	Recv string   `yaml:"recv"`
	Keys []string `yaml:"keys"`
	Arg  int      `yaml:"arg"`
}

// Framework is a base class whose subclasses declare a request as data.
type Framework struct {
	Name string `yaml:"name"`
	// Bases are class names; a class deriving from one is a stream.
	Bases []string `yaml:"bases"`
	// Path and Base name the attribute or method holding the path and the
	// base URL; Method names the attribute overriding the default method.
	Path    string   `yaml:"path"`
	Base    string   `yaml:"base"`
	Method  []string `yaml:"method"`
	Default string   `yaml:"default"`
}

// SDKOp maps a method of a published SalesLoft client to an operation.
type SDKOp struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
}

// SDK is one published SalesLoft client.
type SDK struct {
	Name string `yaml:"name"`
	// Imports are module names whose import marks a file as using it.
	Imports []string `yaml:"imports"`
	// Clients are the SDK's client classes (new SalesLoftClient(...)).
	Clients []string `yaml:"clients"`
	// Prefix is a module path before the resource (RSalesloft::Resources).
	Prefix []string `yaml:"prefix"`
	// Chain marks an SDK addressed by path segments (sdk.v2.people.json.get).
	Chain bool `yaml:"chain"`
	// Resources map a resource accessor (People, people) to its path.
	Resources map[string]string `yaml:"resources"`
	// Ops map an accessor method (list, fetch) to a method and a path
	// suffix appended to the resource path.
	Ops map[string]SDKOp `yaml:"ops"`
}

// Rules is the whole rule set.
type Rules struct {
	Verbs      []string    `yaml:"verbs"`
	VerbStrip  []string    `yaml:"verb_suffixes"`
	Requests   []Request   `yaml:"requests"`
	Clients    []Client    `yaml:"clients"`
	URLKeys    []string    `yaml:"url_keys"`
	MethodKeys []string    `yaml:"method_keys"`
	Hosts      []string    `yaml:"hosts"`
	Anchors    []string    `yaml:"anchors"`
	Frameworks []Framework `yaml:"frameworks"`
	SDKs       []SDK       `yaml:"sdks"`
	// RouteCalls declare server routes: a verb call on one (app.route(p).get(h)),
	// on a receiver of that name (router.get(p)), or chained into one
	// (router.get(p).handler(h)) is a route, not a request.
	RouteCalls []string `yaml:"route_calls"`
	// RouteBlocks are calls whose block declares server routes (Ktor
	// routing { }, Rails routes.draw do ... end): a verb call inside one
	// is a route, not a request.
	RouteBlocks []string `yaml:"route_blocks"`
	// BaseSetters are chained builder methods that set a client's base
	// URL; BlockBase are calls in a constructor's block that do.
	BaseSetters []string `yaml:"base_setters"`
	BlockBase   []string `yaml:"block_base"`
	// Builds end a request builder chain.
	Builds []string `yaml:"builds"`
	// MockCallees are test doubles (glob patterns, case-insensitive): a call
	// through one (nock(h).get(p), respx.get(u), mockClient.get(u)), in the
	// receiver chain of one (x.get(u).mock(...)) or in its arguments or
	// block (when(client.get(u))) is not a request.
	MockCallees []string `yaml:"mock_callees"`
	// GoTestImports are import paths (and their subpackages) that make a Go
	// file test code wherever it lives: testing, httptest, Ginkgo, Gomega.
	GoTestImports []string `yaml:"go_test_imports"`
	// Containers are constructors and factories of in-memory collections
	// (Map, dict, Hash, HashMap...): a receiver built by one, or by a map
	// or object literal, is never an HTTP client, whatever its method names.
	Containers []string `yaml:"containers"`

	verbs      map[string]bool
	containers map[string]bool
	requests   map[string][]Request
	clients    map[string][]Client
}

// Load returns the embedded rules, parsed once.
var Load = sync.OnceValues(func() (*Rules, error) {
	r := &Rules{}
	for _, src := range [][]byte{httpYAML, frameworksYAML, sdksYAML} {
		if err := yaml.Unmarshal(src, r); err != nil {
			return nil, fmt.Errorf("rules: embedded data: %w", err)
		}
	}
	r.verbs = map[string]bool{}
	for _, v := range r.Verbs {
		r.verbs[v] = true
	}
	r.containers = map[string]bool{}
	for _, c := range r.Containers {
		r.containers[c] = true
	}
	r.requests = map[string][]Request{}
	for _, q := range r.Requests {
		k := strings.ToLower(q.Name)
		r.requests[k] = append(r.requests[k], q)
	}
	r.clients = map[string][]Client{}
	for _, c := range r.Clients {
		k := strings.ToLower(c.Name)
		r.clients[k] = append(r.clients[k], c)
	}
	return r, nil
})

// Verb returns the HTTP method a callee name states (get, GetAsync,
// postForObject), or "".
func (r *Rules) Verb(name string) string {
	l := strings.ToLower(name)
	for _, s := range r.VerbStrip {
		l = strings.TrimSuffix(l, s)
	}
	if r.verbs[l] {
		if l == "del" {
			return "DELETE"
		}
		return strings.ToUpper(l)
	}
	return ""
}

// Container reports a constructor or factory of an in-memory collection
// (case-sensitive: Map, dict, HashMap).
func (r *Rules) Container(name string) bool { return r.containers[name] }

// RequestsNamed returns the request rules for a callee name.
func (r *Rules) RequestsNamed(name string) []Request {
	// Elixir's raising variants (request!, get!) send the same request.
	return r.requests[strings.TrimSuffix(strings.ToLower(name), "!")]
}

// ClientsNamed returns the client rules for a constructor name.
func (r *Rules) ClientsNamed(name string) []Client {
	return r.clients[strings.ToLower(name)]
}

// Match reports whether name matches one of the glob patterns of list
// (path.Match syntax, case-insensitively).
func Match(name string, list []string) bool {
	l := strings.ToLower(name)
	for _, pat := range list {
		if ok, _ := path.Match(strings.ToLower(pat), l); ok {
			return true
		}
	}
	return false
}

// GoTestImport reports an import path that makes a Go file test code.
func (r *Rules) GoTestImport(p string) bool {
	for _, t := range r.GoTestImports {
		if p == t || strings.HasPrefix(p, t+"/") {
			return true
		}
	}
	return false
}

// In reports whether name is one of list, case-insensitively.
func In(name string, list []string) bool {
	for _, s := range list {
		if strings.EqualFold(s, name) {
			return true
		}
	}
	return false
}
