package contract

import (
	"net/http"
	"slices"
	"strings"

	"github.com/loftgate/loftgate/contracts"
)

// catalogSource names the embedded catalog in errors.
const catalogSource = "contracts/catalog.yaml"

// catalogVersion is the catalog format this package reads.
const catalogVersion = 1

// Catalog lists every public SalesLoft v2 operation and the OAuth operations, so an audit can
// tell an operation that exists but no spec covers (Modelled false) from one that does not exist.
type Catalog struct {
	// Version is the catalog format version; 1.
	Version int `yaml:"version"`
	// Entries are the operations, in document order.
	Entries []CatalogEntry `yaml:"operations"`

	byKey  map[string]int // "METHOD /path" -> index in Entries
	byPath map[string]int // "/path" -> index of its first entry
}

// CatalogEntry is one operation of the catalog.
type CatalogEntry struct {
	// Method is the upper-case HTTP method.
	Method string `yaml:"method"`
	// Path is the normalised path template, e.g. "/v2/people/{id}".
	Path string `yaml:"path"`
	// Resource is the collection the operation belongs to, e.g. "people".
	Resource string `yaml:"resource"`
	// Modelled is true when the OpenAPI contract describes the operation.
	Modelled bool `yaml:"modelled"`
	// Cost is the contract's endpoint cost for pages 1-100 (Operation.Cost), for modelled
	// operations only; 0 otherwise.
	Cost int `yaml:"cost"`
	// Scope is the OAuth scope the contract requires (Operation.Scope), for modelled operations
	// only; "" means any valid token, or that the operation is not modelled.
	Scope string `yaml:"scope"`
}

// LoadCatalog returns the embedded catalog (contracts/catalog.yaml).
func LoadCatalog() (*Catalog, error) {
	return ParseCatalog(contracts.Catalog, catalogSource)
}

// ParseCatalog parses and checks a catalog: version 1, and unique entries with a known method, a
// normalised path and a resource, and a cost (0 or more) and scope only when modelled. Errors are *ParseError naming source and line.
func ParseCatalog(data []byte, source string) (*Catalog, error) {
	var cat Catalog
	fail, err := decodeList(data, source, &cat, "fix the catalog entry")
	if err != nil {
		return nil, err
	}
	if cat.Version != catalogVersion {
		return nil, fail(-1, "catalog version %d is not supported (want %d)", cat.Version, catalogVersion)
	}
	methods := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	cat.byKey = make(map[string]int, len(cat.Entries))
	cat.byPath = make(map[string]int, len(cat.Entries))
	for i, e := range cat.Entries {
		key := e.Method + " " + e.Path
		switch {
		case !slices.Contains(methods, e.Method):
			return nil, fail(i, "%s: method must be one of %v", key, methods)
		case NormalizePath(e.Path) != e.Path:
			return nil, fail(i, "%s: path must be written %s", key, NormalizePath(e.Path))
		case e.Resource == "":
			return nil, fail(i, "%s: resource is required", key)
		case e.Cost < 0:
			return nil, fail(i, "%s: cost must be 0 or more", key)
		case !e.Modelled && (e.Cost != 0 || e.Scope != ""):
			return nil, fail(i, "%s: only modelled operations carry a cost and a scope", key)
		}
		if _, dup := cat.byKey[key]; dup {
			return nil, fail(i, "%s is listed twice", key)
		}
		cat.byKey[key] = i
		if _, ok := cat.byPath[e.Path]; !ok {
			cat.byPath[e.Path] = i
		}
	}
	return &cat, nil
}

// Lookup finds the entry for a method and a path written any way NormalizePath understands
// ("https://api.salesloft.com/v2/people/7.json?x=1" finds GET /v2/people/{id}). The method ""
// or "UNKNOWN" matches any method on the path, for call sites whose method cannot be told.
func (c *Catalog) Lookup(method, path string) (CatalogEntry, bool) {
	p := NormalizePath(path)
	method = strings.ToUpper(strings.TrimSpace(method))
	anyMethod := method == "" || method == "UNKNOWN"
	if c.byKey == nil {
		// A Catalog built by hand rather than parsed has no index.
		for _, e := range c.Entries {
			if e.Path == p && (anyMethod || e.Method == method) {
				return e, true
			}
		}
		return CatalogEntry{}, false
	}
	if anyMethod {
		i, ok := c.byPath[p]
		if !ok {
			return CatalogEntry{}, false
		}
		return c.Entries[i], true
	}
	i, ok := c.byKey[method+" "+p]
	if !ok {
		return CatalogEntry{}, false
	}
	return c.Entries[i], true
}
