package audit

// Calls used as values (format and join helpers, URL constructors, user
// functions that return a string) and the matching of a call to the user
// function it invokes.

import (
	"path"
	"strings"
)

// stringFuncs return (a function of) their arguments as a string.
var joinFuncs = map[string]bool{
	"urljoin": true, "join": true, "JoinPath": true, "Join": true, "Combine": true, "join_url": true,
	"merge": true, "resolve": true,
}

var identityFuncs = map[string]bool{
	"URI": true, "parse": true, "Parse": true, "create": true, "URL": true, "Uri": true, "encodeURI": true,
	"String": true, "str": true, "strval": true, "to_string": true, "toString": true, "valueOf": true,
	"trim": true, "strip": true, "rstrip": true, "TrimSuffix": true, "TrimRight": true, "to_s": true,
	"MustParse": true, "URI.parse": true, "toURI": true, "url": false,
}

// callValue evaluates a call used as a value: format and join helpers,
// URL constructors, and user functions that return a string.
func (ix *index) callValue(c *callExpr, v *env) []seg {
	name := strings.TrimPrefix(c.name(), "new ")
	callee := strings.TrimPrefix(c.callee, "new ")
	switch {
	case c.callee == "%format" || name == "format" || name == "sprintf" || name == "Sprintf" || name == "Format" || name == "formatted":
		if len(c.args) == 0 {
			return []seg{{hole: "?"}}
		}
		return ix.format(c, v)
	case joinFuncs[name] && len(c.args) >= 2 && (strings.Contains(strings.ToLower(callee), "url") || strings.Contains(strings.ToLower(callee), "uri") || strings.Contains(strings.ToLower(callee), "path") || name == "urljoin" || name == "join_url"):
		var out []seg
		for i, a := range c.args {
			s := ix.eval(a, v.child())
			if i > 0 {
				out = joinSlash(out, s)
			} else {
				out = s
			}
		}
		return out
	case (callee == "URL" || callee == "Uri") && len(c.args) == 2:
		// new URL(path, base) / new Uri(base, path)
		if callee == "URL" {
			return joinSlash(ix.eval(c.args[1], v.child()), ix.eval(c.args[0], v.child()))
		}
		return joinSlash(ix.eval(c.args[0], v.child()), ix.eval(c.args[1], v.child()))
	case identityFuncs[name] || identityFuncs[callee]:
		if len(c.args) > 0 {
			return ix.eval(c.args[0], v.child())
		}
	case receiverIdentity[name] && c.recv() != "":
		return ix.ref(c.recv(), v)
	}
	if f := ix.pickFunc(c, v); f != nil && f.ret != nil {
		return ix.eval(f.ret, ix.inlineEnv(f, c, v))
	}
	return []seg{{hole: name}}
}

// receiverIdentity are string methods whose result is (for the audit) the
// receiver: path.lstrip("/"), base.trimEnd(), url.to_s.
var receiverIdentity = map[string]bool{
	"lstrip": true, "rstrip": true, "strip": true, "trim": true, "trimStart": true, "trimEnd": true,
	"toString": true, "to_s": true, "freeze": true, "chomp": true, "TrimSpace": true, "Trim": true,
}

// joinSlash joins two evaluated strings with exactly one slash.
func joinSlash(a, b []seg) []seg {
	if len(a) == 0 {
		return b
	}
	out := append([]seg{}, a...)
	endSlash := out[len(out)-1].isLit() && strings.HasSuffix(out[len(out)-1].lit, "/")
	startSlash := len(b) > 0 && b[0].isLit() && strings.HasPrefix(b[0].lit, "/")
	switch {
	case endSlash && startSlash:
		b = append([]seg{{lit: strings.TrimPrefix(b[0].lit, "/")}}, b[1:]...)
	case !endSlash && !startSlash:
		out = append(out, seg{lit: "/"})
	}
	return append(out, b...)
}

