package flow

import (
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// A field read by name (structField) used to take every write of a field
// of that name in the language family: c.base.Path took the request path
// kept by an error struct (APIError{Path: path}) and the path a request
// builds on its own copy of the base (u := *c.base; u.Path = c.base.Path +
// path), so the typed client's base grew by the paths of all its calls. A
// field read takes only the writes that may write the object it reads:
//
//   - a write to a local of a function that never lets the local's object
//     leave it (no return, argument, assignment or literal holds it; method
//     calls and field reads on it do not count) is seen only through that
//     local in that function;
//   - a write whose object is known (a composite literal of type T, this.f
//     or a Go receiver's field in a method of T, a variable holding new
//     T(...), T{...} or a library factory's result) is taken by a read
//     whose object is known only when the two may be the same kind of
//     object (the same type or factory, or classes of one hierarchy);
//   - when either side is unknown, the write is taken, as before.

// kinds is what objects a value may be, named by the type or factory that
// builds them ("Client", "URL", "Parse"); known is false when the model
// cannot tell.
type kinds struct {
	names []string
	known bool
}

// typeName returns a type's own name: without pointer, package, module or
// type arguments (*url.URL → URL, Foo[T] → Foo).
func typeName(t string) string {
	t = strings.TrimLeft(t, "*&[]")
	if i := strings.IndexAny(t, "[<"); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexAny(t, ".:\\"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// kindsOf returns the kinds of object x may hold in v: the receiver's
// class, a declared type, or what origins finds it was built as.
func (p *Program) kindsOf(x *ir.Expr, v *env) kinds {
	if x == nil || v == nil {
		return kinds{}
	}
	switch x.K {
	case ir.Self:
		cls := recvClass(v)
		if cls == nil {
			return kinds{}
		}
		return kinds{[]string{cls.Name}, true}
	case ir.Ref:
		if v.fn != nil && v.fn.Types[x.S] != "" {
			return kinds{[]string{typeName(v.fn.Types[x.S])}, true}
		}
	}
	vals, ok := p.origins(x, v, 0)
	if !ok {
		return kinds{}
	}
	var out []string
	for _, o := range vals {
		var n string
		switch o.e.K {
		case ir.Nil:
			continue
		case ir.Obj:
			n = "{}" // an object literal: its fields are its own
			if o.e.S != "" {
				n = typeName(o.e.S)
			}
		case ir.Str, ir.Concat, ir.Format:
			n = `""`
		case ir.CallK:
			c := o.e.C
			n = typeName(ctorName(c))
			if n == "" || c.Fn == nil {
				return kinds{}
			}
			oe := o.env
			if oe == nil {
				oe = &env{}
			}
			if !c.New && ir.Last(c.Fn) != "new" && len(p.classIn(n, fileOf(oe))) == 0 && len(p.targets(c, oe)) > 0 {
				return kinds{} // a program function's result is whatever it returns
			}
		default:
			return kinds{}
		}
		out = appendUniq(out, n)
	}
	if len(out) == 0 {
		return kinds{}
	}
	return kinds{out, true}
}

func recvClass(v *env) *ir.Class {
	if v.recv != nil && v.recv.cls != nil {
		return v.recv.cls
	}
	if v.fn != nil {
		return v.fn.Class
	}
	return nil
}

// writtenKinds returns the kinds of object a field write writes.
func (p *Program) writtenKinds(s fieldSet) kinds {
	if k, ok := p.setKinds[s.v]; ok {
		return k
	}
	var k kinds
	switch {
	case s.typ != "":
		k = kinds{[]string{typeName(s.typ)}, true}
	case s.on != nil:
		k = p.kindsOf(s.on, &env{fn: s.fn, recv: ownRecv(s.fn)})
	}
	p.setKinds[s.v] = k
	return k
}

// overlap reports whether objects of kinds a and b may be the same object.
func (p *Program) overlap(a, b kinds) bool {
	for _, x := range a.names {
		for _, y := range b.names {
			if x == y || p.related(x, y) || p.related(y, x) {
				return true
			}
		}
	}
	return false
}

// related reports a class named sub with an ancestor named sup.
func (p *Program) related(sub, sup string) bool {
	for _, cl := range p.classes[sub] {
		for _, c := range p.chain(cl) {
			if c.Name == sup {
				return true
			}
			for _, s := range c.Supers {
				if typeName(s) == sup {
					return true
				}
			}
		}
	}
	return false
}

// writers returns the writes of sets that may write the object x holds in
// v, and a signature of the list for the cycle rule.
func (p *Program) writers(sets []fieldSet, x *ir.Expr, v *env) ([]fieldSet, string) {
	var xk *kinds
	var out []fieldSet
	var sig strings.Builder
	for i, s := range sets {
		if s.on != nil && s.on.K == ir.Ref && p.confined(s.fn, s.on.S) {
			// Seen only through that local, in its function.
			if x == nil || x.K != ir.Ref || x.S != s.on.S || v == nil || v.fn != s.fn {
				continue
			}
		} else if sk := p.writtenKinds(s); sk.known {
			if xk == nil {
				k := p.kindsOf(x, v)
				xk = &k
			}
			if xk.known && !p.overlap(*xk, sk) {
				continue
			}
		}
		out = append(out, s)
		sig.WriteString(itoa(i + 1))
		sig.WriteByte(',')
	}
	return out, sig.String()
}

// localKey names a local variable of a function.
type localKey struct {
	fn   *ir.Func
	name string
}

// confined reports a local of fn (assigned there, not a parameter, not
// module-level) whose object never leaves fn: no return, call argument,
// assignment, literal or closure of fn holds it. Calling its methods and
// reading or writing its fields do not let it out.
func (p *Program) confined(fn *ir.Func, name string) bool {
	if fn == nil || fn.File == nil || fn == fn.File.Top || isParamName(fn, name) || fn.Types[name] != "" {
		return false
	}
	k := localKey{fn, name}
	if c, ok := p.kept[k]; ok {
		return c
	}
	local := false
	for _, a := range fn.Assigns {
		if a.Target.K == ir.Ref && a.Target.S == name {
			local = true
			break
		}
	}
	c := local && !funcLets(fn, name, 0)
	if c {
		// Closures defined in fn see its locals.
		for _, g := range fn.File.Funcs {
			if g != fn && inside(g, fn) && funcLets(g, name, 0) {
				c = false
				break
			}
		}
	}
	p.kept[k] = c
	return c
}

// inside reports g defined (at any depth) in fn's body.
func inside(g, fn *ir.Func) bool {
	for o, i := g.Outer, 0; o != nil && i < 16; o, i = o.Outer, i+1 {
		if o == fn {
			return true
		}
	}
	return false
}

// funcLets reports a function whose code lets the object named name out.
func funcLets(fn *ir.Func, name string, depth int) bool {
	if fn == nil || depth > 8 {
		return false
	}
	for _, a := range fn.Assigns {
		if lets(a.Value, name, depth) {
			return true
		}
	}
	for _, r := range fn.Returns {
		if lets(r, name, depth) {
			return true
		}
	}
	for _, c := range fn.Calls {
		if callLets(c, name, depth) {
			return true
		}
	}
	return false
}

// lets reports an expression that holds the object named name itself (not
// one of its fields, a method's result, or the name as a callee).
func lets(e *ir.Expr, name string, depth int) bool {
	if e == nil || depth > 32 {
		return false
	}
	switch e.K {
	case ir.Ref:
		return e.S == name
	case ir.Member:
		if e.X != nil && e.X.K == ir.Ref && e.X.S == name {
			return false
		}
		return lets(e.X, name, depth+1)
	case ir.CallK:
		return e.C != nil && callLets(e.C, name, depth+1)
	}
	for _, part := range e.Parts {
		if lets(part, name, depth+1) {
			return true
		}
	}
	for _, f := range e.Fields {
		if lets(f, name, depth+1) {
			return true
		}
	}
	if e.X != nil && lets(e.X, name, depth+1) {
		return true
	}
	return e.Func != nil && funcLets(e.Func, name, depth+1)
}

func callLets(c *ir.Call, name string, depth int) bool {
	if c.Fn != nil && c.Fn.K == ir.Member && lets(c.Fn, name, depth+1) {
		return true
	}
	for _, a := range c.Args {
		if lets(a, name, depth+1) {
			return true
		}
	}
	for _, a := range c.KW {
		if lets(a, name, depth+1) {
			return true
		}
	}
	return c.Block != nil && funcLets(c.Block, name, depth+1)
}
