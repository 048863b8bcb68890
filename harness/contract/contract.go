package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/loftgate/loftgate/contracts"
)

// embeddedSource names the embedded contract in errors.
const embeddedSource = "contracts/salesloft-v2.yaml"

// Host values of Operation.Host.
const (
	// HostAccounts is the accounts host (https://accounts.salesloft.com): the /oauth operations.
	HostAccounts = "accounts"
	// HostAPI is the API host (https://api.salesloft.com): everything under /v2.
	HostAPI = "api"
)

// Depths of Operation.Depth: how much of an operation the contract describes.
const (
	// DepthFull: parameters, request body and the response record field by field; the
	// simulator serves the operation.
	DepthFull = "full"
	// DepthEnvelope: parameters, the {data} / {data, metadata} envelope with paging, error
	// bodies and rate headers, but not the record's fields (x-depth: envelope). The operation
	// exists and traffic to it is checked, but no simulator route or spec covers it.
	DepthEnvelope = "envelope"
)

// Operation is one method and path of the contract, with the facts loftgate checks about it.
type Operation struct {
	// Key identifies the operation as "METHOD PATH", e.g. "GET /v2/people/{id}".
	Key string
	// ID is the document's operationId, e.g. "getPerson"; it may be empty in user documents.
	ID string
	// Method is the upper-case HTTP method.
	Method string
	// Path is the path template without `.json`, e.g. "/v2/people/{id}".
	Path string
	// Host is HostAccounts for /oauth operations and HostAPI for the rest.
	Host string
	// Scope is the OAuth scope the operation needs (x-scope); "" means any valid token.
	Scope string
	// Summary is the operation's one-line summary.
	Summary string
	// Cost is the endpoint cost for pages 1-100 (x-cost). It is 1 when the document does not say,
	// SalesLoft's default (API-FACTS §6), and 0 for accounts-host operations, which are outside
	// the rate budget.
	Cost int
	// Depth is DepthFull, or DepthEnvelope for an operation marked `x-depth: envelope`.
	Depth string
}

// Contract is a loaded, validated OpenAPI contract with its router and validators built. It is
// safe for concurrent use.
type Contract struct {
	doc     *openapi3.T
	version string
	ops     []Operation         // sorted by Path, then Method
	byKey   map[string]*route   // "METHOD /path/{x}" -> route
	routes  map[string][]*route // method -> routes, most literal segments first
	headers map[*openapi3.Response][]headerRule
	options *openapi3filter.Options
}

// route ties an operation to its normalised template and the kin-openapi route validators need.
type route struct {
	op     Operation
	segs   []string // template segments; a parameter segment is "" and named in params
	params []string // parameter name at each segment, "" for literal segments
	kin    *routers.Route
}

// Load returns the embedded contract (contracts/salesloft-v2.yaml), validated with kin-openapi
// including its examples. The document is parsed once per process (about 160 ms on a 2-core machine, BenchmarkParseContract) and every call
// returns the same Contract, which is never modified after it is built.
func Load() (*Contract, error) {
	return loadEmbedded()
}

// loadEmbedded parses the embedded contract on first use.
var loadEmbedded = sync.OnceValues(func() (*Contract, error) {
	return parse(contracts.OpenAPI, embeddedSource, true)
})

// Parse loads a user-supplied OpenAPI 3 document (JSON or YAML) such as SalesLoft's own
// v2_api_def.json. Paths may be written with or without `.json`. The document's structure is
// validated; its examples are not, because public descriptions of SalesLoft carry invalid ones
// (API-FACTS §10) and examples do not take part in checking traffic. Errors are *ParseError naming
// source and, when the parser knows it, the line.
func Parse(data []byte, source string) (*Contract, error) {
	return parse(data, source, false)
}

