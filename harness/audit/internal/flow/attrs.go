package flow

import (
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// attrKeys are the paging and filter parameters a usage reports.
var attrKeys = map[string]bool{"page": true, "per_page": true, "limit": true, "updated_at[gt]": true,
	"updated_at[gte]": true, "sort_by": true, "sort_direction": true, "include_paging_counts": true}

// attrsOf returns the paging and filter parameters stated at a call: in
// keyword arguments, in an options object (also under params or query),
// with literal values.
func (p *Program) attrsOf(c *ir.Call, v *env, b *budget) map[string]string {
	out := map[string]string{}
	var read func(fields map[string]*ir.Expr, depth int)
	read = func(fields map[string]*ir.Expr, depth int) {
		for k, e := range fields {
			k = strings.Trim(k, "\"':")
			if attrKeys[k] {
				vals := p.eval(e, v, b)
				if len(vals) > 0 && vals[0] != Hole && !strings.Contains(vals[0], Hole) {
					out[k] = vals[0]
				} else if e.K == ir.Ref || e.K == ir.Member {
					out[k] = "?"
				}
				continue
			}
			if (k == "params" || k == "query" || k == "searchparams") && depth < 2 {
				if e.K == ir.Obj {
					read(e.Fields, depth+1)
				}
			}
		}
	}
	read(c.KW, 0)
	for _, a := range c.Args {
		if a.K == ir.Obj {
			read(a.Fields, 0)
		}
	}
	return out
}

// sdkRequest recognises a call of a published SalesLoft client that names
// no URL: client.people.list(), RSalesloft::Resources::People.fetch(id),
// salesloft.v2.people.json.get().
func (p *Program) sdkRequest(c *ir.Call, v *env, b *budget) *request {
	if c.Fn == nil || c.Fn.K != ir.Member || len(p.rules.SDKs) == 0 {
		return nil
	}
	segs := strings.Split(ir.Dotted(c.Fn), ".")
	n := len(segs)
	if n < 2 {
		return nil
	}
	op := segs[n-1]
	for _, sdk := range p.rules.SDKs {
		if sdk.Chain {
			// salesloft.v2.<resource...>[.json].<verb>
			for i, s := range segs[:n-1] {
				if s != "v2" || i == 0 || !p.sdkRoot(segs[0], sdk, v) {
					continue
				}
				res := segs[i+1 : n-1]
				suffix := ""
				if len(res) > 0 && res[len(res)-1] == "json" {
					res = res[:len(res)-1]
					suffix = ".json"
				}
				verb := p.rules.Verb(op)
				if len(res) == 0 || verb == "" {
					return nil
				}
				return &request{methods: []string{verb}, urls: []string{"https://api.salesloft.com/v2/" + strings.Join(res, "/") + suffix}}
			}
			continue
		}
		o, ok := sdk.Ops[op]
		if !ok {
			continue
		}
		res, ok := sdk.Resources[segs[n-2]]
		if !ok {
			continue
		}
		matched := false
		if len(sdk.Prefix) > 0 && n-2 >= len(sdk.Prefix) {
			matched = strings.Join(segs[n-2-len(sdk.Prefix):n-2], ".") == strings.Join(sdk.Prefix, ".")
		}
		if !matched && len(sdk.Clients) > 0 {
			if c.Fn.X != nil && c.Fn.X.K == ir.Member && c.Fn.X.X != nil {
				matched = p.isSDKClient(c.Fn.X.X, sdk.Clients, v)
			}
		}
		if !matched {
			continue
		}
		path := "/v2/" + res + o.Path
		if strings.HasPrefix(o.Path, "=") {
			path = o.Path[1:]
		}
		return &request{methods: []string{o.Method}, urls: []string{"https://api.salesloft.com" + path}}
	}
	return nil
}

// isSDKClient reports an expression holding an instance of one of the
// SDK's client classes, when the program does not define that class.
func (p *Program) isSDKClient(x *ir.Expr, clients []string, v *env) bool {
	var vals []*ir.Expr
	switch x.K {
	case ir.Ref:
		if v.fn != nil {
			for _, a := range v.fn.Assigns {
				if a.Target.K == ir.Ref && a.Target.S == x.S {
					vals = append(vals, a.Value)
				}
			}
		}
		for _, g := range p.globalsOf(x.S, fileOf(v)) {
			vals = append(vals, g.v)
		}
	case ir.Member:
		for _, s := range p.fields[x.S] {
			vals = append(vals, s.v)
		}
	}
	for _, e := range vals {
		if e.K != ir.CallK || e.C == nil {
			continue
		}
		name := ctorName(e.C)
		for _, c := range clients {
			if c == name && len(p.classOf(name)) == 0 {
				return true
			}
		}
	}
	return false
}

// sdkRoot reports a name bound to a chain-style SDK client: a call on
// require('<import>') or an imported module of that name.
func (p *Program) sdkRoot(name string, sdk rules.SDK, v *env) bool {
	var vals []*ir.Expr
	if v.fn != nil {
		for _, a := range v.fn.Assigns {
			if a.Target.K == ir.Ref && a.Target.S == name {
				vals = append(vals, a.Value)
			}
		}
	}
	for _, g := range p.globalsOf(name, fileOf(v)) {
		vals = append(vals, g.v)
	}
	for _, e := range vals {
		for e != nil && e.K == ir.CallK && e.C != nil {
			if ir.Last(e.C.Fn) == "require" && len(e.C.Args) == 1 && e.C.Args[0].K == ir.Str {
				for _, imp := range sdk.Imports {
					if e.C.Args[0].S == imp {
						return true
					}
				}
			}
			if e.C.Fn != nil && e.C.Fn.K == ir.Member {
				e = e.C.Fn.X
			} else {
				break
			}
		}
	}
	return false
}
