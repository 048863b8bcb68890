package flow

import (
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// target is a user function a call may invoke, with its receiver.
type target struct {
	fn   *ir.Func
	recv *recv
}

// targets resolves a call to the program's functions.
func (p *Program) targets(c *ir.Call, v *env) []target {
	if c.Fn == nil {
		return nil
	}
	name := ir.Last(c.Fn)
	cur := v.recv
	if cur == nil && v.fn != nil && v.fn.Class != nil {
		cur = &recv{cls: v.fn.Class}
	}
	switch c.Fn.K {
	case ir.Ref:
		var out []target
		if cur != nil {
			if m, _ := p.method(cur.cls, name); m != nil && m != v.fn {
				return []target{{m, cur}}
			}
		}
		for _, f := range p.funcsOf(name, fileOf(v)) {
			out = append(out, target{f, nil})
		}
		return out
	case ir.Member:
		x := c.Fn.X
		switch {
		case x.K == ir.Self && cur != nil:
			if m, _ := p.method(cur.cls, name); m != nil {
				return []target{{m, cur}}
			}
		case x.K == ir.Super || (x.K == ir.CallK && x.C != nil && x.C.Fn != nil && ir.Last(x.C.Fn) == "super"):
			if v.fn != nil && v.fn.Class != nil {
				for _, s := range p.supersOf(v.fn.Class) {
					if m := s.Methods[name]; m != nil {
						return []target{{m, cur}}
					}
				}
			}
		case x.K == ir.Ref || x.K == ir.Member:
			cn := ir.Last(x)
			var file *ir.File
			if v.fn != nil {
				file = v.fn.File
			}
			for _, cl := range p.classIn(cn, file) {
				if m, _ := p.method(cl, name); m != nil {
					return []target{{m, &recv{cls: cl}}}
				}
			}
			// An instance held in a variable or field: new K(...).
			xv := p.recvEnv(c, v)
			if cl, site, senv := p.instanceClass(x, xv); cl != nil {
				if m, _ := p.method(cl, name); m != nil {
					return []target{{m, &recv{cls: cl, site: site, siteEnv: senv}}}
				}
			}
			// An instance passed in: every value the parameter holds (here,
			// or at every call site when nobody binds it) is one.
			if ts := p.heldInstances(x, name, xv); len(ts) > 0 {
				return ts
			}
			// A function held in an object literal: table[key](...), table.key(...).
			if ts := p.tableTargets(x, name, xv); len(ts) > 0 {
				return ts
			}
			if x.K == ir.Ref && v.fn != nil && v.fn.Types != nil {
				if tn := v.fn.Types[x.S]; tn != "" {
					for _, cl := range p.classIn(tn, v.fn.File) {
						if m := cl.Methods[name]; m != nil {
							return []target{{m, &recv{cls: cl}}}
						}
					}
				}
			}
			if v.fn != nil && fieldLang(&ir.Class{File: v.fn.File}) {
				// Java, Kotlin, C#: a field or variable whose declared type the
				// model does not keep; the one class of the language family
				// with a method of that name and arity is the callee.
				var out []target
				for _, cls := range p.classes {
					for _, cl := range cls {
						if m := cl.Methods[name]; m != nil && family(cl.File.Lang) == family(v.fn.File.Lang) && len(m.Params) == len(c.Args) {
							out = append(out, target{m, &recv{cls: cl}})
						}
					}
				}
				if len(out) == 1 {
					return out
				}
			}
			if x.K == ir.Ref && v.fn != nil && v.fn.File.Lang == "go" {
				// Go: a method of a package-level client.
				var out []target
				for _, cls := range p.classes {
					for _, cl := range cls {
						if m := cl.Methods[name]; m != nil && cl.File.Lang == "go" {
							out = append(out, target{m, &recv{cls: cl}})
						}
					}
				}
				if len(out) == 1 {
					return out
				}
			}
		}
	}
	return nil
}

// instanceClass returns the class of the object an expression holds, when
// it was built by a constructor call.
func (p *Program) instanceClass(x *ir.Expr, v *env) (*ir.Class, *ir.Call, *env) {
	type val struct {
		e   *ir.Expr
		env *env
	}
	var vals []val
	switch x.K {
	case ir.Ref:
		if v.fn != nil {
			for _, a := range v.fn.Assigns {
				if a.Target.K == ir.Ref && a.Target.S == x.S {
					vals = append(vals, val{a.Value, v})
				}
			}
		}
		for _, g := range p.globalsOf(x.S, fileOf(v)) {
			vals = append(vals, val{g.v, &env{fn: g.f.Top}})
		}
	case ir.Member:
		for _, s := range p.fields[x.S] {
			vals = append(vals, val{s.v, &env{fn: s.fn, recv: ownRecv(s.fn), callers: true}})
		}
	}
	for _, vl := range vals {
		if vl.e.K == ir.CallK && vl.e.C != nil {
			n := ctorName(vl.e.C)
			var file *ir.File
			if v.fn != nil {
				file = v.fn.File
			}
			if cls := p.classIn(n, file); len(cls) == 1 {
				var site *ir.Call
				if len(vals) == 1 {
					site = vl.e.C
				}
				return cls[0], site, vl.env
			}
		}
	}
	return nil, nil, nil
}

// request is a call recognised as sending a request.
type request struct {
	methods []string // resolved methods ("" unknown)
	urls    []string
	dynamic bool
}

// asRequest recognises a request call and resolves its method and URL.
func (p *Program) asRequest(c *ir.Call, v *env, b *budget) *request {
	if c.Fn == nil {
		return nil
	}
	name := ctorName(c)
	if decoratesHandler(c) || p.routed[c] {
		return nil // a route: @app.get("/v2/x") def handler(): ..., routing { get("/v2/x") { } }
	}
	recvName := ""
	if c.Fn.K == ir.Member {
		recvName = ir.Dotted(c.Fn.X)
		if (p.rules.Verb(name) != "" || len(p.rules.RequestsNamed(name)) > 0) && p.inMemory(c.Fn.X, name, p.recvEnv(c, v)) {
			return nil // a lookup in a Map, dict or Hash
		}
	}
	if c2 := p.clientFirst(c, name, v, b); c2 != nil {
		c = c2
		recvName = ir.Dotted(c.Fn.X)
	}
	if name == "curl_setopt_array" || name == "curl_setopt" || name == "curl_init" && len(c.Args) == 1 {
		return p.curl(c, v, b)
	}
	for _, w := range p.opts.Wrappers {
		if w == name {
			return p.configWrapper(c, v, b)
		}
	}
	for _, q := range p.rules.RequestsNamed(name) {
		if q.Recv != "" && !strings.Contains(strings.ReplaceAll(recvName, ".", "::"), q.Recv) && !strings.Contains(recvName, q.Recv) {
			continue
		}
		r := &request{}
		urlExpr := argAt(c, q.URL)
		if u := kwOf(c, p.rules.URLKeys); u != nil && urlExpr == nil {
			urlExpr = u
		}
		if urlExpr == nil && len(c.Args) > 0 && c.Args[0].K == ir.Obj {
			urlExpr = c.Args[0] // axios.request({method, url})
		}
		if cfg := urlExpr; cfg != nil && cfg.K == ir.Ref || urlExpr == nil && len(c.Args) > 0 && c.Args[0].K == ir.Ref {
			// const config = {method, url}; axios.request(config)
			if cfg == nil {
				cfg = c.Args[0]
			}
			if o := p.objOf(cfg.S, v); o != nil && fieldOf(o, p.rules.URLKeys) != nil {
				urlExpr = o
			}
		}
		if urlExpr != nil && urlExpr.K == ir.Obj {
			// axios({url, method}) / fetch(new Request(...))
			obj := urlExpr
			urlExpr = fieldOf(obj, p.rules.URLKeys)
			if m := fieldOf(obj, p.rules.MethodKeys); m != nil {
				r.methods = p.eval(m, v, b)
				r.dynamic = isParamRef(m, v) && mentionsParam(urlExpr, v)
			}
		}
		if urlExpr == nil {
			return nil
		}
		r.urls = p.withBase(c, p.eval(urlExpr, v, b), v, b)
		r.urls = p.senderBase(r.urls, v, b)
		if m := argAt(c, q.Method); m != nil && len(r.methods) == 0 {
			r.methods = p.eval(m, v, b)
			r.dynamic = isParamRef(m, v) && mentionsParam(urlExpr, v)
		}
		if len(r.methods) == 0 {
			if m := kwOf(c, p.rules.MethodKeys); m != nil {
				r.methods = p.eval(m, v, b)
				r.dynamic = isParamRef(m, v) && mentionsParam(urlExpr, v)
			} else if o := lastObj(c); o != nil {
				if m := fieldOf(o, p.rules.MethodKeys); m != nil {
					r.methods = p.eval(m, v, b)
					r.dynamic = isParamRef(m, v) && mentionsParam(urlExpr, v)
				}
			}
		}
		if len(r.methods) == 0 {
			r.methods = []string{q.Default}
		}
		return r
	}
	if rules.In(name, p.rules.Builds) {
		return p.built(c, v, b)
	}
	if r := p.verbThenURI(c, name, v, b); r != nil {
		return r
	}
	verb := p.rules.Verb(name)
	if verb == "" {
		return nil
	}
	if p.routeRegistration(c, v) {
		return nil // a server route: router.post('/v2/people', handler)
	}
	var urlExpr *ir.Expr
	if len(c.Args) > 0 {
		urlExpr = c.Args[0]
	} else if u := kwOf(c, p.rules.URLKeys); u != nil {
		urlExpr = u
	} else if u := builderURL(c); u != nil {
		urlExpr = u
	} else if c.Block != nil {
		// Faraday: conn.post do |req| req.url(path) end
		for _, bc := range c.Block.Calls {
			if n := ir.Last(bc.Fn); (n == "url" || n == "path") && len(bc.Args) > 0 {
				urlExpr = bc.Args[0]
			}
		}
	}
	if urlExpr == nil {
		return nil
	}
	r := &request{methods: []string{verb}}
	if pe := forgottenPath(urlExpr, v); pe != nil {
		// A verb wrapper that takes a path but sends its options instead:
		// the code targets the path; report it as intended.
		urlExpr = pe
	}
	r.urls = p.withBase(c, p.eval(urlExpr, v, b), v, b)
	return r
}

// forgottenPath returns the path parameter of a wrapper that passes its
// options parameter where the URL belongs (conn.delete(options) inside
// def delete(path, options)).
func forgottenPath(u *ir.Expr, v *env) *ir.Expr {
	if u == nil || u.K != ir.Ref || v.fn == nil {
		return nil
	}
	switch u.S {
	case "options", "opts", "params", "query":
	default:
		return nil
	}
	for _, prm := range v.fn.Params {
		switch prm {
		case "path", "url", "endpoint", "uri":
			return &ir.Expr{K: ir.Ref, S: prm, Line: u.Line}
		}
	}
	return nil
}

// curl reads a PHP cURL request: the URL from CURLOPT_URL, the method from
// CURLOPT_POST, CURLOPT_PUT or CURLOPT_CUSTOMREQUEST set in the same
// function.
func (p *Program) curl(c *ir.Call, v *env, b *budget) *request {
	opts := map[string]*ir.Expr{}
	add := func(o *ir.Expr) {
		if o == nil {
			return
		}
		if o.K == ir.Ref && v.fn != nil {
			for _, a := range v.fn.Assigns {
				if a.Target.K == ir.Ref && a.Target.S == o.S && a.Value.K == ir.Obj {
					o = a.Value
				}
			}
		}
		if o.K == ir.Obj {
			for k, e := range o.Fields {
				opts[k] = e
			}
		}
	}
	if ir.Last(c.Fn) == "curl_init" {
		opts["CURLOPT_URL"] = c.Args[0]
		if v.fn != nil {
			for _, o := range v.fn.Calls {
				if ir.Last(o.Fn) == "curl_setopt" && len(o.Args) == 3 && o.Args[1].K == ir.Ref {
					opts[o.Args[1].S] = o.Args[2]
				}
			}
		}
	} else if ir.Last(c.Fn) == "curl_setopt_array" {
		add(argAt(c, 1))
	} else if len(c.Args) == 3 && c.Args[1].K == ir.Ref && c.Args[1].S == "CURLOPT_URL" {
		opts["CURLOPT_URL"] = c.Args[2]
		if v.fn != nil {
			for _, o := range v.fn.Calls {
				if ir.Last(o.Fn) == "curl_setopt" && len(o.Args) == 3 && o.Args[1].K == ir.Ref {
					opts[o.Args[1].S] = o.Args[2]
				}
			}
		}
	}
	u, ok := opts["CURLOPT_URL"]
	if !ok {
		return nil
	}
	method := "GET"
	switch {
	case opts["CURLOPT_CUSTOMREQUEST"] != nil:
		if vals := p.eval(opts["CURLOPT_CUSTOMREQUEST"], v, b); len(vals) > 0 {
			method = vals[0]
		}
	case opts["CURLOPT_POST"] != nil:
		method = "POST"
	case opts["CURLOPT_PUT"] != nil:
		method = "PUT"
	}
	return &request{methods: []string{method}, urls: p.eval(u, v, b)}
}

// builderURL finds the URL of a request builder chain ending in a verb:
// HttpRequest.newBuilder(URI.create(u)).header(...).GET().
func builderURL(c *ir.Call) *ir.Expr {
	x := c.Fn
	for depth := 0; x != nil && depth < 12; depth++ {
		switch x.K {
		case ir.Member:
			x = x.X
		case ir.CallK:
			switch ir.Last(x.C.Fn) {
			case "newBuilder", "uri", "url", "Builder", "target":
				if len(x.C.Args) > 0 {
					return x.C.Args[0]
				}
			}
			x = x.C.Fn
		default:
			return nil
		}
	}
	return nil
}

// senderBase joins relative URLs of a request object to the base of the
// client that sends it in the same function (client.SendAsync(req)).
func (p *Program) senderBase(urls []string, v *env, b *budget) []string {
	if v.fn == nil {
		return urls
	}
	relative := false
	for _, u := range urls {
		if !strings.Contains(u, "://") && !strings.HasPrefix(u, "/v2") {
			relative = true
		}
	}
	if !relative {
		return urls
	}
	for _, s := range v.fn.Calls {
		switch lower(ir.Last(s.Fn)) {
		case "sendasync", "send", "do", "execute", "request", "newcall":
			if s.Fn.K == ir.Member {
				if out := p.withBase(s, urls, v, b); len(out) > 0 && out[0] != urls[0] {
					return out
				}
			}
		}
	}
	return urls
}

// mentionsParam reports an expression that uses a parameter of v.fn.
func mentionsParam(e *ir.Expr, v *env) bool {
	if e == nil {
		return false
	}
	if isParamRef(e, v) {
		return true
	}
	for _, p := range e.Parts {
		if mentionsParam(p, v) {
			return true
		}
	}
	if e.K == ir.Member {
		return mentionsParam(e.X, v)
	}
	if e.K == ir.CallK && e.C != nil {
		for _, a := range e.C.Args {
			if mentionsParam(a, v) {
				return true
			}
		}
		if e.C.Fn != nil && e.C.Fn.K == ir.Member {
			return mentionsParam(e.C.Fn.X, v)
		}
	}
	return false
}

// configWrapper reads a call of a wrapper named in the configuration: an
// optional method, then a path relative to /v2.
func (p *Program) configWrapper(c *ir.Call, v *env, b *budget) *request {
	r := &request{methods: []string{""}}
	args := c.Args
	if len(args) > 1 {
		if vals := p.eval(args[0], v, b); len(vals) > 0 && normMethod(vals[0]) != "UNKNOWN" {
			r.methods = vals[:1]
			args = args[1:]
		}
	}
	if len(args) == 0 {
		return nil
	}
	for _, u := range p.eval(args[0], v, b) {
		if !strings.Contains(u, "://") && !strings.HasPrefix(strings.TrimLeft(u, "/"), "v2/") {
			u = "https://api.salesloft.com/v2/" + strings.TrimLeft(u, "/")
		}
		r.urls = append(r.urls, u)
	}
	return r
}

func isParamRef(e *ir.Expr, v *env) bool {
	if e == nil || v.fn == nil {
		return false
	}
	if e.K == ir.CallK && e.C != nil {
		// A parameter converted: new HttpMethod(verb), HttpMethod.valueOf(m), m.upper().
		if len(e.C.Args) == 1 {
			return isParamRef(e.C.Args[0], v)
		}
		if len(e.C.Args) == 0 && e.C.Fn != nil && e.C.Fn.K == ir.Member {
			return isParamRef(e.C.Fn.X, v)
		}
		return false
	}
	n := ""
	switch e.K {
	case ir.Ref:
		n = e.S
	case ir.Member:
		if e.X != nil && e.X.K == ir.Ref {
			n = e.X.S
		}
	}
	for _, p := range v.fn.Params {
		if p == n {
			return true
		}
	}
	return false
}

func argAt(c *ir.Call, i int) *ir.Expr {
	if i >= 0 && i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

func kwOf(c *ir.Call, keys []string) *ir.Expr {
	for _, k := range keys {
		if e, ok := c.KW[k]; ok {
			return e
		}
	}
	return nil
}

func fieldOf(o *ir.Expr, keys []string) *ir.Expr {
	// Keys in the order given: url before baseURL.
	for _, want := range keys {
		for k, e := range o.Fields {
			if strings.EqualFold(strings.Trim(k, "\"':"), want) {
				return e
			}
		}
	}
	return nil
}

func lastObj(c *ir.Call) *ir.Expr {
	for i := len(c.Args) - 1; i >= 1; i-- {
		if c.Args[i].K == ir.Obj {
			return c.Args[i]
		}
	}
	return nil
}

// withBase joins relative URLs to the base of the client the call is made
// on (axios.create({baseURL}), Faraday.new(url:), httpx.Client(base_url=)).
func (p *Program) withBase(c *ir.Call, urls []string, v *env, b *budget) []string {
	if c.Fn == nil {
		return urls
	}
	var bases []string
	if c.Fn.K == ir.Member {
		bases = p.clientBase(c.Fn.X, v, b)
	}
	if len(bases) == 0 && v.fn != nil && v.fn.File != nil {
		// A module-wide base applies to calls on the module or class itself.
		if d := ir.Dotted(c.Fn); c.Fn.K == ir.Ref || strings.HasPrefix(d, "this.class.") || strings.HasPrefix(d, "this.class().") || strings.HasPrefix(d, "this.") && strings.Count(d, ".") == 1 {
			for _, e := range p.base[v.fn.File] {
				bases = append(bases, p.eval(e, &env{fn: v.fn.File.Top}, b)...)
			}
		}
	}
	if len(bases) == 0 {
		return urls
	}
	var out []string
	for _, u := range urls {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			out = appendUniq(out, u)
			continue
		}
		for _, base := range bases {
			out = appendUniq(out, strings.TrimSuffix(base, "/")+"/"+strings.TrimPrefix(u, "/"))
		}
	}
	return out
}

// clientBase returns the base URLs of the client an expression holds.
func (p *Program) clientBase(x *ir.Expr, v *env, b *budget) []string {
	for _, ctor := range p.clientCtors(x, v, 0) {
		if be := p.setterBase(ctor.c); be != nil {
			return p.eval(be, ctor.env, b)
		}
		name := ir.Last(ctor.c.Fn)
		recvName := ""
		if ctor.c.Fn != nil && ctor.c.Fn.K == ir.Member {
			recvName = ir.Dotted(ctor.c.Fn.X)
		}
		for _, cr := range p.rules.ClientsNamed(name) {
			if cr.Recv != "" && !strings.Contains(recvName, cr.Recv) {
				continue
			}
			var be *ir.Expr
			if e := kwOf(ctor.c, cr.Keys); e != nil {
				be = e
			}
			if be == nil {
				for _, a := range ctor.c.Args {
					if a.K == ir.Obj {
						be = fieldOf(a, cr.Keys)
					}
				}
			}
			if be == nil && cr.Arg >= 0 {
				be = argAt(ctor.c, cr.Arg)
			}
			if be == nil {
				continue
			}
			return p.eval(be, ctor.env, b)
		}
	}
	return nil
}

type ctorAt struct {
	c   *ir.Call
	env *env
}

// clientCtors follows an expression to the constructor calls it holds.
func (p *Program) clientCtors(x *ir.Expr, v *env, depth int) []ctorAt {
	if x == nil || depth > 4 {
		return nil
	}
	var out []ctorAt
	var add func(e *ir.Expr, ev *env)
	add = func(e *ir.Expr, ev *env) {
		if e != nil && e.K == ir.CallK && e.C != nil {
			if e.C.Block != nil && len(e.C.Args) == 0 && len(p.rules.ClientsNamed(ir.Last(e.C.Fn))) == 0 {
				// A memoising block: lazy { HttpClient { ... } }, run { ... }.
				for _, r := range e.C.Block.Returns {
					add(r, ev)
				}
				return
			}
			if len(p.rules.ClientsNamed(ir.Last(e.C.Fn))) > 0 || p.setterBase(e.C) != nil {
				out = append(out, ctorAt{e.C, ev})
				return
			}
			// A factory returning a client: axiosInstance() / connection
			out = append(out, p.clientCtors(e, ev, depth+1)...)
		} else if e != nil && e.K != ir.CallK {
			out = append(out, p.clientCtors(e, ev, depth+1)...)
		}
	}
	switch x.K {
	case ir.CallK:
		for _, t := range p.targets(x.C, v) {
			for _, r := range t.fn.Returns {
				add(r, &env{fn: t.fn, recv: t.recv})
			}
			for _, a := range t.fn.Assigns {
				if a.Value.K == ir.CallK && len(p.rules.ClientsNamed(ir.Last(a.Value.C.Fn))) > 0 {
					add(a.Value, &env{fn: t.fn, recv: t.recv})
				}
			}
		}
	case ir.Ref:
		if v.fn != nil {
			for i, prm := range v.fn.Params {
				if prm == x.S && v.bound && i < len(v.args) {
					ae := v.argEnv
					if ae == nil {
						ae = &env{}
					}
					add(v.args[i], ae)
				}
			}
			for _, a := range v.fn.Assigns {
				if a.Target.K == ir.Ref && a.Target.S == x.S {
					add(a.Value, v)
				}
			}
			cls := v.fn.Class
			if v.recv != nil {
				cls = v.recv.cls
			}
			if m, _ := p.method(cls, x.S); m != nil {
				for _, r := range m.Returns {
					add(r, &env{fn: m, recv: v.recv})
				}
			}
			for _, c := range p.chain(cls) {
				if a, ok := c.Attrs[x.S]; ok {
					add(a, &env{recv: v.recv})
				}
				for _, m := range c.Methods {
					if m == v.fn {
						continue
					}
					for _, a := range m.Assigns {
						if a.Target.K == ir.Ref && a.Target.S == x.S {
							add(a.Value, &env{fn: m, recv: v.recv})
						}
					}
				}
			}
		}
		for _, g := range p.globalsOf(x.S, fileOf(v)) {
			add(g.v, &env{fn: g.f.Top})
		}
		for _, f := range p.funcsOf(x.S, fileOf(v)) {
			for _, r := range f.Returns {
				add(r, &env{fn: f})
			}
		}
	case ir.Member:
		if x.X != nil && x.X.K == ir.Self && v.recv != nil && v.recv.cls != nil {
			for _, c := range p.chain(v.recv.cls) {
				for _, m := range c.Methods {
					for _, a := range m.Assigns {
						if a.Target.K == ir.Member && a.Target.S == x.S && a.Target.X != nil && a.Target.X.K == ir.Self {
							if m.Ctor {
								for _, ce := range p.ctorEnvs(v.recv, c, depth, &budget{}) {
									add(a.Value, ce)
								}
							} else {
								add(a.Value, &env{fn: m, recv: v.recv})
							}
						}
					}
				}
			}
			if len(out) > 0 {
				return out
			}
		}
		for _, s := range p.fields[x.S] {
			add(s.v, &env{fn: s.fn, recv: ownRecv(s.fn)})
		}
		if x.X != nil && x.X.K == ir.Self && v.fn != nil && v.fn.Class != nil {
			if m, _ := p.method(v.fn.Class, x.S); m != nil {
				for _, r := range m.Returns {
					add(r, &env{fn: m, recv: v.recv})
				}
			}
		}
	}
	return out
}

// clientFirst rewrites a call of a module function that takes the client
// as its first argument (Elixir Tesla.get(client, url), Req.get!(req,
// url: path)) into a call on that client, so that its base applies and
// the URL and method are read from the arguments after it.
func (p *Program) clientFirst(c *ir.Call, name string, v *env, b *budget) *ir.Call {
	if c.Fn.K != ir.Member || len(c.Args) == 0 || !isUpper(ir.Last(c.Fn.X)) {
		return nil
	}
	a := c.Args[0]
	if a.K != ir.Ref && a.K != ir.CallK {
		return nil
	}
	if a.K == ir.CallK && a.C != nil && len(p.rules.ClientsNamed(ir.Last(a.C.Fn))) == 0 && len(p.targets(a.C, v)) == 0 {
		return nil
	}
	if len(p.clientBase(a, v, b)) == 0 {
		return nil
	}
	return &ir.Call{Fn: &ir.Expr{K: ir.Member, X: a, S: name, Line: c.Fn.Line}, Args: c.Args[1:], KW: c.KW, Block: c.Block, Line: c.Line}
}

// built reads a request builder chain ending in build():
// HttpRequest.newBuilder(URI.create(u)).method(m, body).build(),
// Request.Builder().url(u).post(body).build(). The method is a verb call in
// the chain, the first argument of .method(m, ...), or GET.
func (p *Program) built(c *ir.Call, v *env, b *budget) *request {
	u := builderURL(c)
	if u == nil {
		return nil
	}
	r := &request{}
	x := c.Fn
	for depth := 0; x != nil && depth < 12; depth++ {
		switch x.K {
		case ir.Member:
			x = x.X
			continue
		case ir.CallK:
			n := ir.Last(x.C.Fn)
			if len(r.methods) == 0 {
				if lower(n) == "method" && len(x.C.Args) > 0 {
					r.methods = p.eval(x.C.Args[0], v, b)
					r.dynamic = isParamRef(x.C.Args[0], v) && mentionsParam(u, v)
				} else if m := p.rules.Verb(n); m != "" {
					r.methods = []string{m}
				}
			}
			x = x.C.Fn
			continue
		}
		break
	}
	if len(r.methods) == 0 {
		r.methods = []string{"GET"}
	}
	r.urls = p.senderBase(p.eval(u, v, b), v, b)
	return r
}

// verbThenURI reads a fluent client where the verb comes first and the URI
// after it: webClient.get().uri("/people").retrieve().
func (p *Program) verbThenURI(c *ir.Call, name string, v *env, b *budget) *request {
	switch lower(name) {
	case "uri", "url":
	default:
		return nil
	}
	if c.Fn.K != ir.Member || c.Fn.X == nil || c.Fn.X.K != ir.CallK || len(c.Args) == 0 {
		return nil
	}
	vc := c.Fn.X.C
	verb := p.rules.Verb(ir.Last(vc.Fn))
	if verb == "" || len(vc.Args) != 0 {
		return nil
	}
	return &request{methods: []string{verb}, urls: p.withBase(vc, p.eval(c.Args[0], v, b), v, b)}
}

// setterBase returns the base URL set in a builder chain (.rootUri(u),
// .baseUrl(u)) or in the constructor's block (Ktor defaultRequest { url(u) }).
func (p *Program) setterBase(c *ir.Call) *ir.Expr {
	var inBlock func(f *ir.Func, depth int) *ir.Expr
	inBlock = func(f *ir.Func, depth int) *ir.Expr {
		if f == nil || depth > 3 {
			return nil
		}
		for _, bc := range f.Calls {
			if rules.In(ir.Last(bc.Fn), p.rules.BlockBase) && len(bc.Args) > 0 {
				return bc.Args[0]
			}
			if e := inBlock(bc.Block, depth+1); e != nil {
				return e
			}
		}
		return nil
	}
	if e := inBlock(c.Block, 0); e != nil {
		return e
	}
	x := &ir.Expr{K: ir.CallK, C: c}
	for depth := 0; x != nil && depth < 12; depth++ {
		switch x.K {
		case ir.Member:
			x = x.X
		case ir.CallK:
			if rules.In(ir.Last(x.C.Fn), p.rules.BaseSetters) && len(x.C.Args) > 0 {
				return x.C.Args[0]
			}
			x = x.C.Fn
		default:
			return nil
		}
	}
	return nil
}
