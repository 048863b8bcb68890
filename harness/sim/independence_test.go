package sim

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsStayIndependent enforces DESIGN.md "Independence": the simulator shares no
// code with what it tests, so it imports only the standard library (and yaml.v3 at most).
func TestImportsStayIndependent(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != "gopkg.in/yaml.v3" && path != "github.com/loftgate/loftgate/harness/sim" {
				t.Errorf("%s imports %s; package sim may import only the standard library and yaml.v3", name, path)
			}
		}
	}
}
