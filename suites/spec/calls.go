package spec

import (
	"strings"

	"github.com/loftgate/loftgate/harness/run"
)

// UnknownID is a record id that no seeded or created record has, for specs
// that need a 404 for an unknown record.
const UnknownID = 987654321

// Calls returns the current spec's exchanges with method ("" for any) and
// path (without query), in the order they were sent. A path matches with or
// without the ".json" suffix SalesLoft also accepts.
func Calls(method, path string) []run.Exchange {
	path = strings.TrimSuffix(path, ".json")
	var out []run.Exchange
	for _, e := range Exchanges() {
		if (method == "" || e.Method == method) && strings.TrimSuffix(e.Path, ".json") == path {
			out = append(out, e)
		}
	}
	return out
}