// format substitutes %s/%d/%v, {} / {0} / {name} placeholders.
func (ix *index) format(c *callExpr, v *env) []seg {
	fmtSegs := ix.eval(c.args[0], v.child())
	args := c.args[1:]
	next := 0
	var out []seg
	argSeg := func(key string) []seg {
		if key != "" {
			if e, ok := c.kw[strings.ToLower(key)]; ok {
				return ix.eval(e, v.child())
			}
			if n := pageNumber(key); n > 0 || key == "0" {
				if n < len(args) {
					return ix.eval(args[n], v.child())
				}
				return []seg{{hole: "?"}}
			}
			return ix.ref(key, v)
		}
		if next < len(args) {
			next++
			return ix.eval(args[next-1], v.child())
		}
		return []seg{{hole: "?"}}
	}
	for _, s := range fmtSegs {
		if !s.isLit() {
			out = append(out, s)
			continue
		}
		text := s.lit
		var b strings.Builder
		for i := 0; i < len(text); i++ {
			ch := text[i]
			if ch == '%' && i+1 < len(text) {
				if text[i+1] == '%' {
					b.WriteByte('%')
					i++
					continue
				}
				j := i + 1
				for j < len(text) && strings.IndexByte("0123456789.-+# ", text[j]) >= 0 {
					j++
				}
				if j < len(text) && strings.IndexByte("sdvqfxXi@", text[j]) >= 0 {
					out = append(out, seg{lit: b.String()})
					b.Reset()
					out = append(out, argSeg("")...)
					i = j
					continue
				}
			}
			if ch == '{' {
				if k := strings.IndexByte(text[i:], '}'); k > 0 && k < 40 {
					key := text[i+1 : i+k]
					if c := strings.IndexAny(key, ":!"); c >= 0 {
						key = key[:c]
					}
					if !strings.ContainsAny(key, " \"'/") {
						out = append(out, seg{lit: b.String()})
						b.Reset()
						out = append(out, argSeg(key)...)
						i += k
						continue
					}
				}
			}
			b.WriteByte(ch)
		}
		out = append(out, seg{lit: b.String()})
	}
	return out
}

// genericNames are function names too common to match a user function by
// name alone; the receiver must point at it.
var genericNames = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "request": true,
	"send": true, "call": true, "fetch": true, "list": true, "create": true, "update": true,
	"find": true, "all": true, "execute": true, "do": true, "run": true, "perform": true,
	"index": true, "show": true, "new": true, "build": true, "init": true, "__init__": true,
	"initialize": true, "constructor": true, "apply": true, "invoke": true, "handle": true,
	"process": true, "load": true, "save": true, "read": true, "write": true, "open": true,
	"url": true, "path": true, "query": true, "search": true, "remove": true, "add": true,
}

// pickFunc finds the user function a call invokes, or nil.
func (ix *index) pickFunc(c *callExpr, v *env) *funcInfo {
	name := strings.TrimPrefix(c.name(), "new ")
	cands := ix.funcs[name]
	if len(cands) == 0 {
		return nil
	}
	recv := c.recv()
	selfRecv := recv == "" || recv == "this" || recv == "self" || recv == "self.class" || recv == "super" || recv == "__MODULE__" || recv == "static" || recv == "parent"
	recvClass := ""
	if !selfRecv {
		recvClass = ix.classOf(recv, v)
	}
	var best *funcInfo
	bestScore := 0
	for _, f := range cands {
		score := 0
		switch {
		case recvClass != "" && strings.EqualFold(f.class, recvClass):
			score = 100
		case selfRecv && f.class != "" && f.class == v.class && f.file == v.fm:
			score = 90
		case selfRecv && f.file == v.fm:
			score = 80
		case selfRecv && f.class != "" && f.class == v.class:
			score = 70
		case !selfRecv && f.class != "" && strings.Contains(strings.ToLower(recv), strings.ToLower(f.class)):
			score = 60
		case !selfRecv && f.class == "" && (strings.EqualFold(lastSeg(recv), strings.TrimSuffix(path.Base(f.file.rel), path.Ext(f.file.rel))) || f.file.pkg == lastSeg(recv)):
			score = 55 // module function: api.listPeople() from api.ts, pkg.Func()
		case selfRecv && f.class == "" && f.file.lang == langGo && v.fm != nil && f.file.dir == v.fm.dir:
			score = 85 // a Go function of the same package
		case !genericNames[name] && len(cands) == 1:
			score = 20
		case selfRecv && !genericNames[name] && f.class == "" && v.fm != nil && f.file.dir == v.fm.dir:
			score = 30
		}
		if score > bestScore {
			best, bestScore = f, score
		}
	}
	return best
}

