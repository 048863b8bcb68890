package syntax_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

func dumpE(e *ir.Expr) string {
	if e == nil {
		return "nil"
	}
	switch e.K {
	case ir.Str:
		return fmt.Sprintf("%q", e.S)
	case ir.Ref:
		return e.S
	case ir.Member:
		return dumpE(e.X) + "." + e.S
	case ir.Self:
		return "this"
	case ir.CallK:
		return dumpC(e.C)
	case ir.Concat:
		var p []string
		for _, x := range e.Parts {
			p = append(p, dumpE(x))
		}
		return "(" + strings.Join(p, "+") + ")"
	case ir.Obj:
		var p []string
		for k, x := range e.Fields {
			p = append(p, k+":"+dumpE(x))
		}
		return e.S + "{" + strings.Join(p, ",") + "}"
	case ir.Cond:
		var p []string
		for _, x := range e.Parts {
			p = append(p, dumpE(x))
		}
		return "cond(" + strings.Join(p, "|") + ")"
	}
	return fmt.Sprintf("?%d%s", e.K, e.S)
}

func dumpC(c *ir.Call) string {
	var a []string
	for _, x := range c.Args {
		a = append(a, dumpE(x))
	}
	for k, x := range c.KW {
		a = append(a, k+"="+dumpE(x))
	}
	s := fmt.Sprintf("%s(%s)@%d", dumpE(c.Fn), strings.Join(a, ", "), c.Line)
	if c.New {
		s = "new " + s
	}
	if c.Block != nil {
		var b []string
		for _, bc := range c.Block.Calls {
			b = append(b, dumpC(bc))
		}
		s += "{" + strings.Join(b, "; ") + "}"
	}
	return s
}

func dumpF(t *testing.T, ind string, f *ir.Func) {
	t.Logf("%sfunc %s(%v) ctor=%v line %d", ind, f.Name, f.Params, f.Ctor, f.Line)
	for _, a := range f.Assigns {
		t.Logf("%s  %s = %s", ind, dumpE(a.Target), dumpE(a.Value))
	}
	for _, c := range f.Calls {
		t.Logf("%s  call %s", ind, dumpC(c))
	}
	for _, r := range f.Returns {
		t.Logf("%s  return %s", ind, dumpE(r))
	}
}

func TestZZDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(p)
	for _, s := range specs {
		for _, x := range s.Exts {
			if x == filepath.Ext(p) {
				f, err := syntax.Parse(s, x, p, src, 2*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				dumpF(t, "", f.Top)
				for _, fn := range f.Funcs {
					dumpF(t, "", fn)
				}
				for _, c := range f.Classes {
					t.Logf("class %s %v attrs:", c.Name, c.Supers)
					for k, v := range c.Attrs {
						t.Logf("   %s = %s", k, dumpE(v))
					}
					for _, m := range c.Methods {
						dumpF(t, "  ", m)
					}
				}
				return
			}
		}
	}
}
