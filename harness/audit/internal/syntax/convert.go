// Package syntax turns a tree-sitter syntax tree into the language-neutral
// model of package ir. Grammars name the same constructs differently
// (call_expression, call, method_invocation...); a front end describes its
// grammar with a Spec and this package does the rest, so a new language is
// one Spec in one folder.
package syntax

import (
	"context"
	"errors"
	"fmt"
	pathpkg "path"
	"strings"
	"time"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// Spec describes one grammar to the converter. Node type sets name the
// grammar's nodes for each construct; hooks handle what no table can.
type Spec struct {
	// Name is the language name reported in usages (go, python, ...).
	Name string
	// Exts are the file extensions, with the dot, lower case.
	Exts []string
	// Language returns the tree-sitter grammar (for TSX, by extension).
	Language func(ext string) *sitter.Language
	// Funcs are function, method and lambda definitions.
	Funcs []string
	// Classes are class, module, struct and object definitions.
	Classes []string
	// Calls are call nodes; NewCalls are constructor invocations.
	Calls, NewCalls []string
	// Assigns are assignment and declaration nodes.
	Assigns []string
	// Returns are return statements.
	Returns []string
	// ImplicitReturn makes the last expression of a body its value (Ruby,
	// Elixir, Kotlin expression bodies).
	ImplicitReturn bool
	// ConcatOps are binary operators that join strings ("+", ".", "<>").
	ConcatOps []string
	// SelfNames are the names of the receiver (this, self, $this).
	SelfNames []string
	// CtorNames are constructor method names (constructor, __init__, ...).
	CtorNames []string
	// DefCalls are calls that define a function (Elixir def, defp): the
	// first argument is the head name(params), the body a do block or a
	// do: keyword.
	DefCalls []string
	// PackageScope says the files of one directory share their top-level
	// names and a bare name never reaches another directory (Go packages).
	PackageScope bool
	// Hook, when set, converts a node before the generic rules; it returns
	// nil to let them run.
	Hook func(c *Conv, n *sitter.Node) *ir.Expr
}

// Conv converts one file. Front-end hooks use its helpers.
type Conv struct {
	Spec  *Spec
	Src   []byte
	File  *ir.File
	calls map[[2]uint32]*ir.Call
	set   map[string]map[string]bool
	steps int
	// funcAt are the functions defined by nodes, lambdas the function
	// values converted from them and decorated the decorator calls with
	// the node they decorate: linked once the whole file is converted.
	funcAt    map[[2]uint32]*ir.Func
	lambdas   map[[2]uint32][]*ir.Expr
	decorated []decoration
}

// decoration is a decorator call and the span of the definition it
// decorates.
type decoration struct {
	call *ir.Call
	def  [2]uint32
}

// span is a node's byte range: the key of what the converter remembers
// per node (calls, functions, function values).
func span(n *sitter.Node) [2]uint32 { return [2]uint32{n.StartByte(), n.EndByte()} }

// ErrBudget is returned when a file's syntax tree is too large or too slow
// to convert within the per-file budget.
var ErrBudget = errors.New("syntax: file over the per-file budget")

// maxSteps bounds the nodes one file may visit.
const maxSteps = 2_000_000

// Parse parses src with the spec's grammar and converts it. The parse is
// cancelled after timeout.
func Parse(spec *Spec, ext, path string, src []byte, timeout time.Duration) (*ir.File, error) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(spec.Language(ext))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tree, err := p.ParseCtx(ctx, nil, src)
	if err != nil || tree == nil {
		return nil, fmt.Errorf("%w: %s: parse: %v", ErrBudget, path, err)
	}
	defer tree.Close()
	c := &Conv{Spec: spec, Src: src, calls: map[[2]uint32]*ir.Call{}, set: map[string]map[string]bool{},
		funcAt: map[[2]uint32]*ir.Func{}, lambdas: map[[2]uint32][]*ir.Expr{}}
	f := &ir.File{Path: path, Lang: spec.Name}
	if spec.PackageScope {
		f.Scope = pathpkg.Dir(path)
	}
	c.File = f
	f.Top = ir.NewFunc(f, "", 1)
	c.visit(tree.RootNode(), f.Top, nil)
	if c.steps > maxSteps {
		return nil, fmt.Errorf("%w: %s: %d nodes", ErrBudget, path, c.steps)
	}
	for k, es := range c.lambdas {
		if fn := c.funcAt[k]; fn != nil {
			for _, e := range es {
				e.Func = fn
			}
		}
	}
	for _, d := range c.decorated {
		if fn := c.funcAt[d.def]; fn != nil {
			d.call.Decorates = fn
		}
	}
	return f, nil
}

