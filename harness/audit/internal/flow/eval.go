package flow

import (
	"regexp"
	"slices"
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// env is the context a value is evaluated in: the function, the bindings
// of its parameters (nil: unbound, a parameter is a Hole), and the
// receiver class with the constructor bindings of the instance.
type env struct {
	fn     *ir.Func
	bound  bool
	args   []*ir.Expr
	kw     map[string]*ir.Expr
	argEnv *env
	recv   *recv
	depth  int
	// callers, when set, resolves an unbound parameter through the call
	// sites of its function (for values stored in fields).
	callers bool
}

// recv is a receiver: an instance of cls, built by the constructor call
// site (when known).
type recv struct {
	cls *ir.Class
	// site, when set, is the one construction that built the instance.
	site    *ir.Call
	siteEnv *env
}

// budget bounds the work of one evaluation.
type budget struct {
	n int
	// sites is set when a value came from every construction site of a
	// class rather than from one instance.
	sites bool
	// hidden is set while following a private or protected entry: a base
	// class's instances are then not taken from its subclasses, which
	// reach it through their own public methods.
	hidden bool
	// active are the bindings whose values are being computed (cycle.go).
	active map[bindKey]*pending
}

const (
	maxDepth = 7
	maxVals  = 24
	maxSteps = 20000
)

func (b *budget) spend() bool {
	b.n++
	return b.n <= maxSteps
}

// eval returns the string values e may take.
func (p *Program) eval(e *ir.Expr, v *env, b *budget) []string {
	if e == nil || v.depth > maxDepth || !b.spend() {
		return []string{Hole}
	}
	switch e.K {
	case ir.Str:
		return []string{e.S}
	case ir.Concat:
		out := []string{""}
		for _, part := range e.Parts {
			vals := p.eval(part, v, b)
			next := make([]string, 0, len(out)*len(vals))
			for _, a := range out {
				for _, c := range vals {
					if len(next) < maxVals {
						next = append(next, a+c)
					}
				}
			}
			out = next
		}
		return out
	case ir.Format:
		return p.format(e, v, b)
	case ir.Ref:
		return p.ref(e.S, v, b)
	case ir.Member:
		return p.member(e, v, b)
	case ir.Cond:
		parts := e.Parts
		if e.S != "" && len(parts) == 2 {
			switch p.truth(e.S, v, b) {
			case 1:
				parts = parts[:1]
			case -1:
				parts = parts[1:]
			}
		}
		var out []string
		for _, part := range parts {
			for _, s := range p.eval(part, v, b) {
				if s != Hole || len(parts) == 1 {
					out = appendUniq(out, s)
				}
			}
		}
		if len(out) == 0 {
			return []string{Hole}
		}
		return out
	case ir.CallK:
		return p.callValue(e.C, v, b)
	}
	return []string{Hole}
}

func appendUniq(out []string, s string) []string {
	for _, o := range out {
		if o == s {
			return out
		}
	}
	if len(out) >= maxVals {
		return out
	}
	return append(out, s)
}

// truth says whether a tested name is truthy (1), falsy (-1) or unknown.
func (p *Program) truth(name string, v *env, b *budget) int {
	if v.fn == nil {
		return 0
	}
	for i, prm := range v.fn.Params {
		if prm != name {
			continue
		}
		if !v.bound {
			return 0
		}
		var a *ir.Expr
		if i < len(v.args) {
			a = v.args[i]
		} else if kv, ok := v.kw[name]; ok {
			a = kv
		} else {
			a = v.fn.Defaults[name]
		}
		if a == nil || a.K == ir.Nil {
			return -1
		}
		return 1
	}
	return 0
}

// param returns the values of parameter i of v.fn.
func (p *Program) param(i int, name string, v *env, b *budget) []string {
	if v.bound {
		var a *ir.Expr
		if i < len(v.args) {
			a = v.args[i]
		} else if kv, ok := v.kw[lower(name)]; ok {
			a = kv
		} else if d := v.fn.Defaults[name]; d != nil {
			return p.eval(d, &env{fn: v.fn, recv: v.recv, depth: v.depth + 1}, b)
		}
		if a == nil {
			return []string{Hole}
		}
		ae := v.argEnv
		if ae == nil {
			ae = &env{}
		}
		sub := *ae
		sub.depth = v.depth + 1
		return p.eval(a, &sub, b)
	}
	if v.callers && v.fn != nil && v.fn.Name != "" {
		sites := p.callSitesOf(v.fn)
		out, again := p.fixed(bindKey{kind: 'P', fn: v.fn, name: name}, b, len(sites), func(j int) []string {
			s := sites[j]
			a := argAt(s.c, i)
			if a == nil {
				a = s.c.KW[lower(name)] // a named argument: f(host = "...")
			}
			if a == nil {
				return nil
			}
			return p.eval(a, &env{fn: s.fn, depth: v.depth + 1, callers: true, recv: ownRecv(s.fn)}, b)
		})
		if again || len(out) > 0 {
			return out
		}
	}
	return []string{Hole}
}

func ownRecv(fn *ir.Func) *recv {
	if fn == nil || fn.Class == nil {
		return nil
	}
	return &recv{cls: fn.Class}
}

// callSitesOf returns the calls that may invoke fn: calls of its name in
// its language family (a bare name only where it resolves to fn), and, for
// a function value held in an object literal, the calls through that
// object (table[key](...), table.key(...)).
func (p *Program) callSitesOf(fn *ir.Func) []site {
	// A call in another language family never calls fn.
	other := func(s site) bool {
		return fn.File != nil && s.fn.File != nil && family(s.fn.File.Lang) != family(fn.File.Lang)
	}
	if fn.Ctor && fn.Class != nil {
		var out []site
		for _, s := range p.sites[fn.Class.Name] {
			if !other(s) {
				out = append(out, s)
			}
		}
		return out
	}
	var out []site
	for _, s := range p.callers[fn.Name] {
		if other(s) {
			continue
		}
		if fn.Class == nil && s.c.Fn != nil && s.c.Fn.K == ir.Ref && s.fn.File != nil && !slices.Contains(p.funcsOf(fn.Name, s.fn.File), fn) {
			continue // a same-named function of another module or package
		}
		if len(s.c.Args) > 0 || len(fn.Params) == 0 {
			out = append(out, s)
		}
		if len(out) > 16 {
			break
		}
	}
	for _, sl := range p.slots[fn] {
		for _, name := range []string{"[]", sl.key} {
			for _, s := range p.callers[name] {
				if s.c.Fn.K == ir.Member && ir.Dotted(s.c.Fn.X) == sl.table && s.fn.File != nil && (s.fn.File == sl.file || family(s.fn.File.Lang) == family(sl.file.Lang)) {
					out = append(out, s)
				}
			}
		}
		if len(out) > 16 {
			break
		}
	}
	return out
}

func (p *Program) ref(name string, v *env, b *budget) []string {
	for _, n := range p.opts.BaseNames {
		if n == name {
			return []string{"https://api.salesloft.com/v2"}
		}
	}
	if fn := v.fn; fn != nil {
		for i, prm := range fn.Params {
			if prm == name {
				return p.param(i, name, v, b)
			}
		}
		if vals, ok := p.locals(name, v, b); ok {
			return vals
		}
		if fn.Class != nil || v.recv != nil {
			// Ruby and PHP: a bare name may be a constant or a method of the
			// class; Ruby calls a method without parentheses.
			if vals, ok := p.className(name, v, b); ok {
				return vals
			}
		}
	}
	gs := p.globalsOf(name, fileOf(v))
	out, again := p.fixed(bindKey{kind: 'G', name: name, file: fileOf(v)}, b, len(gs), func(i int) []string {
		return p.eval(gs[i].v, &env{fn: gs[i].f.Top, depth: v.depth + 1}, b)
	})
	if again || len(out) > 0 {
		return out
	}
	return []string{Hole}
}

// locals returns the values assigned to a local name in v.fn.
func (p *Program) locals(name string, v *env, b *budget) ([]string, bool) {
	var srcs []*ir.Expr
	found := false
	for _, a := range v.fn.Assigns {
		if a.Target.K == ir.Ref && a.Target.S == name {
			found = true
			if a.Value.K != ir.Unknown {
				srcs = append(srcs, a.Value)
			}
		}
	}
	var out []string
	if found {
		k := bindKey{kind: 'L', fn: v.fn, name: name, recv: v.recv, argEnv: v.argEnv}
		if len(v.args) > 0 {
			k.arg = v.args[0]
		}
		vals, again := p.fixed(k, b, len(srcs), func(i int) []string {
			sub := *v
			sub.depth++
			return p.eval(srcs[i], &sub, b)
		})
		if again {
			return vals, true
		}
		out = vals
		if len(out) == 0 {
			out = []string{Hole}
		}
	}
	// A URL value whose path is set afterwards: u := *base; u.Path = base.Path + path.
	for _, a := range v.fn.Assigns {
		if a.Target.K == ir.Member && a.Target.X != nil && a.Target.X.K == ir.Ref && a.Target.X.S == name {
			switch a.Target.S {
			case "Path", "path", "pathname":
				sub := *v
				sub.depth++
				out = nil
				for _, s := range p.eval(a.Value, &sub, b) {
					out = appendUniq(out, Hole+strings.TrimLeft(s, Hole))
				}
				return out, true
			}
		}
	}
	return out, found
}

func (p *Program) className(name string, v *env, b *budget) ([]string, bool) {
	cls := v.fn.Class
	if v.recv != nil && v.recv.cls != nil {
		cls = v.recv.cls
	}
	for _, c := range p.chain(cls) {
		if a, ok := c.Attrs[name]; ok && a.K != ir.Unknown {
			return p.eval(a, &env{recv: v.recv, depth: v.depth + 1}, b), true
		}
	}
	if m, _ := p.method(cls, name); m != nil && m != v.fn {
		return p.returns(m, &env{fn: m, bound: true, recv: v.recv, depth: v.depth + 1}, b), true
	}
	// A field read without this. (C#, Java, Kotlin): assigned in a method,
	// with or without this.; in a constructor, bound at the constructions.
	if !fieldLang(cls) {
		return nil, false
	}
	for _, c := range p.chain(cls) {
		for _, m := range c.Methods {
			for _, a := range m.Assigns {
				if a.Target.S == name && (a.Target.K == ir.Ref || a.Target.K == ir.Member && a.Target.X != nil && a.Target.X.K == ir.Self) && m != v.fn {
					rc := v.recv
					if rc == nil {
						rc = &recv{cls: cls}
					}
					return p.field(name, &env{fn: v.fn, recv: rc, depth: v.depth}, b), true
				}
			}
		}
	}
	return nil, false
}

func (p *Program) returns(m *ir.Func, v *env, b *budget) []string {
	var out []string
	for _, r := range m.Returns {
		for _, s := range p.eval(r, v, b) {
			out = appendUniq(out, s)
		}
	}
	if len(out) == 0 {
		return []string{Hole}
	}
	return out
}

// member evaluates X.name.
func (p *Program) member(e *ir.Expr, v *env, b *budget) []string {
	x := e.X
	if x == nil {
		return []string{Hole}
	}
	if m := methodConst(e); m != "" {
		return []string{m}
	}
	for _, n := range p.opts.BaseNames {
		if n == e.S {
			return []string{"https://api.salesloft.com/v2"}
		}
	}
	switch x.K {
	case ir.Self:
		return p.field(e.S, v, b)
	case ir.Ref:
		// A class constant or attribute (Config.BASE), a module object's
		// field (authConfig.tokenHost), or a Go struct field.
		for _, cl := range p.classOf(x.S) {
			if a, ok := cl.Attrs[e.S]; ok {
				return p.eval(a, &env{recv: &recv{cls: cl}, depth: v.depth + 1}, b)
			}
			if m := cl.Methods[e.S]; m != nil && len(m.Params) == 0 {
				return p.returns(m, &env{fn: m, bound: true, recv: &recv{cls: cl}, depth: v.depth + 1}, b)
			}
		}
		if obj := p.objOf(x.S, v); obj != nil {
			if f, ok := obj.Fields[e.S]; ok {
				return p.eval(f, &env{fn: v.fn, recv: v.recv, bound: v.bound, args: v.args, kw: v.kw, argEnv: v.argEnv, depth: v.depth + 1}, b)
			}
		}
		// In a Go method, x.name is read as a field of the receiver,
		// whichever name x is (the receiver's name is not checked).
		if v.fn != nil && goMethod(v.fn) {
			return p.field(e.S, v, b)
		}
		if cl, site, senv := p.instanceClass(x, v); cl != nil && site != nil {
			// A field of one instance: val oauth = OAuthEndpoint(host = ...).
			if vals := p.field(e.S, &env{recv: &recv{cls: cl, site: site, siteEnv: senv}, depth: v.depth + 1}, b); len(vals) > 0 && vals[0] != Hole {
				return vals
			}
		}
		if g := p.globals[e.S]; len(g) > 0 && isUpper(e.S) {
			return p.ref(e.S, &env{depth: v.depth + 1}, b)
		}
		return p.structField(e.S, x, v, b)
	case ir.Member:
		if x.X != nil && x.X.K == ir.Ref && !isUpper(x.X.S) && (x.X.S == "process" || x.S == "env") {
			return []string{Hole}
		}
		if o := p.classObj(x, v); o != nil {
			if f, ok := o.Fields[e.S]; ok {
				return p.eval(f, &env{fn: v.fn, recv: v.recv, depth: v.depth + 1}, b)
			}
		}
		if cls := x.S; isUpper(cls) && len(p.classOf(cls)) > 0 {
			return p.member(&ir.Expr{K: ir.Member, X: &ir.Expr{K: ir.Ref, S: cls}, S: e.S}, v, b)
		}
		return p.structField(e.S, x, v, b)
	}
	return []string{Hole}
}

// goMethod reports whether fn is a Go method (a function with a receiver).
func goMethod(fn *ir.Func) bool {
	return fn.Class != nil && fn.File.Lang == "go"
}

// objOf returns the object literal a name holds, if any.
func (p *Program) objOf(name string, v *env) *ir.Expr {
	if v.fn != nil {
		for _, a := range v.fn.Assigns {
			if a.Target.K == ir.Ref && a.Target.S == name && literal(a.Value) != nil {
				return literal(a.Value)
			}
		}
	}
	for _, g := range p.globalsOf(name, fileOf(v)) {
		if o := literal(g.v); o != nil {
			return o
		}
	}
	return nil
}

// literal returns the object literal e is, seen through a freezing or
// copying call ({...}.freeze, Object.freeze({...})), or nil.
func literal(e *ir.Expr) *ir.Expr {
	for i := 0; e != nil && i < 3; i++ {
		switch {
		case e.K == ir.Obj:
			return e
		case e.K == ir.CallK && e.C != nil && e.C.Fn != nil:
			switch lower(ir.Last(e.C.Fn)) {
			case "freeze", "dup", "to_h", "frozen":
				if len(e.C.Args) == 1 {
					e = e.C.Args[0]
				} else if e.C.Fn.K == ir.Member {
					e = e.C.Fn.X
				} else {
					return nil
				}
				continue
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// classObj returns the object literal held by a class constant or
// attribute: self::OAUTH, Config::OAUTH, this.OAUTH.
func (p *Program) classObj(x *ir.Expr, v *env) *ir.Expr {
	if x == nil || x.K != ir.Member || x.X == nil {
		return nil
	}
	var classes []*ir.Class
	switch x.X.K {
	case ir.Self:
		if v.recv != nil {
			classes = p.chain(v.recv.cls)
		} else if v.fn != nil {
			classes = p.chain(v.fn.Class)
		}
	case ir.Ref:
		for _, cl := range p.classIn(x.X.S, fileOf(v)) {
			classes = append(classes, p.chain(cl)...)
		}
	}
	for _, cl := range classes {
		if o := literal(cl.Attrs[x.S]); o != nil {
			return o
		}
	}
	return nil
}

// structField resolves x.name by the field's name across the program (Go
// struct fields, fields of objects of unknown class): the writes of a field
// of that name in the language family that may write the object x holds
// (writers), unrolled once where a write reads the field itself (fixed).
func (p *Program) structField(name string, x *ir.Expr, v *env, b *budget) []string {
	var sets []fieldSet
	from := fileOf(v)
	for _, s := range p.fields[name] {
		// A field of another language is another program's field.
		if from == nil || family(s.fn.File.Lang) == family(from.Lang) {
			sets = append(sets, s)
		}
	}
	sets, sig := p.writers(sets, x, v)
	if len(sets) == 0 || len(sets) > 16 {
		return []string{Hole}
	}
	k := bindKey{kind: 'F', name: name + "\x00" + sig}
	if from != nil {
		k.name += "\x00" + family(from.Lang)
	}
	out, again := p.fixed(k, b, len(sets), func(i int) []string {
		s := sets[i]
		return p.eval(s.v, &env{fn: s.fn, depth: v.depth + 1, callers: true, recv: ownRecv(s.fn)}, b)
	})
	if again || len(out) > 0 {
		return out
	}
	return []string{Hole}
}

// thisRecv returns the receiver this reads in v: the bound receiver, else
// an instance of the class of the method v evaluates in; nil when there is
// none.
func thisRecv(v *env) *recv {
	if v.recv != nil {
		return v.recv
	}
	if v.fn != nil && v.fn.Class != nil {
		return &recv{cls: v.fn.Class}
	}
	return nil
}

// field evaluates this.name for the receiver of v.
func (p *Program) field(name string, v *env, b *budget) []string {
	this := &ir.Expr{K: ir.Self}
	rc := thisRecv(v)
	if rc == nil || rc.cls == nil {
		return p.structField(name, this, v, b)
	}
	for _, c := range p.chain(rc.cls) {
		if a, ok := c.Attrs[name]; ok && a.K != ir.Unknown {
			return p.eval(a, &env{recv: rc, depth: v.depth + 1}, b)
		}
		// Python @property and Ruby attribute readers.
		if m := c.Methods[name]; m != nil && !m.Ctor && len(m.Returns) > 0 && len(m.Params) == 0 {
			return p.returns(m, &env{fn: m, bound: true, recv: rc, depth: v.depth + 1}, b)
		}
		type write struct {
			m *ir.Func
			a ir.Assign
		}
		var writes []write
		for _, m := range c.Methods {
			for _, a := range m.Assigns {
				self := a.Target.K == ir.Member && a.Target.X != nil && a.Target.X.K == ir.Self
				bare := a.Target.K == ir.Ref && fieldLang(c) && !m.Ctor || a.Target.K == ir.Ref && fieldLang(c) && m.Ctor && !isParamName(m, name)
				if a.Target.S != name || !self && !bare {
					continue
				}
				writes = append(writes, write{m, a})
			}
		}
		out, again := p.fixed(bindKey{kind: 'C', name: name, cls: c, inst: rc.cls, site: rc.site}, b, len(writes), func(i int) []string {
			w := writes[i]
			if !w.m.Ctor {
				return p.eval(w.a.Value, &env{fn: w.m, recv: rc, depth: v.depth + 1}, b)
			}
			var vals []string
			for _, ce := range p.ctorEnvs(rc, c, v.depth, b) {
				ce.depth = v.depth + 1
				for _, s := range p.eval(w.a.Value, ce, b) {
					vals = appendUniq(vals, s)
				}
			}
			return vals
		})
		if again || len(out) > 0 {
			return out
		}
	}
	return p.structField(name, this, v, b)
}

// ctorEnvs returns the bound environments of target's constructor when an
// instance of rc.cls is built: from the construction sites of rc.cls,
// through the super(...) calls of the constructors in between.
func (p *Program) ctorEnvs(rc *recv, target *ir.Class, depth int, b *budget) []*env {
	if depth > maxDepth {
		return nil
	}
	var envs []*env
	cur := rc.cls
	if rc.site == nil && !b.hidden && len(p.sites[cur.Name]) == 0 && len(p.subs[cur.Name]) > 0 {
		// A base class built only through its subclasses (class Teams :
		// Collection("team_templates")): each subclass is one instance of
		// the library surface.
		b.sites = true
		for _, sub := range p.subs[cur.Name] {
			if sub == cur || len(envs) >= maxVals || family(sub.File.Lang) != family(cur.File.Lang) {
				continue
			}
			envs = append(envs, p.ctorEnvs(&recv{cls: sub}, target, depth+1, b)...)
		}
		if len(envs) > 0 {
			return envs
		}
	}
	ctor := p.ctor(cur)
	// Environments of cur's constructor from its sites.
	var siteEnvs []*env
	if rc.site != nil {
		siteEnvs = append(siteEnvs, &env{fn: ctor, bound: true, args: rc.site.Args, kw: rc.site.KW, argEnv: rc.siteEnv, recv: rc})
	}
	for _, s := range p.sites[cur.Name] {
		if rc.site != nil {
			break
		}
		b.sites = true
		siteEnvs = append(siteEnvs, &env{fn: ctor, bound: true, args: s.c.Args, kw: s.c.KW, argEnv: &env{fn: s.fn, recv: ownRecv(s.fn), callers: true}, recv: rc})
		if len(siteEnvs) >= maxVals {
			break
		}
	}
	if len(siteEnvs) == 0 {
		siteEnvs = []*env{{fn: ctor, recv: rc}}
	}
	envs = siteEnvs
	for cur != target {
		var parent *ir.Class
		for _, s := range p.supersOf(cur) {
			parent = s
			break
		}
		if parent == nil {
			return nil
		}
		pctor := p.ctor(parent)
		var next []*env
		for _, e := range envs {
			if e.fn == nil {
				// No constructor: the arguments pass through.
				next = append(next, &env{fn: pctor, bound: e.bound, args: e.args, kw: e.kw, argEnv: e.argEnv, recv: rc})
				continue
			}
			for _, c := range e.fn.Calls {
				if isSuperCall(c) {
					next = append(next, &env{fn: pctor, bound: true, args: c.Args, kw: c.KW, argEnv: e, recv: rc})
				}
			}
		}
		envs = next
		cur = parent
	}
	for _, e := range envs {
		if e.fn == nil {
			e.fn = p.ctor(target)
		}
	}
	return envs
}

func isSuperCall(c *ir.Call) bool {
	if c.Fn == nil {
		return false
	}
	if c.Fn.K == ir.Super || (c.Fn.K == ir.Ref && c.Fn.S == "super") {
		return true
	}
	// Python super().__init__(...), Ruby super(...)
	if c.Fn.K == ir.Member && (c.Fn.S == "__init__" || c.Fn.S == "initialize") && c.Fn.X != nil && c.Fn.X.K == ir.CallK {
		return true
	}
	return false
}

var fmtVerb = regexp.MustCompile(`%[-+# 0-9.]*[sdvqxf]|\{[^{}]*\}`)

// format evaluates printf-style and Python format strings.
func (p *Program) format(e *ir.Expr, v *env, b *budget) []string {
	if len(e.Parts) == 0 {
		return []string{Hole}
	}
	var out []string
	for _, f := range p.eval(e.Parts[0], v, b) {
		args := e.Parts[1:]
		i := 0
		var vals = []string{""}
		last := 0
		for _, loc := range fmtVerb.FindAllStringIndex(f, -1) {
			lit := f[last:loc[0]]
			last = loc[1]
			var av []string
			if i < len(args) {
				av = p.eval(args[i], v, b)
			} else {
				av = []string{Hole}
			}
			i++
			var next []string
			for _, a := range vals {
				for _, x := range av {
					if len(next) < maxVals {
						next = append(next, a+lit+x)
					}
				}
			}
			vals = next
		}
		for _, a := range vals {
			out = appendUniq(out, a+f[last:])
		}
	}
	return out
}

// callValue is the value a call returns: a user function's returns, a
// format or join helper, or a Hole.
func (p *Program) callValue(c *ir.Call, v *env, b *budget) []string {
	name := ir.Last(c.Fn)
	switch lower(name) {
	case "get_env", "getenv", "getordefault", "getenvironmentvariable":
		// An environment variable with a default: the default is the value
		// the code ships with (System.get_env("X", "https://..."),
		// System.getenv().getOrDefault("X", ...)).
		if len(c.Args) == 2 {
			return p.eval(c.Args[1], v, b)
		}
		return []string{Hole}
	case "get", "fetch":
		if d := ir.Dotted(c.Fn); len(c.Args) == 2 && (strings.Contains(d, "environ") || strings.Contains(d, "ENV") || strings.Contains(d, "env.")) {
			return p.eval(c.Args[1], v, b)
		}
	case "sprintf", "format", "printf", "sprint", "f":
		if len(c.Args) > 0 {
			parts := c.Args
			if c.Fn.K == ir.Member && lower(name) == "format" && c.Fn.X.K == ir.Str {
				parts = append([]*ir.Expr{c.Fn.X}, c.Args...)
			}
			return p.format(&ir.Expr{K: ir.Format, Parts: parts}, v, b)
		}
	case "join", "urljoin", "resolve", "joinpath", "combine":
		if len(c.Args) >= 2 {
			out := []string{""}
			for i, a := range c.Args {
				vals := p.eval(a, v, b)
				var next []string
				for _, o := range out {
					for _, x := range vals {
						if i > 0 && !strings.HasSuffix(o, "/") && !strings.HasPrefix(x, "/") {
							x = "/" + x
						}
						if len(next) < maxVals {
							next = append(next, o+x)
						}
					}
				}
				out = next
			}
			return out
		}
	case "lstrip", "rstrip", "strip", "trimstart", "trimend", "trimprefix", "trimsuffix", "chomp", "freeze", "dup", "to_str", "tostring", "to_s":
		if c.Fn != nil && c.Fn.K == ir.Member {
			return p.eval(c.Fn.X, v, b)
		}
		if len(c.Args) >= 1 {
			return p.eval(c.Args[0], v, b)
		}
	case "str", "string", "encodeuricomponent", "strval", "uri", "parse", "create", "url", "trim":
		if len(c.Args) == 1 {
			return p.eval(c.Args[0], v, b)
		}
		if len(c.Args) == 0 && c.Fn != nil && c.Fn.K == ir.Member {
			return p.eval(c.Fn.X, v, b)
		}
	}
	for _, t := range p.targets(c, v) {
		if len(t.fn.Returns) == 0 {
			continue
		}
		return p.returns(t.fn, &env{fn: t.fn, bound: true, args: c.Args, kw: c.KW, argEnv: v, recv: t.recv, depth: v.depth + 1}, b)
	}
	return []string{Hole}
}

// methodConst reads HTTP method constants: http.MethodGet, HttpMethod.Post,
// HttpMethod.GET, Method::DELETE.
func methodConst(e *ir.Expr) string {
	n := e.S
	if strings.HasPrefix(n, "Method") && len(n) > 6 {
		n = n[6:]
	} else if l := ir.Last(e.X); l != "HttpMethod" && l != "Method" && l != "HttpMethods" && l != "RequestMethod" {
		return ""
	}
	switch u := strings.ToUpper(n); u {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD":
		return u
	}
	return ""
}

// fieldLang reports a language where a bare name in a method may be a
// field of the class (Java, Kotlin, C#), not a local.
func fieldLang(cl *ir.Class) bool {
	if cl == nil || cl.File == nil {
		return false
	}
	switch cl.File.Lang {
	case "java", "kotlin", "csharp":
		return true
	}
	return false
}

func isParamName(fn *ir.Func, name string) bool {
	for _, p := range fn.Params {
		if p == name {
			return true
		}
	}
	return false
}
