// Package flow resolves the values that reach HTTP calls across the files
// of a program: string values (literals, concatenation, templates, format
// strings), bindings (constants, variables, fields, attributes,
// parameters, returns) and calls (HTTP verbs, wrappers, constructors),
// then reports each request with the method and URL it sends.
//
// The analysis is flow-insensitive and bounded: a name holds the union of
// every value assigned to it, a parameter takes the arguments of the call
// being followed, and every search stops at a fixed depth and step budget,
// so the cost is proportional to the code that reaches SalesLoft.
package flow

import (
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// Request is one request the program sends.
type Request struct {
	Method string
	// URL is the resolved URL or path; Hole marks a part the audit cannot
	// know (a parameter, an id, a value from the environment).
	URL  string
	File string
	Line int
	Lang string
	// Via says how it was found: call, wrapper, field, framework, sdk.
	Via string
	// Dynamic marks a call whose method and path both come from its caller.
	Dynamic bool
	// Attrs are paging and filter parameters seen at the call.
	Attrs map[string]string
	// SinkFile and SinkLine are where the request is sent (the wrapper's
	// HTTP call); Surface marks a value taken from every construction of a
	// class (a library's public surface) rather than from one instance.
	SinkFile string
	SinkLine int
	Surface  bool
}

// Options are what the team's configuration adds.
type Options struct {
	// BaseNames are names holding a SalesLoft base URL the code does not show.
	BaseNames []string
	// Wrappers are functions whose first string argument is a SalesLoft
	// path (and whose first argument may be the method).
	Wrappers []string
}

// Hole marks an unknown part of a value.
const Hole = "\x00"

// Program is the set of parsed files with the indexes the resolver needs.
type Program struct {
	Files   []*ir.File
	rules   *rules.Rules
	funcs   map[string][]*ir.Func
	classes map[string][]*ir.Class
	subs    map[string][]*ir.Class
	globals map[string][]global
	fields  map[string][]fieldSet
	sites   map[string][]site // constructor sites by class name
	callers map[string][]site // calls by callee last name
	base    map[*ir.File][]*ir.Expr
	opts    Options
	// owner is the innermost function whose body holds a call: a
	// closure's calls are also copied into the function that makes it.
	owner map[*ir.Call]*ir.Func
	// slots are the places a function value is held in an object literal
	// (a dispatch table: handlers = {"/x": (a) => ...}).
	slots map[*ir.Func][]slot
	// held caches what a parameter nobody binds holds, from the call sites.
	held      map[heldKey]heldVal
	heldDepth int
	// routed are route declarations: calls inside a routing block, verb
	// calls on or chained into a route call (nonrequests.go).
	routed map[*ir.Call]bool
	// mocked are calls through, on or inside a test double (nonrequests.go).
	mocked map[*ir.Call]bool
	// setKinds caches what object each field write writes (objects.go);
	// kept caches the locals that never leave their function.
	setKinds map[*ir.Expr]kinds
	kept     map[localKey]bool
}

// slot is one field of an object literal bound to a name that holds a
// function value.
type slot struct {
	table string // the dotted name the object is bound to
	key   string
	file  *ir.File
}

type global struct {
	v *ir.Expr
	f *ir.File
}

// fieldSet is one write of a field: v assigned in fn to the field of on
// (a member write: u.Path = v, this.base = v) or of a composite literal of
// type typ (Go: Client{base: v}).
type fieldSet struct {
	v   *ir.Expr
	fn  *ir.Func
	on  *ir.Expr
	typ string
}

type site struct {
	c  *ir.Call
	fn *ir.Func
}

// New indexes files for resolution.
func New(files []*ir.File, r *rules.Rules, o Options) *Program {
	p := &Program{Files: files, rules: r, opts: o, base: map[*ir.File][]*ir.Expr{}, funcs: map[string][]*ir.Func{}, classes: map[string][]*ir.Class{},
		subs: map[string][]*ir.Class{}, globals: map[string][]global{}, fields: map[string][]fieldSet{},
		sites: map[string][]site{}, callers: map[string][]site{}, owner: map[*ir.Call]*ir.Func{}, slots: map[*ir.Func][]slot{},
		held: map[heldKey]heldVal{}, routed: map[*ir.Call]bool{}, mocked: map[*ir.Call]bool{}, setKinds: map[*ir.Expr]kinds{}, kept: map[localKey]bool{}}
	for _, f := range files {
		// Closures are listed before the functions that make them, so the
		// first function found holding a call is the innermost.
		for _, fn := range f.Funcs {
			p.own(fn)
		}
		for _, cl := range f.Classes {
			for _, m := range cl.Methods {
				p.own(m)
			}
		}
		p.own(f.Top)
	}
	for _, f := range files {
		for _, fn := range f.Funcs {
			if fn.Name != "" {
				p.funcs[fn.Name] = append(p.funcs[fn.Name], fn)
			}
			p.indexFunc(fn)
		}
		p.indexFunc(f.Top)
		for _, a := range f.Top.Assigns {
			if a.Target.K == ir.Ref {
				p.globals[a.Target.S] = append(p.globals[a.Target.S], global{a.Value, f})
			}
		}
		for _, c := range f.Top.Calls {
			// PHP define("NAME", value), Elixir @attr value.
			if ir.Last(c.Fn) == "define" && len(c.Args) == 2 && c.Args[0].K == ir.Str {
				p.globals[c.Args[0].S] = append(p.globals[c.Args[0].S], global{c.Args[1], f})
			}
			// A module-wide base: HTTParty base_uri "...", Tesla plug BaseUrl.
			switch {
			case ir.Last(c.Fn) == "base_uri" && len(c.Args) == 1:
				p.base[f] = append(p.base[f], c.Args[0])
			case ir.Last(c.Fn) == "plug" && len(c.Args) == 2 && strings.HasSuffix(ir.Dotted(c.Args[0]), "BaseUrl"):
				p.base[f] = append(p.base[f], c.Args[1])
			}
		}
		for _, cl := range f.Classes {
			p.classes[cl.Name] = append(p.classes[cl.Name], cl)
			for _, s := range cl.Supers {
				p.subs[s] = append(p.subs[s], cl)
			}
			for _, m := range cl.Methods {
				p.indexFunc(m)
			}
		}
	}
	return p
}

func (p *Program) own(fn *ir.Func) {
	for _, c := range fn.Calls {
		if _, ok := p.owner[c]; !ok {
			p.owner[c] = fn
		}
	}
}

func (p *Program) indexFunc(fn *ir.Func) {
	p.markChains(fn)
	for _, a := range fn.Assigns {
		if a.Target.K == ir.Member {
			p.fields[a.Target.S] = append(p.fields[a.Target.S], fieldSet{v: a.Value, fn: fn, on: a.Target.X})
		}
		p.indexObj(a.Value, fn)
		if o := literal(a.Value); o != nil && fn.File != nil {
			if t := ir.Dotted(a.Target); t != "" {
				for k, e := range o.Fields {
					if e.Func != nil {
						p.slots[e.Func] = append(p.slots[e.Func], slot{t, k, fn.File})
					}
				}
			}
		}
	}
	for _, c := range fn.Calls {
		name := ir.Last(c.Fn)
		if c.Fn != nil && c.Fn.K == ir.Super {
			name = "super"
		}
		if c.Block != nil && rules.In(name, p.rules.RouteBlocks) {
			// A block's calls include those of the blocks nested in it.
			for _, rc := range c.Block.Calls {
				p.routed[rc] = true
			}
		}
		if name != "" {
			p.callers[name] = append(p.callers[name], site{c, fn})
		}
		if c.New || name == "new" {
			cls := name
			if name == "new" && c.Fn.K == ir.Member {
				cls = ir.Last(c.Fn.X)
			}
			p.sites[cls] = append(p.sites[cls], site{c, fn})
		} else if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			// Python and Kotlin construct by calling the class.
			p.sites[name] = append(p.sites[name], site{c, fn})
		}
		for _, a := range c.Args {
			p.indexObj(a, fn)
		}
	}
	for _, r := range fn.Returns {
		p.indexObj(r, fn)
	}
}