func (c *Conv) is(kind string, list []string, t string) bool {
	m := c.set[kind]
	if m == nil {
		m = map[string]bool{}
		for _, s := range list {
			m[s] = true
		}
		c.set[kind] = m
	}
	return m[t]
}

// Text returns the source text of n.
func (c *Conv) Text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return n.Content(c.Src)
}

// Line returns the 1-based line of n.
func Line(n *sitter.Node) int { return int(n.StartPoint().Row) + 1 }

// Field returns the child of n under a field name, trying each in turn.
func Field(n *sitter.Node, names ...string) *sitter.Node {
	for _, f := range names {
		if ch := n.ChildByFieldName(f); ch != nil {
			return ch
		}
	}
	return nil
}

// Named returns the named children of n.
func Named(n *sitter.Node) []*sitter.Node {
	out := make([]*sitter.Node, 0, n.NamedChildCount())
	for i := 0; i < int(n.NamedChildCount()); i++ {
		if ch := n.NamedChild(i); ch != nil && !isComment(ch.Type()) {
			out = append(out, ch)
		}
	}
	return out
}

func isComment(t string) bool { return strings.Contains(t, "comment") }

// visit walks n, filling fn (the enclosing function) and cls.
func (c *Conv) visit(n *sitter.Node, fn *ir.Func, cls *ir.Class) {
	c.steps++
	if c.steps > maxSteps {
		return
	}
	t := n.Type()
	switch {
	case c.is("class", c.Spec.Classes, t):
		c.classDef(n, fn, cls)
		return
	case c.is("func", c.Spec.Funcs, t):
		c.funcDef(n, fn, cls)
		return
	case c.is("ret", c.Spec.Returns, t):
		for _, ch := range Named(n) {
			fn.Returns = append(fn.Returns, c.Expr(ch))
		}
	case c.is("assign", c.Spec.Assigns, t):
		c.assign(n, fn, cls)
	case len(c.Spec.DefCalls) > 0 && c.is("def", c.Spec.DefCalls, c.Text(Field(n, "target"))):
		c.defCall(n, fn, cls)
		return
	case c.is("call", c.Spec.Calls, t) || c.is("new", c.Spec.NewCalls, t):
		if call := c.Call(n); call != nil {
			fn.Calls = append(fn.Calls, call)
			if call.Block != nil {
				// The block's calls run in the enclosing function.
				fn.Calls = append(fn.Calls, call.Block.Calls...)
				fn.Assigns = append(fn.Assigns, call.Block.Assigns...)
			}
		}
	case t == "decorator":
		// @app.get("/x") def f / @Get("/x") m(): the call describes the
		// definition it decorates (linked once that is converted).
		if def := decorated(n); def != nil {
			for _, ch := range Named(n) {
				if c.is("call", c.Spec.Calls, ch.Type()) {
					if call := c.Call(ch); call != nil {
						c.decorated = append(c.decorated, decoration{call, span(def)})
					}
				}
			}
		}
	case t == "annotation" || t == "marker_annotation" || t == "attribute" && c.Spec.Name == "csharp":
		c.annotation(n, fn, nil)
	case t == "unary_operator" && c.Spec.Name == "elixir":
		// @name value defines a module attribute.
		if op := Field(n, "operand"); op != nil && op.Type() == "call" && strings.HasPrefix(c.Text(n), "@") {
			if tg := Field(op, "target"); tg != nil {
				if args := Named(op); len(args) > 1 {
					if vals := Named(args[len(args)-1]); len(vals) > 0 {
						fn.Assigns = append(fn.Assigns, ir.Assign{Target: &ir.Expr{K: ir.Ref, S: "@" + c.Text(tg)}, Value: c.Expr(vals[0]), Line: Line(n)})
					}
				}
			}
			return
		}
	case strings.Contains(t, "string") && n.NamedChildCount() <= 1 && !strings.Contains(t, "content") && !strings.Contains(t, "fragment"):
		if e := c.Expr(n); e.K == ir.Str {
			c.File.Strings = append(c.File.Strings, ir.StrLit{S: e.S, Line: Line(n)})
		}
	}
	for i := 0; i < int(n.NamedChildCount()); i++ {
		ch := n.NamedChild(i)
		if ch == nil {
			continue
		}
		if strings.Contains(ch.Type(), "block") && (t == "call" || t == "method_call") && Field(n, "block") != nil {
			continue // converted with the call
		}
		c.visit(ch, fn, cls)
	}
}

