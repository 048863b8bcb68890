package flow

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"path/filepath"
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/frontend/ruby"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/golang"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/php"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/python"
	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
	"time"
)

func TestDumpTmp(t *testing.T) {
	dir := os.Getenv("DUMPDIR")
	if dir == "" { t.Skip() }
	specs := map[string]*syntax.Spec{".rb": ruby.Spec, ".go": golang.Spec, ".php": php.Spec, ".py": python.Spec}
	var files []*ir.File
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if info.IsDir() && info.Name() == "vendor" { return filepath.SkipDir }
		sp := specs[filepath.Ext(p)]
		if sp == nil { return nil }
		data, _ := os.ReadFile(p)
		f, err := syntax.Parse(sp, filepath.Ext(p), p, data, time.Second)
		if err != nil { t.Fatal(err) }
		files = append(files, f)
		if strings.Contains(p, os.Getenv("DUMPFILE")) && os.Getenv("DUMPFILE") != "" {
			b, _ := json.MarshalIndent(f, "", " ")
			_ = b
			for _, c := range f.Classes { fmt.Println("class", c.Name, c.Supers, len(c.Methods)); for n, m := range c.Methods { fmt.Println("  m", n, m.Params, len(m.Calls), len(m.Returns)) ; for _, cl := range m.Calls { fmt.Println("    call", ir.Dotted(cl.Fn), len(cl.Args)) } } }
			for _, fn := range f.Funcs { fmt.Println("func", fn.Name, fn.Params, len(fn.Calls)); for _, cl := range fn.Calls { fmt.Println("    call", ir.Dotted(cl.Fn), len(cl.Args)) } }
			for _, a := range f.Top.Assigns { fmt.Println("top", ir.Dotted(a.Target), a.Value.K) }
		}
		return nil
	})
	r, _ := rules.Load()
	for _, q := range New(files, r).Resolve() { fmt.Printf("%s %q %s:%d %s\n", q.Method, q.URL, q.File, q.Line, q.Via) }
}
