package run_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// module is the import path every package of the project starts with.
const module = "github.com/loftgate/loftgate/"

// layers puts every package of the module in a layer; a package may import
// only packages of lower layers (never its own layer, never higher). Data
// and leaves at the bottom, the run above the target, the suites above the
// run, the binary on top. A new package must be given a layer here.
var layers = map[string]int{
	"contracts":                                  0, // the embedded contract and checklist
	"harness/sim":                                0, // independent of what it tests (see sim's own test)
	"harness/server":                             0, // net/http servers with timeouts
	"harness/audit/internal/ir":                  0, // the audit's language-neutral model
	"harness/audit/internal/rules":               0, // embedded client, framework and SDK rules
	"harness/audit/internal/walk":                0, // the file walker
	"harness/audit/internal/manifest":            0, // declarative connector manifests
	"harness/audit/internal/syntax":              1, // tree-sitter trees into the model
	"harness/audit/internal/flow":                1, // the value-flow resolver
	"harness/audit/internal/frontend/csharp":     2,
	"harness/audit/internal/frontend/elixir":     2,
	"harness/audit/internal/frontend/golang":     2,
	"harness/audit/internal/frontend/java":       2,
	"harness/audit/internal/frontend/javascript": 2,
	"harness/audit/internal/frontend/kotlin":     2,
	"harness/audit/internal/frontend/php":        2,
	"harness/audit/internal/frontend/python":     2,
	"harness/audit/internal/frontend/ruby":       2,
	"harness/audit/internal/frontend/typescript": 2,
	"harness/yamlpos":                            0, // where yaml.v3 says a problem is
	"harness/wire":                               0, // media types, JSON and query parsing shared by secret and replay
	"harness/config":                             2, // YAML, environment and .env, on secret's naming rule
	"harness/auth":                               1,
	"harness/secret":                             1,
	"harness/webhook":                            1,
	"harness/salesloft":                          2, // the SalesLoft client, on auth
	"harness/contract":                           2, // validation, on contracts
	"harness/audit":                              3,
	"harness/replay":                             3, // fixtures, on contract and secret
	"harness/report":                             3, // the report model and renderers, on contract's checklist
	"harness/proxy":                              4,
	"harness/target":                             4, // starts replay, sim or live
	"harness/run":                                5, // owns a run: target, Ginkgo, journal, reports
	"suites/spec":                                6, // what the suites share, on run
	"suites/apierrors":                           7,
	"suites/cadence":                             7,
	"suites/me":                                  7,
	"suites/migration":                           7,
	"suites/oauth":                               7,
	"suites/paging":                              7,
	"suites/ratelimit":                           7,
	"suites/records":                             7,
	"suites/webhooks":                            7,
	"harness/sim/conformance":                    3, // walks the simulator against the contract (tests only)
	"interop":                                    9, // real npm clients against the binary (tests only)
	"cmd/loftgate":                               8, // flag parsing and wiring
}

// TestImportDirection enforces the layers over every non-test Go file of
// the module, so that a run's data flows one way.
func TestImportDirection(t *testing.T) {
	for _, problem := range layerProblems(t, filepath.Join("..", ".."), layers) {
		t.Error(problem)
	}
}

// TestImportDirectionCatchesAnUpwardImport: a synthetic module whose
// lower layer imports a higher one, and has a package with no layer.
func TestImportDirectionCatchesAnUpwardImport(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("harness/report/r.go", "package report\nimport _ \""+module+"harness/run\"\n")
	write("harness/run/r.go", "package run\n")
	write("harness/extra/e.go", "package extra\n")
	got := strings.Join(layerProblems(t, root, map[string]int{"harness/report": 2, "harness/run": 4}), "\n")
	for _, want := range []string{"harness/report (layer 2) imports harness/run (layer 4)", "package harness/extra has no layer"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q do not say %q", got, want)
		}
	}
}

// layerProblems checks every non-test Go file under root against layers.
func layerProblems(t *testing.T, root string, layers map[string]int) []string {
	t.Helper()
	var problems []string
	fset := token.NewFileSet()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		seen[pkg] = true
		from, ok := layers[pkg]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: package %s has no layer; add it to layers in harness/run/layers_test.go", p, pkg))
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			dep, ok := strings.CutPrefix(path, module)
			if !ok {
				continue
			}
			to, known := layers[dep]
			switch {
			case !known:
				problems = append(problems, fmt.Sprintf("%s imports %s, which has no layer", p, dep))
			case to >= from:
				problems = append(problems, fmt.Sprintf("%s: %s (layer %d) imports %s (layer %d); imports must point to a lower layer", p, pkg, from, dep, to))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range layers {
		if !seen[pkg] {
			problems = append(problems, fmt.Sprintf("layers names %s, which has no Go files; delete it", pkg))
		}
	}
	return problems
}