func (c *Conv) classDef(n *sitter.Node, outer *ir.Func, outerCls *ir.Class) {
	name := c.Text(Field(n, "name"))
	if name == "" && Field(n, "name") == nil {
		// Grammars without field names (Kotlin): the first type name.
		for _, ch := range Named(n) {
			if ch.Type() == "type_identifier" || ch.Type() == "simple_identifier" {
				name = c.Text(ch)
				break
			}
		}
	}
	if name == "" {
		// Ruby `class << self` and anonymous classes keep the outer class.
		if outerCls != nil && n.Type() == "singleton_class" {
			c.visitBody(n, outer, outerCls)
			return
		}
	}
	if i := strings.LastIndex(name, "::"); i >= 0 {
		name = name[i+2:]
	}
	cls := &ir.Class{Name: name, Attrs: map[string]*ir.Expr{}, Methods: map[string]*ir.Func{}, Line: Line(n), File: c.File}
	for _, f := range []string{"superclass", "superclasses", "base_clause", "interfaces", "bases"} {
		if s := Field(n, f); s != nil {
			c.supers(s, cls)
		}
	}
	for _, ch := range Named(n) {
		switch ch.Type() {
		case "class_heritage", "base_clause", "superclass", "base_list", "delegation_specifier", "delegation_specifiers", "extends_clause", "superclasses", "super_interfaces":
			c.supers(ch, cls)
		}
	}
	c.File.Classes = append(c.File.Classes, cls)
	c.primaryCtor(n, cls)
	c.visitBody(n, outer, cls)
}

// primaryCtor models a constructor declared in the class header (Kotlin
// class A(val x: String) : B("y")): its parameters, the properties they
// declare, and the arguments passed to the superclass.
func (c *Conv) primaryCtor(n *sitter.Node, cls *ir.Class) {
	var pc, deleg *sitter.Node
	for _, ch := range Named(n) {
		switch ch.Type() {
		case "primary_constructor":
			pc = ch
		case "delegation_specifier":
			for _, d := range Named(ch) {
				if d.Type() == "constructor_invocation" {
					deleg = d
				}
			}
		}
	}
	if pc == nil && deleg == nil {
		return
	}
	f := ir.NewFunc(c.File, "<init>", Line(n))
	f.Class = cls
	f.Ctor = true
	if pc != nil {
		for _, p := range Named(pc) {
			if p.Type() != "class_parameter" {
				continue
			}
			var name string
			prop := false
			for _, ch := range Named(p) {
				switch ch.Type() {
				case "simple_identifier":
					if name == "" {
						name = c.Text(ch)
					}
				case "binding_pattern_kind":
					prop = true
				}
			}
			if name == "" {
				continue
			}
			f.Params = append(f.Params, name)
			if kids := Named(p); len(kids) > 0 && !strings.Contains(kids[len(kids)-1].Type(), "type") && kids[len(kids)-1].Type() != "simple_identifier" {
				f.Defaults[name] = c.Expr(kids[len(kids)-1])
			}
			if prop {
				f.Assigns = append(f.Assigns, ir.Assign{Target: &ir.Expr{K: ir.Member, X: &ir.Expr{K: ir.Self}, S: name}, Value: &ir.Expr{K: ir.Ref, S: name, Line: Line(p)}, Line: Line(p)})
			}
		}
	}
	if deleg != nil {
		call := &ir.Call{Fn: &ir.Expr{K: ir.Super, Line: Line(deleg)}, KW: map[string]*ir.Expr{}, Line: Line(deleg)}
		for _, ch := range Named(deleg) {
			if ch.Type() == "value_arguments" {
				c.args(ch, call)
			}
		}
		f.Calls = append(f.Calls, call)
	}
	if _, dup := cls.Methods["<init>"]; !dup {
		cls.Methods["<init>"] = f
	}
}

