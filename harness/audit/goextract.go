package audit

import (
	"go/ast"
	goparser "go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
)

// extractGo fills the model of a Go file from its syntax tree: string
// constants and variables (package level and local), struct literal
// fields, calls with their arguments, and function declarations.
func extractGo(fm *fileModel, src []byte) []tok {
	fset := token.NewFileSet()
	f, err := goparser.ParseFile(fset, fm.rel, src, goparser.SkipObjectResolution)
	toks := goTokens(src)
	if err != nil || f == nil {
		return toks
	}
	fm.pkg = f.Name.Name
	for _, im := range f.Imports {
		p := strings.Trim(im.Path.Value, "`\"")
		if p == "testing" || p == "net/http/httptest" || strings.Contains(p, "onsi/ginkgo") || strings.Contains(p, "onsi/gomega") {
			fm.nonCall = true // test code: specs, helpers, fakes
		}
	}
	g := &goWalker{fset: fset, fm: fm}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			g.genDecl(d, nil)
		case *ast.FuncDecl:
			g.funcDecl(d)
		}
	}
	return toks
}

type goWalker struct {
	fset *token.FileSet
	fm   *fileModel
}

func (g *goWalker) line(p token.Pos) int { return g.fset.Position(p).Line }

func (g *goWalker) genDecl(d *ast.GenDecl, fn *funcInfo) {
	for _, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for i, n := range vs.Names {
			if i < len(vs.Values) {
				g.addDef(n.Name, vs.Values[i], fn)
			}
		}
	}
}

func (g *goWalker) addDef(name string, v ast.Expr, fn *funcInfo) {
	e := g.expr(v, fn)
	if len(e) == 0 {
		return
	}
	class := ""
	if fn != nil {
		class = fn.class
	}
	g.fm.defs = append(g.fm.defs, &def{name: name, val: e, line: g.line(v.Pos()), fn: fn, class: class, file: g.fm})
}

func recvType(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name
		}
		return ""
	}
}

func (g *goWalker) funcDecl(fd *ast.FuncDecl) {
	fn := &funcInfo{name: fd.Name.Name, class: recvType(fd), line: g.line(fd.Pos()), file: g.fm}
	if fd.Type.Params != nil {
		for _, p := range fd.Type.Params.List {
			for _, n := range p.Names {
				fn.params = append(fn.params, n.Name)
			}
		}
	}
	g.fm.funcs = append(g.fm.funcs, fn)
	if fd.Body == nil {
		return
	}
	g.walkBody(fd.Body, fn)
}

func (g *goWalker) walkBody(body ast.Node, fn *funcInfo) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
					if name := chainOf(l); name != "" {
						g.addDef(name, n.Rhs[i], fn)
					}
				}
			}
		case *ast.GenDecl:
			g.genDecl(n, fn)
		case *ast.ReturnStmt:
			if fn.ret == nil && len(n.Results) >= 1 {
				if e := g.expr(n.Results[0], fn); hasStringish(e) {
					fn.ret, fn.retLine = e, g.line(n.Pos())
				}
			}
		case *ast.CompositeLit:
			// Struct fields: &Client{baseURL: ...} defines Client's baseURL.
			typeName := chainOf(n.Type)
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						if e := g.expr(kv.Value, fn); len(e) > 0 {
							g.fm.defs = append(g.fm.defs, &def{name: k.Name, val: e, line: g.line(kv.Pos()), class: lastSeg(typeName), file: g.fm})
						}
					}
				}
			}
		case *ast.CallExpr:
			g.call(n, fn)
		case *ast.FuncLit:
			// Closures share the enclosing function's scope here.
			return true
		}
		return true
	})
}

// chainOf renders an identifier or selector chain ("c.baseURL"), or "".
func chainOf(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		if x.Name == "_" {
			return ""
		}
		return x.Name
	case *ast.SelectorExpr:
		if p := chainOf(x.X); p != "" {
			return p + "." + x.Sel.Name
		}
		return x.Sel.Name
	case *ast.StarExpr:
		return chainOf(x.X)
	case *ast.ParenExpr:
		return chainOf(x.X)
	case *ast.IndexExpr: // generic instantiation: list[Person]
		return chainOf(x.X)
	case *ast.IndexListExpr:
		return chainOf(x.X)
	}
	return ""
}