// parse loads, validates and indexes an OpenAPI document.
func parse(data []byte, source string, examples bool) (*Contract, error) {
	if err := syntaxError(data, source); err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, &ParseError{Source: source, Reason: "not a usable OpenAPI 3 document: " + err.Error(),
			Hint: "check that the file is an OpenAPI 3.0 document in JSON or YAML", Err: err}
	}
	var opts []openapi3.ValidationOption
	if !examples {
		opts = append(opts, openapi3.DisableExamplesValidation())
	}
	if err := doc.Validate(context.Background(), opts...); err != nil {
		return nil, &ParseError{Source: source, Reason: "invalid OpenAPI document: " + err.Error(),
			Hint: "fix the document where the message points", Err: err}
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, &ParseError{Source: source, Reason: "the document has no paths",
			Hint: "describe at least one operation under `paths`"}
	}
	c := &Contract{
		doc:     doc,
		version: doc.Info.Version,
		byKey:   map[string]*route{},
		routes:  map[string][]*route{},
		options: newFilterOptions(),
	}
	if err := c.index(source); err != nil {
		return nil, err
	}
	c.headers = detachHeaders(doc)
	return c, nil
}

// index builds the operation list and the router.
func (c *Contract) index(source string) error {
	for _, path := range c.doc.Paths.InMatchingOrder() {
		item := c.doc.Paths.Value(path)
		segs := splitPath(path)
		params := make([]string, len(segs))
		tmpl := make([]string, len(segs))
		for i, s := range segs {
			if name, ok := templateParam(s); ok {
				params[i] = name
				continue
			}
			tmpl[i] = s
		}
		clean := joinPath(segs)
		for method, op := range item.Operations() {
			method = strings.ToUpper(method)
			key := method + " " + clean
			if prev, dup := c.byKey[key]; dup {
				return &ParseError{Source: source,
					Reason: fmt.Sprintf("paths %q and %q both define %s", prev.kin.Path, path, key),
					Hint:   "keep one of them (loftgate treats /x and /x.json as the same path)"}
			}
			o, err := newOperation(key, method, clean, op, source)
			if err != nil {
				return err
			}
			r := &route{op: o, segs: tmpl, params: params, kin: &routers.Route{
				Spec: c.doc, Path: path, PathItem: item, Method: method, Operation: op,
			}}
			c.byKey[key] = r
			c.routes[method] = append(c.routes[method], r)
			c.ops = append(c.ops, o)
		}
	}
	for _, rs := range c.routes {
		slices.SortFunc(rs, func(a, b *route) int {
			if n := literalCount(b) - literalCount(a); n != 0 {
				return n
			}
			return strings.Compare(a.op.Path, b.op.Path)
		})
	}
	slices.SortFunc(c.ops, func(a, b Operation) int {
		if n := strings.Compare(a.Path, b.Path); n != 0 {
			return n
		}
		return strings.Compare(a.Method, b.Method)
	})
	return nil
}

// literalCount is the number of literal segments of a route; more literal routes match first, so
// /v2/meetings/settings/searches wins over /v2/meetings/settings/{id}.
func literalCount(r *route) int {
	n := 0
	for _, p := range r.params {
		if p == "" {
			n++
		}
	}
	return n
}

// newOperation reads an operation's facts, including the x-cost and x-scope extensions.
func newOperation(key, method, path string, op *openapi3.Operation, source string) (Operation, error) {
	o := Operation{Key: key, ID: op.OperationID, Method: method, Path: path, Host: HostAPI,
		Summary: op.Summary, Cost: 1, Depth: DepthFull}
	if strings.HasPrefix(path, "/oauth/") {
		o.Host = HostAccounts
		o.Cost = 0
	}
	if v, ok := op.Extensions["x-cost"]; ok {
		cost, ok := intValue(v)
		if !ok || cost < 0 {
			return o, &ParseError{Source: source, Reason: fmt.Sprintf("%s: x-cost must be a whole number of at least 0", key),
				Hint: "write the endpoint cost as an integer, e.g. `x-cost: 1`"}
		}
		o.Cost = cost
	}
	if v, ok := op.Extensions["x-scope"]; ok {
		scope, ok := v.(string)
		if !ok {
			return o, &ParseError{Source: source, Reason: fmt.Sprintf("%s: x-scope must be a string", key),
				Hint: "write the scope as text, e.g. `x-scope: people:read`, or \"\" for none"}
		}
		o.Scope = scope
	}
	if v, ok := op.Extensions["x-depth"]; ok {
		depth, _ := v.(string)
		if depth != DepthFull && depth != DepthEnvelope {
			return o, &ParseError{Source: source, Reason: fmt.Sprintf("%s: x-depth must be %q or %q", key, DepthFull, DepthEnvelope),
				Hint: "write `x-depth: envelope` on an operation described only to its envelope, or leave it out"}
		}
		o.Depth = depth
	}
	return o, nil
}