func (c *Conv) supers(n *sitter.Node, cls *ir.Class) {
	switch n.Type() {
	case "identifier", "type_identifier", "constant", "name", "scope_resolution", "qualified_name", "user_type", "attribute", "member_expression", "generic_type", "scoped_type_identifier", "simple_identifier":
		s := c.Text(n)
		if i := strings.IndexAny(s, "<("); i > 0 {
			s = s[:i]
		}
		for _, sep := range []string{"::", ".", "\\"} {
			if i := strings.LastIndex(s, sep); i >= 0 {
				s = s[i+len(sep):]
			}
		}
		cls.Supers = append(cls.Supers, s)
		return
	}
	for _, ch := range Named(n) {
		c.supers(ch, cls)
	}
}

// visitBody visits the body of a class: methods, attributes, constants.
func (c *Conv) visitBody(n *sitter.Node, outer *ir.Func, cls *ir.Class) {
	body := Field(n, "body")
	if body == nil {
		body = n
	}
	// Class-level code runs in a function of its own whose assignments
	// are the class attributes.
	init := ir.NewFunc(c.File, "", Line(n))
	init.Class = cls
	for _, ch := range Named(body) {
		if ch == Field(n, "name") {
			continue
		}
		c.visit(ch, init, cls)
	}
	for _, a := range init.Assigns {
		if a.Target.K == ir.Ref {
			if _, ok := cls.Attrs[a.Target.S]; !ok {
				cls.Attrs[a.Target.S] = a.Value
			}
		}
	}
	outer.Calls = append(outer.Calls, init.Calls...)
	outer.Assigns = append(outer.Assigns, qualify(cls, init.Assigns)...)
}

// qualify makes class-level constants visible as Class.NAME at module level.
func qualify(cls *ir.Class, as []ir.Assign) []ir.Assign {
	var out []ir.Assign
	for _, a := range as {
		if a.Target.K == ir.Ref && a.Target.S != "" && a.Target.S[0] >= 'A' && a.Target.S[0] <= 'Z' {
			out = append(out, a)
		}
	}
	return out
}