// indexObj records the fields of Go composite literals (T{f: v}) as field
// assignments.
func (p *Program) indexObj(e *ir.Expr, fn *ir.Func) {
	if e == nil || e.K != ir.Obj || e.S == "" {
		return
	}
	for k, v := range e.Fields {
		p.fields[k] = append(p.fields[k], fieldSet{v: v, fn: fn, typ: e.S})
	}
}

// globalsOf returns the module-level bindings of name visible from file
// from: those of the same file when it binds the name (wherever in the file,
// before or after the use), else those of its language family, else all.
// Several providers often export the same name (authConfig), so the nearest
// scope wins, as in the languages themselves.
func (p *Program) globalsOf(name string, from *ir.File) []global {
	all := p.globals[name]
	if from == nil || len(all) < 2 {
		return all
	}
	var same, fam []global
	for _, g := range all {
		if g.f == from {
			same = append(same, g)
		}
		if family(g.f.Lang) == family(from.Lang) {
			fam = append(fam, g)
		}
	}
	if len(same) > 0 {
		return same
	}
	return fam
}

// funcsOf returns the functions a bare name names in file from: the
// file's own when it defines one (a definition shadows every other
// module's); in a language whose directories are packages (from.Scope),
// those of the package and never another's; else those of the language
// family (all of them when from is nil). A stand-in server's local
// pageCost(page) is not a client's pageCost in another package.
func (p *Program) funcsOf(name string, from *ir.File) []*ir.Func {
	all := p.funcs[name]
	if from == nil {
		return all
	}
	var same, fam []*ir.Func
	for _, f := range all {
		if f.File == from || from.Scope != "" && f.File.Scope == from.Scope && f.File.Lang == from.Lang {
			same = append(same, f)
		}
		if family(f.File.Lang) == family(from.Lang) {
			fam = append(fam, f)
		}
	}
	if len(same) > 0 || from.Scope != "" {
		return same
	}
	return fam
}

