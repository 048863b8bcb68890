package flow

import (
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// maxCallDepth bounds how far a request is followed into callees.
const maxCallDepth = 6

// Resolve returns every request the program sends. Each function is an
// entry point; a request whose path depends on an entry's unbound
// parameter is left to the entry's callers, which bind it, so a wrapper is
// reported where its path is written, and a library's public method where
// it exposes an operation.
func (p *Program) Resolve() []Request {
	var out []Request
	seen := map[string]bool{}
	emit := func(r Request) {
		k := r.Method + "|" + r.URL + "|" + r.File + "|" + itoa(r.Line)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, r)
	}
	for _, f := range p.Files {
		var fns []*ir.Func
		fns = append(fns, f.Top)
		fns = append(fns, f.Funcs...)
		for _, cl := range f.Classes {
			for _, m := range cl.Methods {
				fns = append(fns, m)
			}
		}
		for _, fn := range fns {
			w := &walker{p: p, b: &budget{hidden: fn.Hidden}, file: f, emit: emit, stack: map[*ir.Func]bool{fn: true}}
			w.walk(fn, &env{fn: fn, recv: ownRecv(fn)}, 0, nil, 0)
		}
		for _, cl := range f.Classes {
			p.framework(cl, emit)
		}
	}
	return out
}

type walker struct {
	p     *Program
	b     *budget
	file  *ir.File
	emit  func(Request)
	stack map[*ir.Func]bool
}

func (w *walker) walk(fn *ir.Func, v *env, anchor int, attrs map[string]string, depth int) {
	for _, c := range fn.Calls {
		if w.b.n > maxSteps {
			return
		}
		if w.p.mocked[c] {
			continue // a test double: nock(h).get(p), when(client.get(u))
		}
		line := anchor
		at := attrs
		if line == 0 {
			line = c.Line
			at = w.p.attrsOf(c, v, w.b)
		}
		if r := w.p.sdkRequest(c, v, w.b); r != nil {
			for _, u := range r.urls {
				w.emit(Request{Method: r.methods[0], URL: u, File: w.file.Path, Line: line, Lang: w.file.Lang, Via: "sdk", Attrs: at})
			}
			continue
		}
		if ts := w.p.targets(c, v); len(ts) > 0 && depth < maxCallDepth {
			followed := false
			for _, t := range ts {
				if w.stack[t.fn] {
					continue
				}
				followed = true
				rc := t.recv
				if rc == nil {
					rc = v.recv
				}
				w.stack[t.fn] = true
				w.walk(t.fn, &env{fn: t.fn, bound: true, args: c.Args, kw: c.KW, argEnv: v, recv: rc, depth: v.depth}, line, at, depth+1)
				delete(w.stack, t.fn)
			}
			if followed {
				continue
			}
		}
		w.b.sites = false
		r := w.p.asRequest(c, v, w.b)
		if r == nil {
			continue
		}
		surface := w.b.sites
		via := "call"
		if anchor != 0 {
			via = "wrapper"
		}
		own := w.p.attrsOf(c, v, w.b)
		for k, val := range at {
			own[k] = val
		}
		if r.dynamic && anchor == 0 {
			w.emit(Request{Method: "UNKNOWN", URL: "UNKNOWN", File: w.file.Path, Line: line, Lang: w.file.Lang, Via: "passthrough", Dynamic: true})
			continue
		}
		for _, u := range r.urls {
			for _, m := range r.methods {
				w.emit(Request{Method: normMethod(m), URL: u, File: w.file.Path, Line: line, Lang: w.file.Lang, Via: via, Attrs: own, SinkFile: fn.File.Path, SinkLine: c.Line, Surface: surface})
			}
		}
	}
}

func normMethod(m string) string {
	m = strings.ToUpper(strings.TrimSpace(m))
	m = strings.TrimPrefix(m, "HTTPMETHOD.")
	m = strings.TrimPrefix(m, "METHOD")
	switch m {
	case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS":
		return m
	}
	return "UNKNOWN"
}

// framework reports a stream class of a framework that sends requests for
// the code (Singer SDK, Airbyte Python CDK).
func (p *Program) framework(cl *ir.Class, emit func(Request)) {
	for _, fw := range p.rules.Frameworks {
		if !p.derives(cl, fw.Bases) {
			continue
		}
		pathExpr, own := cl.Attrs[fw.Path]
		line := cl.Line
		if own {
			line = pathExpr.Line
		} else if m := cl.Methods[fw.Path]; m != nil {
			own = true
			line = m.Line
			if len(m.Returns) > 0 {
				line = m.Returns[0].Line
			}
		}
		if !own {
			continue
		}
		b := &budget{}
		rc := &recv{cls: cl}
		paths := p.field(fw.Path, &env{recv: rc}, b)
		bases := p.field(fw.Base, &env{recv: rc}, b)
		methods := []string{fw.Default}
		for _, mk := range fw.Method {
			if vals := p.field(mk, &env{recv: rc}, b); len(vals) > 0 && vals[0] != Hole {
				methods = vals
				break
			}
		}
		for _, path := range paths {
			if path == Hole {
				continue
			}
			for _, base := range bases {
				u := path
				if !strings.HasPrefix(path, "http") {
					u = strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(path, "/")
				}
				for _, m := range methods {
					emit(Request{Method: normMethod(m), URL: u, File: cl.File.Path, Line: line, Lang: cl.File.Lang, Via: "framework:" + fw.Name})
				}
			}
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
