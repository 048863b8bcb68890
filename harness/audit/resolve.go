package audit

import (
	"path"
	"strings"
)

// seg is one piece of an evaluated string: literal text, a hole the audit
// cannot know (an id, a computed value), a parameter of the enclosing
// function (the caller decides), or a configured SalesLoft base.
type seg struct {
	lit   string
	hole  string
	param bool
	base  bool
}

func (s seg) isLit() bool { return s.hole == "" && !s.base }

// index holds what phase one collected from every analysed file.
type index struct {
	defs   map[string][]*def
	byQual map[string][]*def // "qualifier|name": class, file base name or Go package
	byDir  map[string][]*def // "dir|name": top-level Go definitions of a package
	global map[string]*def   // the top-level definition a bare name means anywhere
	funcs  map[string][]*funcInfo
	cfg    *Config
	bases  map[string]bool // configured base names
}

func newIndex(models []*fileModel, cfg *Config) *index {
	ix := &index{defs: map[string][]*def{}, funcs: map[string][]*funcInfo{}, cfg: cfg, bases: map[string]bool{},
		byQual: map[string][]*def{}, byDir: map[string][]*def{}, global: map[string]*def{}}
	topCount := map[string]int{}
	for _, fm := range models {
		base := strings.ToLower(strings.TrimSuffix(path.Base(fm.rel), path.Ext(fm.rel)))
		for _, d := range fm.defs {
			n := simpleName(d.name)
			ix.defs[n] = append(ix.defs[n], d)
			if d.fn != nil {
				if d.class != "" {
					k := strings.ToLower(d.class) + "|" + n
					ix.byQual[k] = append(ix.byQual[k], d)
				}
				continue
			}
			for _, q := range []string{strings.ToLower(d.class), base, strings.ToLower(fm.pkg)} {
				if q != "" {
					ix.byQual[q+"|"+n] = append(ix.byQual[q+"|"+n], d)
				}
			}
			if fm.lang == langGo {
				ix.byDir[fm.dir+"|"+n] = append(ix.byDir[fm.dir+"|"+n], d)
			}
			topCount[n]++
			if g, ok := ix.global[n]; !ok || !mentionsSalesloft(g.val) && mentionsSalesloft(d.val) {
				ix.global[n] = d
			}
		}
		for _, f := range fm.funcs {
			ix.funcs[f.name] = append(ix.funcs[f.name], f)
		}
	}
	for n, d := range ix.global {
		if topCount[n] > 1 && !mentionsSalesloft(d.val) {
			delete(ix.global, n) // ambiguous: several unrelated definitions
		}
	}
	if cfg != nil {
		for _, b := range cfg.BaseURLs {
			ix.bases[simpleName(b)] = true
		}
	}
	return ix
}

// binding is an argument bound to a parameter, with the environment to
// evaluate it in.
type binding struct {
	e   expr
	env *env
}

// env is where an expression is evaluated: its file, function and class,
// and the arguments bound to parameters when a call is inlined.
type env struct {
	fm    *fileModel
	fn    *funcInfo
	class string
	bind  map[string]binding
	line  int
	depth int
	seen  map[*def]bool
	// foreign is set when evaluating a definition that belongs to another
	// function than the one analysed: its parameters are unknown values,
	// not "from the caller".
	foreign bool
	// used is set when a bound argument was consulted: the result depends
	// on the call being inlined.
	used *bool
}

func (v *env) child() *env {
	return &env{fm: v.fm, fn: v.fn, class: v.class, bind: v.bind, line: v.line, depth: v.depth + 1, seen: v.seen, foreign: v.foreign, used: v.used}
}

const maxEvalDepth = 14

func (ix *index) eval(e expr, v *env) []seg {
	var out []seg
	if v.depth > maxEvalDepth {
		return []seg{{hole: "deep"}}
	}
	for _, t := range e {
		switch t.kind {
		case kLit, kNum:
			out = append(out, seg{lit: t.s})
		case kHole, kObj:
			out = append(out, seg{hole: "?"})
		case kRef:
			out = append(out, ix.ref(t.s, v)...)
		case kCall:
			out = append(out, ix.callValue(t.call, v)...)
		}
		if len(out) > 256 {
			break
		}
	}
	return out
}

func (v *env) markUsed() {
	if v.used != nil {
		*v.used = true
	}
}