// classOf returns the class of the object a receiver names, when it was
// built with a constructor the index knows (`people = new Resource(...)`,
// `client = SalesloftClient()`, `@conn = Faraday.new`), else the receiver's
// last segment when a class of that name exists.
func (ix *index) classOf(recv string, v *env) string {
	if d := ix.recvDef(recv, v); d != nil && len(d.val) == 1 && d.val[0].kind == kCall {
		c := d.val[0].call
		cls := strings.TrimPrefix(c.callee, "new ")
		cls = strings.TrimSuffix(cls, ".new")
		return lastSeg(cls)
	}
	return lastSeg(recv)
}

// instanceArgs returns the constructor call that built the receiver.
func (ix *index) instanceCall(recv string, v *env) (*callExpr, *env) {
	d := ix.recvDef(recv, v)
	if d == nil || len(d.val) != 1 || d.val[0].kind != kCall {
		return nil, nil
	}
	return d.val[0].call, &env{fm: d.file, fn: d.fn, class: d.class, line: d.line}
}

// inlineEnv binds a function's parameters to a call's arguments (and, for
// a method of an object built by a constructor, the constructor's
// parameters to the constructor's arguments).
func (ix *index) inlineEnv(f *funcInfo, c *callExpr, v *env) *env {
	ne := &env{fm: f.file, fn: f, class: f.class, bind: map[string]binding{}, depth: v.depth + 1, seen: v.seen}
	params := f.params
	if len(params) > 0 && (params[0] == "self" || params[0] == "cls") {
		params = params[1:]
	}
	for i, p := range params {
		if i < len(c.args) {
			ne.bind[p] = binding{e: c.args[i], env: v}
		}
		if e, ok := c.kw[strings.ToLower(p)]; ok {
			ne.bind[p] = binding{e: e, env: v}
		}
	}
	if recv := c.recv(); recv != "" && f.class != "" {
		if ctor, cenv := ix.instanceCall(recv, v); ctor != nil {
			for _, cf := range ix.funcs[ctorName(f)] {
				if cf.class != f.class {
					continue
				}
				ps := cf.params
				for i, p := range ps {
					if i < len(ctor.args) {
						if _, taken := ne.bind[p]; !taken {
							ne.bind[p] = binding{e: ctor.args[i], env: cenv}
						}
					}
				}
			}
			// Fields assigned from constructor parameters: this.path = path.
		}
	}
	return ne
}

func ctorName(f *funcInfo) string {
	switch f.file.lang {
	case langPython:
		return "__init__"
	case langRuby:
		return "initialize"
	case langPHP:
		return "__construct"
	case langJS, langTS:
		return "constructor"
	}
	return f.class
}

// ctorParam reports whether the constructor of class takes a parameter
// named name.
func (ix *index) ctorParam(class, name string) bool {
	for _, ctor := range []string{"constructor", "__init__", "initialize", "__construct", class} {
		for _, f := range ix.funcs[ctor] {
			if f.class != class {
				continue
			}
			for _, p := range f.params {
				if p == name {
					return true
				}
			}
		}
	}
	return false
}

// recvDef finds the definition of a receiver, following a parameter bound
// to a name (`constructor(private client) ... this.client.get(...)` with
// `new Resource(api, ...)` binds client to api).
func (ix *index) recvDef(recv string, v *env) *def {
	simple := simpleName(recv)
	if b, ok := v.bind[simple]; ok && (!strings.Contains(recv, ".") || isSelfRef(recv)) {
		v.markUsed()
		if len(b.e) == 1 && b.e[0].kind == kRef && b.env != nil {
			return ix.recvDef(b.e[0].s, b.env)
		}
		return nil
	}
	return ix.lookupDef(recv, v)
}
