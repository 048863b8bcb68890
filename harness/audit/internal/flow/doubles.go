package flow

import (
	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// Test doubles and route declarations written as chains of calls: a
// verb-named call there states a path without sending a request.
//
//   - nock("https://api.salesloft.com").get("/v2/people").reply(200, ...),
//     respx.get(url).mock(...), mockClient.get(url), when(client.get(url)):
//     a call through a test double (rules mock_callees), in the receiver
//     chain of one, or in the arguments or block of one is mocked.
//   - app.route("/v2/people").get(h), router.get("/v2/people").handler(h):
//     a verb call on a route call or a receiver named like one, or chained
//     into one (rules route_calls), is a route.

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