func (c *Conv) funcDef(n *sitter.Node, outer *ir.Func, cls *ir.Class) {
	nameNode := Field(n, "name")
	if nameNode == nil {
		for _, ch := range Named(n) {
			if ch.Type() == "simple_identifier" || ch.Type() == "identifier" {
				nameNode = ch
				break
			}
		}
	}
	name := c.Text(nameNode)
	if n.Type() == "arrow_function" || n.Type() == "function_expression" || n.Type() == "function" || n.Type() == "lambda" || n.Type() == "anonymous_function" {
		name = ""
		if p := n.Parent(); p != nil {
			switch p.Type() {
			case "variable_declarator", "public_field_definition", "field_definition", "pair", "assignment_expression", "assignment":
				name = c.Text(Field(p, "name", "key", "property", "left"))
				if i := strings.LastIndexByte(name, '.'); i >= 0 {
					name = name[i+1:]
				}
			}
		}
	}
	f := ir.NewFunc(c.File, name, Line(n))
	f.Class = cls
	f.Outer = outer
	c.funcAt[span(n)] = f
	for _, ch := range Named(n) {
		if ch.Type() == "modifiers" {
			for _, a := range Named(ch) {
				if a.Type() == "annotation" || a.Type() == "marker_annotation" {
					c.annotation(a, f, f)
				}
			}
		}
	}
	if n.Type() == "method_declaration" && c.Spec.Name == "go" {
		if r := Field(n, "receiver"); r != nil {
			f.Class = c.goRecv(r)
			if kids := Named(r); len(kids) > 0 {
				if nm := Field(kids[0], "name"); nm != nil {
					f.Types = map[string]string{c.Text(nm): f.Class.Name}
				}
			}
		}
	}
	for _, cn := range c.Spec.CtorNames {
		if name == cn {
			f.Ctor = true
		}
	}
	if n.Type() == "constructor_declaration" {
		f.Ctor = true // Java, C#: named after the class
	}
	f.Hidden = strings.HasPrefix(name, "#")
	for _, ch := range Named(n) {
		if strings.Contains(ch.Type(), "modifier") {
			for _, w := range strings.Fields(c.Text(ch)) {
				if w == "private" || w == "protected" {
					f.Hidden = true
				}
			}
		}
	}
	if ps := Field(n, "parameters", "parameter", "params"); ps != nil {
		c.params(ps, f)
	} else {
		for _, ch := range Named(n) {
			if strings.Contains(ch.Type(), "parameters") || ch.Type() == "function_value_parameters" || ch.Type() == "parameter_list" {
				c.params(ch, f)
				break
			}
		}
	}
	body := Field(n, "body")
	if body == nil {
		for _, ch := range Named(n) {
			if strings.Contains(ch.Type(), "body") || ch.Type() == "block" || ch.Type() == "do_block" {
				body = ch
			}
		}
	}
	if body != nil {
		if c.is("call", c.Spec.Calls, body.Type()) || strings.Contains(body.Type(), "expression") || strings.Contains(body.Type(), "string") || body.Type() == "call" {
			f.Returns = append(f.Returns, c.Expr(body))
			c.visit(body, f, cls)
		} else {
			for _, ch := range Named(body) {
				c.visit(ch, f, cls)
			}
			if c.Spec.ImplicitReturn {
				if kids := Named(body); len(kids) > 0 {
					last := kids[len(kids)-1]
					if !c.is("ret", c.Spec.Returns, last.Type()) {
						f.Returns = append(f.Returns, c.Expr(last))
					}
				}
			}
		}
	}
	if cls != nil && name != "" && f.Class == cls {
		if _, dup := cls.Methods[name]; !dup {
			cls.Methods[name] = f
		}
	} else if f.Class != nil && name != "" {
		if _, dup := f.Class.Methods[name]; !dup {
			f.Class.Methods[name] = f
		}
	} else {
		c.File.Funcs = append(c.File.Funcs, f)
	}
	if name == "" && outer != nil {
		// A closure's calls also belong to the function that made it.
		outer.Calls = append(outer.Calls, f.Calls...)
	}
}

// goRecv returns the class of a Go method receiver, creating it.
func (c *Conv) goRecv(r *sitter.Node) *ir.Class {
	t := strings.TrimLeft(c.Text(Field(Named(r)[0], "type")), "*")
	if i := strings.IndexByte(t, '['); i >= 0 {
		t = t[:i]
	}
	for _, cl := range c.File.Classes {
		if cl.Name == t {
			return cl
		}
	}
	cl := &ir.Class{Name: t, Attrs: map[string]*ir.Expr{}, Methods: map[string]*ir.Func{}, Line: Line(r), File: c.File}
	c.File.Classes = append(c.File.Classes, cl)
	return cl
}

func (c *Conv) params(n *sitter.Node, f *ir.Func) {
	for _, p := range Named(n) {
		var nameNode, def *sitter.Node
		switch p.Type() {
		case "identifier", "simple_identifier", "variable_name":
			nameNode = p
		default:
			nameNode = Field(p, "name", "pattern", "left")
			def = Field(p, "value", "default_value", "right", "default")
			if nameNode == nil {
				for _, ch := range Named(p) {
					if ch.Type() == "identifier" || ch.Type() == "simple_identifier" || ch.Type() == "variable_name" {
						nameNode = ch
						break
					}
				}
			}
		}
		if nameNode == nil {
			continue
		}
		if nameNode.Type() == "parameter_declaration" || p.Type() == "parameter_declaration" {
			// Go: several names may share one type.
			typ := c.Text(Field(p, "type"))
			typ = strings.TrimLeft(typ, "*&[]")
			if i := strings.LastIndexByte(typ, '.'); i >= 0 {
				typ = typ[i+1:]
			}
			for _, ch := range Named(p) {
				if ch.Type() == "identifier" {
					f.Params = append(f.Params, c.Text(ch))
					if f.Types == nil {
						f.Types = map[string]string{}
					}
					f.Types[c.Text(ch)] = typ
				}
			}
			continue
		}
		name := strings.TrimLeft(c.Text(nameNode), "$*&")
		if f.Ctor {
			// TypeScript parameter properties: constructor(private path: string).
			for _, ch := range Named(p) {
				if ch.Type() == "accessibility_modifier" || ch.Type() == "readonly" {
					f.Assigns = append(f.Assigns, ir.Assign{Target: &ir.Expr{K: ir.Member, X: &ir.Expr{K: ir.Self}, S: name}, Value: &ir.Expr{K: ir.Ref, S: name, Line: Line(p)}, Line: Line(p)})
					break
				}
			}
		}
		if i := strings.IndexByte(name, ':'); i > 0 {
			name = name[:i]
		}
		if len(f.Params) == 0 && f.Class != nil && (name == "self" || name == "cls") {
			continue
		}
		f.Params = append(f.Params, name)
		if def != nil {
			f.Defaults[name] = c.Expr(def)
		}
	}
}