// intValue converts a decoded extension value to an int.
func intValue(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		if n != float64(int(n)) {
			return 0, false
		}
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

// Version returns the contract's info.version, e.g. "2026.12.0".
func (c *Contract) Version() string { return c.version }

// Operations returns every operation, sorted by Path and then Method.
func (c *Contract) Operations() []Operation { return slices.Clone(c.ops) }

// Operation returns the operation with the given key, e.g. "GET /v2/people/{id}". The method is
// matched case-insensitively and a `.json` suffix on the path is ignored.
func (c *Contract) Operation(key string) (Operation, bool) {
	method, path, ok := strings.Cut(strings.TrimSpace(key), " ")
	if !ok {
		return Operation{}, false
	}
	r, ok := c.byKey[strings.ToUpper(method)+" "+joinPath(splitPath(path))]
	if !ok {
		return Operation{}, false
	}
	return r.op, true
}

// Match routes a request to its operation and returns the path parameters. path may be a bare
// path, a path with a query, or a full URL; `.json` is stripped and any base path before /v2 or
// /oauth is ignored, so "/v2/people/7.json?x=1" matches "GET /v2/people/{id}" with {"id": "7"}.
func (c *Contract) Match(method, path string) (Operation, map[string]string, bool) {
	r, params := c.match(method, splitPath(path))
	if r == nil {
		return Operation{}, nil, false
	}
	return r.op, params, true
}

// railsAliases are the methods SalesLoft's Rails router answers with another method's route when
// the contract defines none of their own: HEAD runs the GET action and PATCH the PUT (update)
// action, so a client using them reaches a documented operation.
var railsAliases = map[string]string{http.MethodHead: http.MethodGet, http.MethodPatch: http.MethodPut}

// match finds the route for a method and normalised path segments.
func (c *Contract) match(method string, segs []string) (*route, map[string]string) {
	method = strings.ToUpper(method)
	r, params := c.matchMethod(method, segs)
	if alias, ok := railsAliases[method]; ok && r == nil {
		r, params = c.matchMethod(alias, segs)
	}
	return r, params
}

// matchMethod finds the route of exactly method for normalised path segments.
func (c *Contract) matchMethod(method string, segs []string) (*route, map[string]string) {
	for _, r := range c.routes[method] {
		if len(r.segs) != len(segs) || !r.matches(segs) {
			continue
		}
		params := make(map[string]string, 1)
		for i, name := range r.params {
			if name != "" {
				params[name] = segs[i]
			}
		}
		return r, params
	}
	return nil, nil
}

// matches reports whether the literal segments of the route equal those of segs.
func (r *route) matches(segs []string) bool {
	for i, s := range segs {
		if r.params[i] == "" && r.segs[i] != s {
			return false
		}
		if r.params[i] != "" && s == "" {
			return false
		}
	}
	return true
}

// methodsFor lists the methods the contract defines for a path, for messages about a method the
// path does not allow.
func (c *Contract) methodsFor(segs []string) []string {
	var methods []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if r, _ := c.matchMethod(m, segs); r != nil {
			methods = append(methods, m)
		}
	}
	return methods
}