// fileOf returns the file of the function an environment evaluates in.
func fileOf(v *env) *ir.File {
	if v != nil && v.fn != nil {
		return v.fn.File
	}
	return nil
}

// classOf returns the classes named n.
func (p *Program) classOf(n string) []*ir.Class {
	return p.classes[n]
}

// classIn returns the classes named n in the language family of file f.
func (p *Program) classIn(n string, f *ir.File) []*ir.Class {
	if f == nil {
		return p.classes[n]
	}
	var out []*ir.Class
	for _, c := range p.classes[n] {
		if family(c.File.Lang) == family(f.Lang) {
			out = append(out, c)
		}
	}
	return out
}

func family(lang string) string {
	switch lang {
	case "javascript", "typescript":
		return "js"
	case "java", "kotlin":
		return "jvm"
	}
	return lang
}

// supersOf returns the ancestors of cl, nearest first.
func (p *Program) supersOf(cl *ir.Class) []*ir.Class {
	var out []*ir.Class
	seen := map[*ir.Class]bool{cl: true}
	queue := []*ir.Class{cl}
	for len(queue) > 0 && len(out) < 16 {
		c := queue[0]
		queue = queue[1:]
		for _, s := range c.Supers {
			for _, sc := range p.classes[s] {
				if !seen[sc] && family(sc.File.Lang) == family(c.File.Lang) {
					seen[sc] = true
					out = append(out, sc)
					queue = append(queue, sc)
				}
			}
		}
	}
	return out
}

// chain returns cl and its ancestors.
func (p *Program) chain(cl *ir.Class) []*ir.Class {
	if cl == nil {
		return nil
	}
	return append([]*ir.Class{cl}, p.supersOf(cl)...)
}

// derives reports whether cl has an ancestor named one of names (also
// when that ancestor is a library class the program does not define).
func (p *Program) derives(cl *ir.Class, names []string) bool {
	for _, c := range p.chain(cl) {
		for _, s := range c.Supers {
			for _, n := range names {
				if s == n {
					return true
				}
			}
		}
	}
	return false
}

// method finds a method in cl's chain.
func (p *Program) method(cl *ir.Class, name string) (*ir.Func, *ir.Class) {
	for _, c := range p.chain(cl) {
		if m := c.Methods[name]; m != nil {
			return m, c
		}
	}
	return nil, nil
}

func (p *Program) ctor(cl *ir.Class) *ir.Func {
	for _, m := range cl.Methods {
		if m.Ctor {
			return m
		}
	}
	return nil
}

func isUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

func lower(s string) string { return strings.ToLower(s) }
