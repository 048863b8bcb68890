package audit

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/loftgate/loftgate/harness/contract"
)

// matcher matches usages to the endpoint catalog. The catalog carries the
// contract's cost and scope of every modelled operation (package contract
// tests that they agree), so the audit never loads the OpenAPI contract.
type matcher struct {
	cat       *contract.Catalog
	methods   map[string][]string // path -> catalog methods
	resources map[string]bool     // first segment after /v2 of every catalog path
}

// loadMatcher builds the matcher once per process; it is never modified
// afterwards, so concurrent scans share it.
var loadMatcher = sync.OnceValues(newMatcher)

func newMatcher() (*matcher, error) {
	cat, err := contract.LoadCatalog()
	if err != nil {
		return nil, fmt.Errorf("audit: load endpoint catalog: %w", err)
	}
	m := &matcher{cat: cat, methods: map[string][]string{}, resources: map[string]bool{}}
	for _, e := range cat.Entries {
		m.methods[e.Path] = append(m.methods[e.Path], e.Method)
		segs := strings.Split(strings.TrimPrefix(e.Path, "/"), "/")
		if len(segs) > 1 && segs[0] == "v2" {
			m.resources[segs[1]] = true
		}
	}
	return m, nil
}

// knownResource reports a path whose resource segment (after /v2, or the
// first of a relative path) names a catalog resource.
func (m *matcher) knownResource(p string) bool {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(segs) > 1 && segs[0] == "v2" {
		segs = segs[1:]
	}
	return len(segs) > 0 && m.resources[segs[0]]
}

// match fills a usage's operation, known, modelled, cost and scope, and
// returns the findings it raises.
func (m *matcher) match(u *Usage) []Finding {
	var fs []Finding
	add := func(rule, sev, msg string) {
		fs = append(fs, Finding{Rule: rule, Severity: sev, File: u.File, Line: u.Line, Message: msg})
	}
	methods := m.methods[u.Path]
	method := u.Method
	if method == MethodUnknown && len(methods) == 1 {
		method = methods[0]
	}
	if method == MethodUnknown {
		if len(methods) == 0 {
			u.Operation = ""
			add(RuleUnknownEndpoint, SeverityError, fmt.Sprintf("%s is not a SalesLoft v2 endpoint (not in the endpoint catalog): it will answer 404; fix the path", u.Path))
			return fs
		}
		u.Known = true
		u.Operation = MethodUnknown + " " + u.Path
		sorted := append([]string{}, methods...)
		sort.Strings(sorted)
		modelled := true
		for _, mm := range sorted {
			if e, ok := m.cat.Lookup(mm, u.Path); ok && !e.Modelled {
				modelled = false
			}
		}
		u.Modelled = modelled
		add(RuleUnknownMethod, SeverityInfo, fmt.Sprintf("%s: the code does not say which HTTP method it uses (%s exist); the audit cannot pick the operation", u.Path, strings.Join(sorted, ", ")))
		if !modelled {
			add(RuleCatalogOnly, SeverityWarning, fmt.Sprintf("%s: one of %s is not modelled in the contract, so no conformance spec covers it", u.Path, strings.Join(sorted, ", ")))
		}
		return fs
	}
	e, ok := m.cat.Lookup(method, u.Path)
	if !ok {
		u.Operation = ""
		if len(methods) > 0 {
			add(RuleUnknownEndpoint, SeverityError, fmt.Sprintf("%s %s is not a SalesLoft operation (the path exists only for %s): it will fail; fix the method", method, u.Path, strings.Join(methods, ", ")))
		} else {
			add(RuleUnknownEndpoint, SeverityError, fmt.Sprintf("%s %s is not a SalesLoft v2 endpoint (not in the endpoint catalog): it will answer 404; fix the path", method, u.Path))
		}
		return fs
	}
	key := e.Method + " " + e.Path
	u.Known = true
	u.Operation = key
	u.Modelled = e.Modelled
	if e.Modelled {
		u.Cost = e.Cost
		u.Scope = e.Scope
	}
	if !u.Modelled {
		add(RuleCatalogOnly, SeverityWarning, fmt.Sprintf("%s exists but is not modelled in the contract, so no conformance spec covers it: add it to contracts/salesloft-v2.yaml and a spec", key))
	}
	return fs
}
