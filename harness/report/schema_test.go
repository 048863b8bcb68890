package report

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestSchemaDocumentsEveryField keeps SCHEMA.md in step with the types: every
// JSON field of the report must have a row in its table.
func TestSchemaDocumentsEveryField(t *testing.T) {
	doc, err := os.ReadFile("SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeFor[Report]().PkgPath() || seen[typ] {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				t.Errorf("%s.%s has no json name", typ.Name(), f.Name)
				continue
			}
			if !strings.Contains(string(doc), "| `"+name+"` |") {
				t.Errorf("SCHEMA.md has no row for %s.%s (%s)", path, name, typ.Name())
			}
			walk(f.Type, path+"."+name)
		}
	}
	walk(reflect.TypeFor[Report](), "report")
	if len(seen) < 7 {
		t.Errorf("walked %d types, want all report types", len(seen))
	}
}
