package flow

import (
	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// What a receiver holds decides whether a verb-named call is a request:
// cache.get("/v2/people") on a Map, a dict or an instance of a project class
// whose get sends nothing is a lookup, whatever the method is called.

// origin is an expression a name may hold, with the environment to read it in.
type origin struct {
	e   *ir.Expr
	env *env
}

// heldKey names a parameter of a function nobody binds in the current walk.
type heldKey struct {
	fn   *ir.Func
	name string
}

type heldVal struct {
	out      []origin
	complete bool
}

// maxOriginDepth bounds how many bindings and call sites origins follows.
const maxOriginDepth = 8

// origins returns the values x may hold, following locals, module
// bindings, fields of the receiver, the arguments bound to a parameter, and
// for a parameter nobody binds here, the arguments of its function's call
// sites (a closure in a dispatch table included). Names are followed until
// a value that is not a name (a call, a literal). complete is false when a
// path ends in something the model cannot see (a parameter nobody passes, a
// name defined nowhere), so the caller can keep the old reading.
func (p *Program) origins(x *ir.Expr, v *env, depth int) ([]origin, bool) {
	if x == nil || depth > maxOriginDepth {
		return nil, false
	}
	switch x.K {
	case ir.Ref:
		return p.nameOrigins(x.S, v, depth)
	case ir.Member:
		if x.X != nil && x.X.K == ir.Self {
			return p.fieldOrigins(x.S, v, depth)
		}
		if cs := p.declaredClasses(x.X, v); len(cs) > 0 {
			// A Go receiver's or typed variable's field: c.base (Go methods
			// join one class per file).
			var out []origin
			for _, cls := range cs {
				o, ok := p.fieldOrigins(x.S, &env{fn: v.fn, recv: &recv{cls: cls}}, depth)
				if !ok {
					return nil, false
				}
				out = append(out, o...)
			}
			return out, true
		}
		return nil, false
	case ir.Cond:
		var out []origin
		for _, part := range x.Parts {
			o, ok := p.origins(part, v, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, o...)
		}
		return out, len(out) > 0
	case ir.CallK:
		if o := literal(x); o != nil {
			return []origin{{o, v}}, true
		}
	}
	return []origin{{x, v}}, true
}

func (p *Program) nameOrigins(name string, v *env, depth int) ([]origin, bool) {
	fn := v.fn
	if fn != nil {
		for i, prm := range fn.Params {
			if prm != name {
				continue
			}
			if v.bound {
				var a *ir.Expr
				if i < len(v.args) {
					a = v.args[i]
				} else if kv, ok := v.kw[lower(name)]; ok {
					a = kv
				} else if d := fn.Defaults[name]; d != nil {
					return p.origins(d, &env{fn: fn, recv: v.recv}, depth+1)
				}
				if a == nil {
					return nil, false
				}
				ae := v.argEnv
				if ae == nil {
					ae = &env{}
				}
				return p.origins(a, ae, depth+1)
			}
			return p.heldBy(fn, i, name, depth)
		}
		var out []origin
		found := false
		for _, a := range fn.Assigns {
			if a.Target.K == ir.Ref && a.Target.S == name {
				found = true
				o, ok := p.origins(a.Value, v, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, o...)
			}
		}
		if found {
			return out, len(out) > 0
		}
	}
	var out []origin
	for _, g := range p.globalsOf(name, fileOf(v)) {
		o, ok := p.origins(g.v, &env{fn: g.f.Top}, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, o...)
	}
	return out, len(out) > 0
}

// heldBy returns what parameter i of fn holds at every call site, the
// site's own receiver resolved where the call is written.
func (p *Program) heldBy(fn *ir.Func, i int, name string, depth int) ([]origin, bool) {
	k := heldKey{fn, name}
	if h, ok := p.held[k]; ok {
		return h.out, h.complete
	}
	if p.heldDepth >= maxOriginDepth {
		return nil, false
	}
	p.heldDepth++
	defer func() { p.heldDepth-- }()
	p.held[k] = heldVal{} // a cycle through the call sites ends incomplete
	var out []origin
	complete := true
	seen := map[*ir.Call]bool{}
	sites := p.callSitesOf(fn)
	if len(sites) > 16 {
		sites = nil // too many callers to know them all
	}
	for _, s := range sites {
		if seen[s.c] {
			continue
		}
		seen[s.c] = true
		a := argAt(s.c, i)
		if a == nil {
			a = s.c.KW[lower(name)]
		}
		if a == nil {
			complete = false
			break
		}
		in := s.fn
		if o := p.owner[s.c]; o != nil {
			in = o
		}
		o, ok := p.origins(a, &env{fn: in, recv: ownRecv(in)}, 0)
		if !ok {
			complete = false
			break
		}
		out = append(out, o...)
	}
	if len(out) == 0 {
		complete = false
	}
	if !complete {
		out = nil
	}
	p.held[k] = heldVal{out, complete}
	return out, complete
}

// fieldOrigins returns the values assigned to this.name in the receiver's
// class and its ancestors, and its class-level initialiser.
func (p *Program) fieldOrigins(name string, v *env, depth int) ([]origin, bool) {
	rc := thisRecv(v)
	if rc == nil || rc.cls == nil {
		return nil, false
	}
	var out []origin
	for _, c := range p.chain(rc.cls) {
		if a, ok := c.Attrs[name]; ok && a.K != ir.Unknown {
			o, ok := p.origins(a, &env{recv: rc}, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, o...)
		}
		for _, m := range c.Methods {
			for _, a := range m.Assigns {
				t := a.Target
				if t.K != ir.Member || t.S != name || t.X == nil || t.X.K != ir.Self && !(t.X.K == ir.Ref && m.Types[t.X.S] == c.Name) {
					continue
				}
				o, ok := p.origins(a.Value, &env{fn: m, recv: rc}, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, o...)
			}
		}
		// Go composite literals of the type: Client{base: u}.
		for _, s := range p.fields[name] {
			if s.typ == "" || typeName(s.typ) != c.Name || s.fn.File == nil || family(s.fn.File.Lang) != family(c.File.Lang) {
				continue
			}
			o, ok := p.origins(s.v, &env{fn: s.fn, recv: ownRecv(s.fn)}, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, o...)
		}
	}
	return out, len(out) > 0
}

// declaredClasses returns the program classes a name's declared type
// names (a Go receiver or typed parameter): those of its package when the
// language has packages, else the one class of that name in the family.
func (p *Program) declaredClasses(x *ir.Expr, v *env) []*ir.Class {
	if x == nil || x.K != ir.Ref || v == nil || v.fn == nil || v.fn.File == nil || v.fn.Types[x.S] == "" {
		return nil
	}
	cs := p.classIn(typeName(v.fn.Types[x.S]), v.fn.File)
	if scope := v.fn.File.Scope; scope != "" {
		var own []*ir.Class
		for _, c := range cs {
			if c.File.Scope == scope {
				own = append(own, c)
			}
		}
		return own
	}
	if len(cs) == 1 {
		return cs
	}
	return nil
}

// recvEnv returns the environment to read the receiver of c in: a closure's
// call is also walked as part of the function that makes the closure, where
// the closure's own parameters mean nothing; they are read in the closure.
func (p *Program) recvEnv(c *ir.Call, v *env) *env {
	o := p.owner[c]
	if o == nil || o == v.fn || c.Fn == nil || c.Fn.K != ir.Member {
		return v
	}
	root := c.Fn.X
	for root != nil && root.K == ir.Member {
		root = root.X
	}
	if root != nil && root.K == ir.Ref && isParamName(o, root.S) {
		return &env{fn: o, recv: ownRecv(o), depth: v.depth}
	}
	return v
}

// ctorName returns the class or factory a call builds: new X(...),
// X.new(...), X(...).
func ctorName(c *ir.Call) string {
	if c == nil || c.Fn == nil {
		return ""
	}
	n := ir.Last(c.Fn)
	if n == "new" && c.Fn.K == ir.Member {
		return ir.Last(c.Fn.X)
	}
	return n
}

// inMemory reports a receiver that holds an in-memory collection only: a
// map, hash, dict or object literal (without a function of that name), or a
// collection built by a constructor or factory the rules list and the
// program does not define; also a call on such a collection type itself
// (Map.get(m, k)).
func (p *Program) inMemory(x *ir.Expr, method string, v *env) bool {
	if x == nil || x.K != ir.Ref && !(x.K == ir.Member && x.X != nil && x.X.K == ir.Self) {
		return false
	}
	vals, ok := p.origins(x, v, 0)
	if !ok {
		// A collection type itself: Map.get(m, k), Keyword.get(opts, :k).
		return x.K == ir.Ref && p.rules.Container(x.S) && len(p.classIn(x.S, fileOf(v))) == 0 && (v.fn == nil || !isParamName(v.fn, x.S))
	}
	for _, o := range vals {
		switch {
		case o.e.K == ir.Obj:
			if f := o.e.Fields[method]; f != nil && f.Func != nil {
				return false // a hand-made client object: {get: (p) => ...}
			}
			if o.e.S != "" && len(p.classIn(o.e.S, fileOf(o.env))) > 0 {
				return false // a Go composite literal of a program type
			}
		case o.e.K == ir.CallK:
			n := ctorName(o.e.C)
			if !p.rules.Container(n) || len(p.classIn(n, fileOf(o.env))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// heldInstances returns the classes of the program whose instances a
// parameter receiver holds, when every value it can hold is one (at the
// walk's own binding, or at every call site of a function nobody binds
// here) and each of those classes has the method.
func (p *Program) heldInstances(x *ir.Expr, method string, v *env) []target {
	if x == nil || x.K != ir.Ref || v.fn == nil || !isParamName(v.fn, x.S) {
		return nil
	}
	vals, ok := p.origins(x, v, 0)
	if !ok {
		return nil
	}
	var out []target
	seen := map[*ir.Func]bool{}
	for _, o := range vals {
		if o.e.K != ir.CallK || o.e.C == nil {
			return nil
		}
		n := ctorName(o.e.C)
		if !o.e.C.New && ir.Last(o.e.C.Fn) != "new" && !isUpper(n) {
			return nil
		}
		cls := p.classIn(n, fileOf(o.env))
		if len(cls) != 1 {
			return nil
		}
		m, _ := p.method(cls[0], method)
		if m == nil {
			return nil
		}
		if !seen[m] {
			seen[m] = true
			out = append(out, target{m, &recv{cls: cls[0]}})
		}
	}
	return out
}

// tableTargets returns the functions an object literal bound to x holds:
// all of them for table[key](...), the one named for table.key(...).
func (p *Program) tableTargets(x *ir.Expr, name string, v *env) []target {
	if x == nil || x.K != ir.Ref {
		return nil
	}
	o := p.objOf(x.S, v)
	if o == nil {
		return nil
	}
	var out []target
	if name == "[]" {
		for _, f := range o.Fields {
			if f.Func != nil {
				out = append(out, target{f.Func, nil})
			}
		}
		return out
	}
	if f := o.Fields[name]; f != nil && f.Func != nil {
		out = append(out, target{f.Func, nil})
	}
	return out
}

// builtClass returns the program class every value of x is built as (new
// K(...), K(...), K.new, a Go composite literal &K{...}), or nil.
func (p *Program) builtClass(x *ir.Expr, v *env) *ir.Class {
	vals, ok := p.origins(x, v, 0)
	if !ok {
		return nil
	}
	var cls *ir.Class
	for _, o := range vals {
		n := ""
		switch {
		case o.e.K == ir.Obj:
			n = o.e.S
		case o.e.K == ir.CallK && o.e.C != nil && (o.e.C.New || ir.Last(o.e.C.Fn) == "new" || isUpper(ctorName(o.e.C))):
			n = ctorName(o.e.C)
		}
		cs := p.classIn(n, fileOf(o.env))
		if n == "" || len(cs) != 1 || cls != nil && cs[0] != cls {
			return nil
		}
		cls = cs[0]
	}
	return cls
}