func (c *Conv) assign(n *sitter.Node, fn *ir.Func, cls *ir.Class) {
	t := n.Type()
	var left, right *sitter.Node
	switch t {
	case "const_element", "property_element":
		kids := Named(n)
		if len(kids) == 0 {
			return
		}
		left = kids[0]
		if len(kids) > 1 {
			right = kids[len(kids)-1]
		}
		if left.Type() == "property_initializer" || (right != nil && right.Type() == "property_initializer") {
			if pi := right; pi != nil {
				if k := Named(pi); len(k) > 0 {
					right = k[0]
				}
			}
		}
	case "property_declaration":
		var vd *sitter.Node
		for _, ch := range Named(n) {
			if ch.Type() == "variable_declaration" {
				vd = ch
			}
		}
		if vd == nil {
			left = Field(n, "left", "name", "pattern", "key")
			right = Field(n, "right", "value")
			if left == nil {
				if kids := Named(n); len(kids) > 0 {
					left = kids[0]
				}
			}
			break
		}
		if k := Named(vd); len(k) > 0 {
			left = k[0]
		}
		if kids := Named(n); len(kids) > 0 && kids[len(kids)-1] != vd {
			right = kids[len(kids)-1]
			if right.Type() == "property_delegate" {
				// val x by lazy { ... }: the delegate's value.
				if k := Named(right); len(k) > 0 {
					right = k[0]
				}
			}
		}
	default:
		left = Field(n, "left", "name", "pattern", "key")
		right = Field(n, "right", "value")
		if left != nil && right == nil {
			if kids := Named(n); len(kids) >= 2 && kids[len(kids)-1] != left && !strings.Contains(kids[len(kids)-1].Type(), "type") {
				right = kids[len(kids)-1]
			}
		}
		if left == nil {
			kids := Named(n)
			if len(kids) >= 2 {
				left, right = kids[0], kids[len(kids)-1]
			} else if len(kids) == 1 && t == "property_declaration" {
				left = kids[0]
			}
		}
	}
	if left == nil {
		return
	}
	// Go expression lists: a, b := x, y
	if left.Type() == "expression_list" && right != nil && right.Type() == "expression_list" {
		ls, rs := Named(left), Named(right)
		for i := range ls {
			if i < len(rs) {
				fn.Assigns = append(fn.Assigns, ir.Assign{Target: c.Expr(ls[i]), Value: c.Expr(rs[i]), Line: Line(n)})
			}
		}
		return
	}
	if left.Type() == "expression_list" {
		left = Named(left)[0]
	}
	if right != nil && right.Type() == "expression_list" {
		if k := Named(right); len(k) > 0 {
			right = k[0]
		}
	}
	target := c.Expr(left)
	if target.K == ir.Unknown {
		target = &ir.Expr{K: ir.Ref, S: strings.TrimLeft(c.Text(left), "$"), Line: Line(left)}
	}
	var val *ir.Expr
	if right != nil {
		val = c.Expr(right)
	} else {
		val = &ir.Expr{K: ir.Unknown}
	}
	fn.Assigns = append(fn.Assigns, ir.Assign{Target: target, Value: val, Line: Line(n)})
}