func (g *goWalker) callExpr(n *ast.CallExpr, fn *funcInfo) *callExpr {
	c := &callExpr{callee: chainOf(n.Fun), line: g.line(n.Pos()), kw: map[string]expr{}, fn: fn, file: g.fm}
	for _, a := range n.Args {
		e := g.expr(a, fn)
		if e == nil {
			e = expr{{kind: kHole, s: "arg"}}
		}
		c.args = append(c.args, e)
		if cl, ok := a.(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						c.kw[strings.ToLower(k.Name)] = g.expr(kv.Value, fn)
					}
				}
			}
		}
	}
	return c
}

func (g *goWalker) call(n *ast.CallExpr, fn *funcInfo) {
	c := g.callExpr(n, fn)
	if c.callee == "" {
		return
	}
	c.hints = appendVerbs(nil, calleeVerbs(c.callee)...)
	c.hints = append(c.hints, argVerbs(c)...)
	c.attrs = callAttrs(c)
	switch c.name() {
	case "HandleFunc", "Handle", "Methods", "Route", "Group", "HandlerFunc":
		c.route = true
	}
	if len(calleeVerbs(c.callee)) > 0 {
		for _, a := range n.Args {
			if _, ok := a.(*ast.FuncLit); ok {
				c.route = true
			}
		}
		if first := strings.SplitN(c.recv(), ".", 2)[0]; routeReceivers[first] {
			c.route = true
		}
	}
	c.mock = isMockCallee(c.callee)
	g.fm.calls = append(g.fm.calls, c)
	fn.calls = append(fn.calls, c)
}

// expr converts a Go expression into a string expression.
func (g *goWalker) expr(e ast.Expr, fn *funcInfo) expr {
	switch x := e.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.STRING:
			s, err := strconv.Unquote(x.Value)
			if err != nil {
				return expr{{kind: kHole, s: "lit"}}
			}
			return expr{{kind: kLit, s: s}}
		case token.INT:
			return expr{{kind: kNum, s: x.Value}}
		}
		return expr{{kind: kHole, s: "lit"}}
	case *ast.Ident:
		switch x.Name {
		case "true", "false", "nil":
			return expr{{kind: kHole, s: x.Name}}
		}
		return expr{{kind: kRef, s: x.Name}}
	case *ast.SelectorExpr:
		if name := chainOf(x); name != "" {
			return expr{{kind: kRef, s: name}}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			l := g.expr(x.X, fn)
			r := g.expr(x.Y, fn)
			if l == nil || r == nil {
				return nil
			}
			return append(append(expr{}, l...), r...)
		}
	case *ast.ParenExpr:
		return g.expr(x.X, fn)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return g.expr(x.X, fn)
		}
	case *ast.CallExpr:
		c := g.callExpr(x, fn)
		if c.callee == "" {
			return expr{{kind: kHole, s: "call"}}
		}
		switch c.callee {
		case "fmt.Sprintf":
			c.callee = "%format"
		}
		return expr{{kind: kCall, call: c}}
	case *ast.CompositeLit:
		fields := map[string]expr{}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok {
					fields[strings.ToLower(k.Name)] = g.expr(kv.Value, fn)
				}
				if k, ok := kv.Key.(*ast.BasicLit); ok && k.Kind == token.STRING {
					if s, err := strconv.Unquote(k.Value); err == nil {
						fields[strings.ToLower(s)] = g.expr(kv.Value, fn)
					}
				}
			}
		}
		return expr{{kind: kObj, obj: fields}}
	}
	return expr{{kind: kHole, s: "expr"}}
}

// goTokens lexes Go source for the token rules (API keys, webhook
// signatures, paging loops); comments are dropped.
func goTokens(src []byte) []tok {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	var out []tok
	lastLine := 0
	for {
		pos, tk, litv := s.Scan()
		if tk == token.EOF {
			break
		}
		line := file.Line(pos)
		t := tok{line: line, first: line != lastLine}
		lastLine = line
		switch {
		case tk == token.IDENT:
			t.kind, t.text = tIdent, litv
		case tk == token.STRING:
			v, err := strconv.Unquote(litv)
			if err != nil {
				v = litv
			}
			t.kind, t.text = tStr, v
		case tk == token.INT || tk == token.FLOAT:
			t.kind, t.text = tNum, litv
		case tk.IsKeyword():
			t.kind, t.text = tIdent, tk.String()
		case tk == token.SEMICOLON:
			continue
		default:
			t.kind, t.text = tPunct, tk.String()
		}
		out = append(out, t)
	}
	return out
}