func (v *env) isParam(name string) bool {
	if v.fn == nil {
		return false
	}
	for _, p := range v.fn.params {
		if p == name {
			return true
		}
	}
	return false
}

// ref resolves a name: a bound argument, a parameter, a definition in the
// nearest scope, a configured base name, or a hole.
func (ix *index) ref(name string, v *env) []seg {
	simple := simpleName(name)
	bare := !strings.Contains(name, ".")
	if b, ok := v.bind[simple]; ok && (bare || isSelfRef(name)) {
		v.markUsed()
		return ix.eval(b.e, b.env.child())
	}
	if bare && v.isParam(simple) {
		if d, ok := v.fn.defaults[simple]; ok && (v.foreign || v.bind != nil) {
			return ix.eval(d, v.child())
		}
		if v.foreign {
			return []seg{{hole: simple}}
		}
		return []seg{{hole: simple, param: true}}
	}
	if d := ix.lookupDef(name, v); d != nil {
		if v.seen == nil {
			v.seen = map[*def]bool{}
		}
		if v.seen[d] {
			return []seg{{hole: simple}}
		}
		v.seen[d] = true
		defer delete(v.seen, d)
		de := v.child()
		if d.fn != v.fn || d.file != v.fm {
			de = &env{fm: d.file, fn: d.fn, class: d.class, depth: v.depth + 1, seen: v.seen, bind: v.bind, foreign: d.fn != nil, used: v.used}
			if d.fn != nil && v.bind != nil && d.class != v.class {
				de.bind = nil
			}
		}
		return ix.eval(d.val, de)
	}
	if ix.bases[simple] {
		return []seg{{base: true}}
	}
	if !bare && isSelfRef(name) && !v.foreign && v.bind == nil && v.class != "" && ix.ctorParam(v.class, simple) {
		// this.path where the constructor took path: the object's creator
		// decides (new Resource(api, '/accounts')).
		return []seg{{hole: simple, param: true}}
	}
	return []seg{{hole: simple}}
}

func isSelfRef(name string) bool {
	for _, p := range []string{"this.", "self.", "@", "$this.", "this->"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// lookupDef picks the definition a name refers to, nearest scope first:
// the same function (latest before the use), the same class, the same
// file; then a file, class or package named like the qualifier; then the
// same Go package directory; then, for a top-level name, the one
// definition of that name anywhere (or the one naming a SalesLoft host).
// Each step uses an index, so a lookup does not scan every definition of
// a common name.
func (ix *index) lookupDef(name string, v *env) *def {
	simple := simpleName(name)
	if v.fm != nil {
		if d := bestLocal(v.fm.defsNamed(simple), v); d != nil {
			return d
		}
	}
	qual := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		qual = strings.ToLower(simpleName(name[:i]))
	}
	if qual != "" && qual != "this" && qual != "self" {
		for _, d := range ix.byQual[qual+"|"+simple] {
			return d
		}
	}
	if v.fm != nil && v.fm.lang == langGo {
		if ds := ix.byDir[v.fm.dir+"|"+simple]; len(ds) > 0 {
			return ds[0]
		}
	}
	return ix.global[simple]
}

// bestLocal picks among one file's definitions of a name.
func bestLocal(cands []*def, v *env) *def {
	var best *def
	bestScore := 0
	for _, d := range cands {
		score := 0
		switch {
		case d.fn != nil && d.fn == v.fn:
			score = 100
			if v.line > 0 && d.line > v.line {
				score = 90
			}
		case d.fn != nil && d.class != "" && d.class == v.class:
			score = 70 // attribute set in another method of the class
		case d.fn == nil && d.class == v.class:
			score = 80
		case d.fn == nil:
			score = 60
		}
		if score > bestScore || score == bestScore && best != nil && d.line > best.line && d.fn == best.fn && score >= 90 {
			best, bestScore = d, score
		}
	}
	return best
}

// defsNamed returns the file's definitions of a simple name.
func (fm *fileModel) defsNamed(simple string) []*def {
	if fm.defIndex == nil {
		fm.defIndex = map[string][]*def{}
		for _, d := range fm.defs {
			n := simpleName(d.name)
			fm.defIndex[n] = append(fm.defIndex[n], d)
		}
	}
	return fm.defIndex[simple]
}

func mentionsSalesloft(e expr) bool {
	for _, t := range e {
		if t.kind == kLit && strings.Contains(strings.ToLower(t.s), "salesloft") {
			return true
		}
	}
	return false
}