// annotation turns a request annotation (Retrofit @GET("v2/people"),
// @POST(...)) into a call of that verb with its path; dec is the method it
// annotates, when the caller knows it.
func (c *Conv) annotation(n *sitter.Node, fn *ir.Func, dec *ir.Func) {
	var name string
	var arg *sitter.Node
	var find func(n *sitter.Node, depth int)
	find = func(n *sitter.Node, depth int) {
		for _, ch := range Named(n) {
			switch ch.Type() {
			case "identifier", "type_identifier", "scoped_identifier":
				if name == "" {
					name = c.Text(ch)
				}
			case "string_literal", "string", "line_string_literal":
				if arg == nil {
					arg = ch
				}
			default:
				if depth < 4 {
					find(ch, depth+1)
				}
			}
		}
	}
	find(n, 0)
	switch strings.ToUpper(name) {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		return
	}
	if arg == nil {
		return
	}
	fn.Calls = append(fn.Calls, &ir.Call{Fn: &ir.Expr{K: ir.Ref, S: name, Line: Line(n)}, Args: []*ir.Expr{c.Expr(arg)}, KW: map[string]*ir.Expr{},
		Decorates: dec, Line: Line(n)})
}

// decorated returns the definition a decorator node decorates: the
// definition of a Python decorated_definition, or the next definition
// among the decorator's siblings (TypeScript class members).
func decorated(n *sitter.Node) *sitter.Node {
	p := n.Parent()
	if p == nil {
		return nil
	}
	if d := Field(p, "definition"); d != nil {
		return d
	}
	for s := n.NextNamedSibling(); s != nil; s = s.NextNamedSibling() {
		switch t := s.Type(); {
		case t == "decorator" || isComment(t):
			continue
		case strings.Contains(t, "method") || strings.Contains(t, "function") || strings.Contains(t, "definition") || strings.Contains(t, "declaration"):
			return s
		}
		return nil
	}
	if p.Type() != "decorator" && (strings.Contains(p.Type(), "method") || strings.Contains(p.Type(), "function") || strings.Contains(p.Type(), "declaration")) {
		return p // decorators held inside the definition they decorate
	}
	return nil
}

// defCall converts a function defined by a call (Elixir def name(a, b \\ 1),
// do: body; def name(a) do ... end) into a function of the file.
func (c *Conv) defCall(n *sitter.Node, outer *ir.Func, cls *ir.Class) {
	var head *sitter.Node
	var body []*sitter.Node
	for _, ch := range Named(n) {
		switch ch.Type() {
		case "arguments":
			for _, a := range Named(ch) {
				switch {
				case head == nil && a.Type() != "keywords":
					head = a
				case a.Type() == "keywords":
					for _, pr := range Named(a) {
						if strings.HasPrefix(c.Text(Field(pr, "key")), "do") {
							if v := Field(pr, "value"); v != nil {
								body = append(body, v)
							}
						}
					}
				}
			}
		case "do_block":
			body = append(body, Named(ch)...)
		}
	}
	// def name(a) when guard
	if head != nil && head.Type() == "binary_operator" && c.Text(Field(head, "operator")) == "when" {
		head = Field(head, "left")
	}
	if head == nil {
		return
	}
	name := c.Text(head)
	var params []*sitter.Node
	if head.Type() == "call" {
		name = c.Text(Field(head, "target"))
		for _, ch := range Named(head) {
			if ch.Type() == "arguments" {
				params = Named(ch)
			}
		}
	}
	f := ir.NewFunc(c.File, name, Line(n))
	f.Class = cls
	for _, p := range params {
		nm, def := p, (*sitter.Node)(nil)
		if p.Type() == "binary_operator" && c.Text(Field(p, "operator")) == `\\` {
			nm, def = Field(p, "left"), Field(p, "right")
		}
		if nm == nil || nm.Type() != "identifier" {
			// A pattern (%{id: id}, _): positional, never a name.
			f.Params = append(f.Params, "_")
			continue
		}
		f.Params = append(f.Params, c.Text(nm))
		if def != nil {
			f.Defaults[c.Text(nm)] = c.Expr(def)
		}
	}
	for _, b := range body {
		c.visit(b, f, cls)
	}
	if len(body) > 0 && !c.is("ret", c.Spec.Returns, body[len(body)-1].Type()) {
		f.Returns = append(f.Returns, c.Expr(body[len(body)-1]))
	}
	c.File.Funcs = append(c.File.Funcs, f)
}
