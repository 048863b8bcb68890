package flow

import (
	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// Test doubles and route declarations: a verb-named call there states a
// path without sending a request. Those written as chains of calls are
// marked once per program (markChains):
//
//   - nock("https://api.salesloft.com").get("/v2/people").reply(200, ...),
//     respx.get(url).mock(...), mockClient.get(url), when(client.get(url)):
//     a call through a test double (rules mock_callees), in the receiver
//     chain of one, or in the arguments or block of one is mocked.
//   - app.route("/v2/people").get(h), router.get("/v2/people").handler(h):
//     a verb call on a route call or a receiver named like one, or chained
//     into one (rules route_calls), is a route.
//
// Routes registered with a handler (app.get("/x", handler), Sinatra
// get "/x" do ... end) or declared by the decorator of one
// (@app.get("/x") def list(): ...) are told per call (routeRegistration,
// decoratesHandler).

// markChains marks the mocked calls and the routes of one function.
func (p *Program) markChains(fn *ir.Func) {
	for _, c := range fn.Calls {
		name := ir.Last(c.Fn)
		if rules.Match(name, p.rules.MockCallees) || rules.Match(ir.Dotted(c.Fn), p.rules.MockCallees) {
			p.mocked[c] = true
			for _, rc := range recvCalls(c) {
				p.mocked[rc] = true
			}
			for _, a := range c.Args {
				p.markNested(a, 0)
			}
			for _, a := range c.KW {
				p.markNested(a, 0)
			}
			if c.Block != nil {
				for _, bc := range c.Block.Calls {
					p.mocked[bc] = true
				}
			}
		}
		if rules.In(name, p.rules.RouteCalls) {
			for _, rc := range recvCalls(c) {
				p.routed[rc] = true
			}
		}
		for _, n := range recvNames(c) {
			if rules.Match(n, p.rules.MockCallees) {
				p.mocked[c] = true
			}
			if rules.In(n, p.rules.RouteCalls) {
				p.routed[c] = true
			}
		}
	}
}

// markNested marks the calls an argument of a test double holds.
func (p *Program) markNested(e *ir.Expr, depth int) {
	if e == nil || depth > 16 {
		return
	}
	if e.K == ir.CallK && e.C != nil {
		p.mocked[e.C] = true
		for _, a := range e.C.Args {
			p.markNested(a, depth+1)
		}
		if e.C.Fn != nil {
			p.markNested(e.C.Fn, depth+1)
		}
	}
	for _, part := range e.Parts {
		p.markNested(part, depth+1)
	}
	if e.K == ir.Member {
		p.markNested(e.X, depth+1)
	}
}

// recvCalls returns the calls of c's receiver chain: get(...) in
// x.get(u).mock(...).
func recvCalls(c *ir.Call) []*ir.Call {
	var out []*ir.Call
	x := c.Fn
	for i := 0; x != nil && i < 16; i++ {
		switch x.K {
		case ir.Member:
			x = x.X
		case ir.CallK:
			if x.C == nil {
				return out
			}
			out = append(out, x.C)
			x = x.C.Fn
		default:
			return out
		}
	}
	return out
}

// recvNames returns the names of c's receiver chain, without c's own:
// nock and get for nock(h).get(p).reply(...); router for router.get(p).
func recvNames(c *ir.Call) []string {
	var out []string
	if c.Fn == nil || c.Fn.K != ir.Member {
		return nil
	}
	x := c.Fn.X
	for i := 0; x != nil && i < 16; i++ {
		switch x.K {
		case ir.Member:
			out = append(out, x.S)
			x = x.X
		case ir.Ref:
			return append(out, x.S)
		case ir.CallK:
			if x.C == nil || x.C.Fn == nil {
				return out
			}
			x = x.C.Fn
			if x.K == ir.Ref {
				return append(out, x.S)
			}
			if x.K == ir.Member {
				out = append(out, x.S)
				x = x.X
			}
		default:
			return out
		}
	}
	return out
}

// routeRegistration reports a verb-named call that registers a handler
// for incoming requests rather than sending one: it passes a function
// (inline or by name) after the path (app.get("/x", handler), r.Get("/x",
// s.list)), or it is a bare verb call with a handler block (Sinatra get
// "/x" do ... end).
func (p *Program) routeRegistration(c *ir.Call, v *env) bool {
	for i, a := range c.Args {
		if i > 0 && p.funcValue(a, v) || a.K == ir.Unknown && a.S == "func" {
			return true
		}
	}
	return c.Fn != nil && c.Fn.K == ir.Ref && c.Block != nil && len(c.Block.Calls)+len(c.Block.Returns)+len(c.Block.Assigns) > 0 && len(c.Args) > 0
}

// funcValue reports an expression that is a function of the program taking
// parameters (a request handler): a function value, a function's name (not
// shadowed by a parameter or local), or a method read off the receiver or
// a typed variable (s.listPeople, this.handle).
func (p *Program) funcValue(a *ir.Expr, v *env) bool {
	takes := func(f *ir.Func) bool { return f != nil && len(f.Params) > 0 && f != v.fn }
	switch a.K {
	case ir.Unknown:
		return a.S == "func"
	case ir.Ref:
		if v.fn != nil {
			if isParamName(v.fn, a.S) {
				return false
			}
			for _, as := range v.fn.Assigns {
				if as.Target.K == ir.Ref && as.Target.S == a.S {
					return false
				}
			}
		}
		for _, f := range p.funcsOf(a.S, fileOf(v)) {
			if takes(f) {
				return true
			}
		}
		if v.fn != nil && v.fn.Class != nil {
			m, _ := p.method(v.fn.Class, a.S)
			return takes(m)
		}
	case ir.Member:
		var cls *ir.Class
		switch {
		case a.X != nil && a.X.K == ir.Self && v.fn != nil:
			cls = v.fn.Class
			if v.recv != nil {
				cls = v.recv.cls
			}
		case a.X != nil && a.X.K == ir.Ref && v.fn != nil && v.fn.Types != nil && v.fn.Types[a.X.S] != "":
			if cs := p.classIn(v.fn.Types[a.X.S], v.fn.File); len(cs) == 1 {
				cls = cs[0]
			}
		case a.X != nil && a.X.K == ir.Ref:
			cls = p.builtClass(a.X, v)
		}
		if cls == nil {
			return false
		}
		for _, c := range p.chain(cls) {
			if _, isAttr := c.Attrs[a.S]; isAttr {
				return false
			}
		}
		m, _ := p.method(cls, a.S)
		return takes(m)
	}
	return false
}

// decoratesHandler reports a decorator or annotation of a function that
// has a body: a route (@app.get("/x") def list(): ..., @Get("/x") list()
// {...}). A verb annotation of a method with no body declares a client
// request instead (Retrofit @GET("x") on an interface, uplink).
func decoratesHandler(c *ir.Call) bool {
	f := c.Decorates
	if f == nil {
		return false
	}
	if len(f.Returns) > 0 || len(f.Assigns) > 0 {
		return true
	}
	for _, fc := range f.Calls {
		if fc.Decorates != f {
			return true
		}
	}
	return false
}
