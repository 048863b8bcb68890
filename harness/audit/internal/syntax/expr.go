package syntax

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
)

// wrappers are nodes whose value is their only (or first) named child.
var wrappers = map[string]bool{
	"parenthesized_expression": true, "await_expression": true, "expression_statement": true,
	"argument": true, "non_null_expression": true, "as_expression": true, "satisfies_expression": true,
	"type_assertion": true, "cast_expression": true, "parenthesized_statements": true,
	"value_argument": true, "expression_list": true, "literal_element": true, "unary_expression": false,
	"spread_element": false, "body_statement": true, "block": false, "arguments_list": true,
	"interpolation": true, "template_substitution": true, "string_interpolation": true,
	"formatted_string_interpolation": true, "interpolated_regular_string_character": false,
	"annotated_expression": true, "parenthesized_type": false, "checked_expression": true,
	"postfix_expression": false, "encapsed_string_interpolation": true, "dynamic_variable_name": false,
	"line_string_expression": true, "multi_line_string_expression": true, "interpolated_expression": true,
}

// Expr converts an expression node.
func (c *Conv) Expr(n *sitter.Node) *ir.Expr {
	if n == nil {
		return &ir.Expr{K: ir.Unknown}
	}
	c.steps++
	if c.steps > maxSteps {
		return &ir.Expr{K: ir.Unknown}
	}
	if c.Spec.Hook != nil {
		if e := c.Spec.Hook(c, n); e != nil {
			return e
		}
	}
	t := n.Type()
	line := Line(n)
	if wrappers[t] {
		var kids []*sitter.Node
		for _, k := range Named(n) {
			if kt := k.Type(); !strings.Contains(kt, "brace") && kt != "interpolation_start" && kt != "format_clause" && kt != "interpolation_alignment_clause" {
				kids = append(kids, k)
			}
		}
		if len(kids) == 0 {
			return &ir.Expr{K: ir.Unknown, Line: line}
		}
		if t == "argument" && len(kids) == 2 {
			// PHP named argument name: value
			return c.Expr(kids[1])
		}
		return c.Expr(kids[0])
	}
	if t == "unary_expression" || t == "pointer_expression" {
		op := c.Text(Field(n, "operator"))
		if kids := Named(n); len(kids) > 0 && (op == "&" || op == "*" || kids[len(kids)-1].Type() == "composite_literal") {
			return c.Expr(kids[len(kids)-1])
		}
		return &ir.Expr{K: ir.Unknown, Line: line}
	}
	switch {
	case c.is("call", c.Spec.Calls, t) || c.is("new", c.Spec.NewCalls, t):
		if call := c.Call(n); call != nil {
			return &ir.Expr{K: ir.CallK, C: call, Line: line}
		}
		return &ir.Expr{K: ir.Unknown, Line: line}
	}
	switch t {
	case "number", "integer", "float", "integer_literal", "decimal_integer_literal", "int_literal", "real_literal":
		return &ir.Expr{K: ir.Str, S: c.Text(n), Line: line}
	case "simple_symbol", "hash_key_symbol", "atom", "quoted_atom":
		return &ir.Expr{K: ir.Str, S: strings.Trim(c.Text(n), ":\"'"), Line: line}
	case "this", "self", "base":
		return &ir.Expr{K: ir.Self, Line: line}
	case "super":
		return &ir.Expr{K: ir.Super, Line: line}
	case "null", "nil", "none", "undefined", "null_literal", "None":
		return &ir.Expr{K: ir.Nil, Line: line}
	case "identifier", "constant", "name", "property_identifier", "private_property_identifier",
		"field_identifier", "simple_identifier", "type_identifier", "shorthand_property_identifier", "package_identifier":
		s := c.Text(n)
		for _, sn := range c.Spec.SelfNames {
			if s == sn {
				return &ir.Expr{K: ir.Self, Line: line}
			}
		}
		if s == "null" || s == "nil" || s == "None" || s == "undefined" {
			return &ir.Expr{K: ir.Nil, Line: line}
		}
		return &ir.Expr{K: ir.Ref, S: s, Line: line}
	case "alias":
		return &ir.Expr{K: ir.Ref, S: c.Text(n), Line: line}
	case "qualified_name", "scoped_type_identifier", "generic_name", "generic_type":
		// System.Uri, Map.Entry, List<T>: the type's own name.
		s := c.Text(n)
		if i := strings.IndexByte(s, '<'); i > 0 {
			s = s[:i]
		}
		if i := strings.LastIndexByte(s, '.'); i >= 0 {
			s = s[i+1:]
		}
		return &ir.Expr{K: ir.Ref, S: s, Line: line}
	case "interpolated_identifier":
		return &ir.Expr{K: ir.Ref, S: strings.TrimLeft(c.Text(n), "$"), Line: line}
	case "unary_operator":
		if op := Field(n, "operand"); op != nil && strings.HasPrefix(c.Text(n), "@") && op.Type() == "identifier" {
			return &ir.Expr{K: ir.Ref, S: "@" + c.Text(op), Line: line}
		}
		return &ir.Expr{K: ir.Unknown, Line: line}
	case "instance_variable", "class_variable", "global_variable":
		// Ruby @x is self.x.
		return &ir.Expr{K: ir.Member, X: &ir.Expr{K: ir.Self}, S: strings.TrimLeft(c.Text(n), "@$"), Line: line}
	case "variable_name":
		s := strings.TrimLeft(c.Text(n), "$")
		if s == "this" {
			return &ir.Expr{K: ir.Self, Line: line}
		}
		return &ir.Expr{K: ir.Ref, S: s, Line: line}
	case "member_expression", "attribute", "selector_expression", "member_access_expression", "field_expression",
		"navigation_expression", "scoped_property_access_expression", "class_constant_access_expression",
		"scope_resolution", "field_access", "dot", "nullsafe_member_access_expression", "subscript_expression", "element_reference", "subscript", "index_expression":
		return c.member(n)
	case "string", "template_string", "string_literal", "interpreted_string_literal", "raw_string_literal",
		"encapsed_string", "heredoc", "nowdoc", "verbatim_string_literal", "interpolated_string_expression",
		"line_string_literal", "multi_line_string_literal", "charlist", "sigil", "concatenated_string", "raw_string", "text_block", "string_fragment", "string_content", "string_value":
		return c.str(n)
	case "binary_expression", "binary_operator", "binary", "additive_expression", "string_concatenation", "infix_expression":
		op := c.Text(Field(n, "operator"))
		kids := Named(n)
		if op == "" && len(kids) == 3 {
			op = c.Text(kids[1])
			kids = []*sitter.Node{kids[0], kids[2]}
		}
		if op == "" && n.ChildCount() == 3 {
			op = c.Text(n.Child(1))
		}
		left, right := Field(n, "left"), Field(n, "right")
		if left == nil && len(kids) >= 2 {
			left, right = kids[0], kids[len(kids)-1]
		}
		for _, o := range c.Spec.ConcatOps {
			if op == o {
				return concat(line, c.Expr(left), c.Expr(right))
			}
		}
		if op == "%" && left != nil && (strings.Contains(left.Type(), "string")) {
			f := &ir.Expr{K: ir.Format, Line: line, Parts: []*ir.Expr{c.Expr(left)}}
			r := right
			if r != nil && (r.Type() == "tuple" || r.Type() == "parenthesized_expression") {
				for _, ch := range Named(r) {
					f.Parts = append(f.Parts, c.Expr(ch))
				}
			} else {
				f.Parts = append(f.Parts, c.Expr(r))
			}
			return f
		}
		if op == "||" || op == "or" || op == "??" || op == "?:" || op == "|" {
			return &ir.Expr{K: ir.Cond, Parts: []*ir.Expr{c.Expr(left), c.Expr(right)}, Line: line}
		}
		return &ir.Expr{K: ir.Unknown, Line: line}
	case "ternary_expression", "conditional_expression", "conditional", "if_expression", "if", "elvis_expression":
		return c.cond(n)
	case "object", "dictionary", "hash", "array_creation_expression", "map", "keywords", "composite_literal", "literal_value", "anonymous_object_creation_expression", "initializer_expression", "object_creation_expression_body":
		return c.obj(n)
	case "assignment_expression", "assignment", "operator_assignment", "augmented_assignment_expression":
		return c.Expr(Field(n, "right", "value"))
	case "lambda", "arrow_function", "function_expression", "anonymous_function", "function", "lambda_literal", "lambda_expression", "anonymous_function_creation_expression",
		"func_literal", "anonymous_method_expression":
		e := &ir.Expr{K: ir.Unknown, S: "func", Line: line}
		c.lambdas[span(n)] = append(c.lambdas[span(n)], e)
		return e
	}
	return &ir.Expr{K: ir.Unknown, Line: line}
}

func concat(line int, parts ...*ir.Expr) *ir.Expr {
	e := &ir.Expr{K: ir.Concat, Line: line}
	for _, p := range parts {
		if p.K == ir.Concat {
			e.Parts = append(e.Parts, p.Parts...)
		} else {
			e.Parts = append(e.Parts, p)
		}
	}
	return e
}

func (c *Conv) member(n *sitter.Node) *ir.Expr {
	line := Line(n)
	obj := Field(n, "object", "operand", "scope", "value", "receiver", "expression", "left")
	prop := Field(n, "property", "attribute", "field", "name", "index", "right")
	kids := Named(n)
	if obj == nil && len(kids) >= 1 {
		obj = kids[0]
	}
	if prop == nil && len(kids) >= 2 {
		prop = kids[len(kids)-1]
	}
	name := c.Text(prop)
	switch n.Type() {
	case "subscript_expression", "element_reference", "subscript", "index_expression":
		p := c.Expr(prop)
		if p.K != ir.Str {
			return &ir.Expr{K: ir.Member, X: c.Expr(obj), S: "[]", Line: line}
		}
		name = p.S
	}
	if prop != nil && prop.Type() == "navigation_suffix" {
		name = strings.TrimLeft(name, ".?")
	}
	name = strings.TrimLeft(name, "$")
	x := c.Expr(obj)
	if obj != nil && obj.Type() == "relative_scope" {
		x = &ir.Expr{K: ir.Self}
	}
	return &ir.Expr{K: ir.Member, X: x, S: name, Line: line}
}

func (c *Conv) cond(n *sitter.Node) *ir.Expr {
	e := &ir.Expr{K: ir.Cond, Line: Line(n)}
	test := Field(n, "condition")
	a, b := Field(n, "consequence", "body"), Field(n, "alternative")
	kids := Named(n)
	if n.Type() == "elvis_expression" && len(kids) == 2 {
		// Kotlin a ?: b
		e.Parts = []*ir.Expr{c.Expr(kids[0]), c.Expr(kids[1])}
		return e
	}
	if test == nil && n.Type() == "conditional_expression" && len(kids) == 3 {
		// Python: a if test else b
		a, test, b = kids[0], kids[1], kids[2]
	}
	if test != nil && (test.Type() == "identifier" || test.Type() == "variable_name" || test.Type() == "simple_identifier") {
		e.S = strings.TrimLeft(c.Text(test), "$")
	}
	for _, br := range []*sitter.Node{a, b} {
		if br == nil {
			continue
		}
		if br.Type() == "else" || br.Type() == "else_clause" || br.Type() == "statement_block" || br.Type() == "block" || br.Type() == "then" {
			ks := Named(br)
			if len(ks) == 0 {
				continue
			}
			br = ks[len(ks)-1]
		}
		e.Parts = append(e.Parts, c.Expr(br))
	}
	return e
}

func (c *Conv) obj(n *sitter.Node) *ir.Expr {
	e := &ir.Expr{K: ir.Obj, Fields: map[string]*ir.Expr{}, Line: Line(n)}
	var walk func(n *sitter.Node, depth int)
	walk = func(n *sitter.Node, depth int) {
		for _, ch := range Named(n) {
			switch ch.Type() {
			case "pair", "array_element_initializer", "keyed_element", "keyword_argument", "assignment_expression", "initializer_pair", "property_assignment":
				k := Field(ch, "key", "name", "left")
				v := Field(ch, "value", "right")
				ks := Named(ch)
				if k == nil && len(ks) >= 2 {
					k, v = ks[0], ks[len(ks)-1]
				}
				if k == nil || v == nil {
					continue
				}
				key := c.key(k)
				if key != "" {
					e.Fields[key] = c.Expr(v)
				}
			case "shorthand_property_identifier":
				e.Fields[c.Text(ch)] = &ir.Expr{K: ir.Ref, S: c.Text(ch), Line: Line(ch)}
			case "literal_value", "initializer_expression", "map_content", "keywords":
				if depth < 2 {
					walk(ch, depth+1)
				}
			}
		}
	}
	walk(n, 0)
	if n.Type() == "composite_literal" {
		e.S = strings.TrimLeft(c.Text(Field(n, "type")), "&*")
	}
	return e
}

// key returns the text of an object key: a name, a string, a symbol.
func (c *Conv) key(k *sitter.Node) string {
	if k.Type() == "literal_element" {
		if ks := Named(k); len(ks) > 0 {
			k = ks[0]
		}
	}
	e := c.Expr(k)
	switch e.K {
	case ir.Str, ir.Ref:
		return strings.TrimSuffix(strings.TrimPrefix(e.S, ":"), ":")
	case ir.Member:
		return e.S
	}
	return strings.Trim(c.Text(k), ":\"' ")
}

// str converts a string literal with its interpolations.
func (c *Conv) str(n *sitter.Node) *ir.Expr {
	line := Line(n)
	kids := Named(n)
	if n.Type() == "concatenated_string" {
		var parts []*ir.Expr
		for _, k := range kids {
			parts = append(parts, c.Expr(k))
		}
		return simplify(concat(line, parts...))
	}
	switch n.Type() {
	case "string_fragment", "string_content", "string_value":
		return &ir.Expr{K: ir.Str, S: c.Text(n), Line: line}
	}
	if len(kids) == 0 {
		s := c.Text(n)
		return &ir.Expr{K: ir.Str, S: unquote(s), Line: line}
	}
	var parts []*ir.Expr
	pos := n.StartByte()
	for _, k := range kids {
		kt := k.Type()
		switch {
		case kt == "string_start" || kt == "string_end" || kt == "interpolation_start" || kt == "quoted_start" || kt == "quoted_end" || kt == "heredoc_start" || kt == "heredoc_end":
			continue
		case strings.Contains(kt, "fragment") || strings.Contains(kt, "content") || kt == "escape_sequence" || kt == "string_value" || kt == "quoted_content" || kt == "string_content" || kt == "line_str_text" || kt == "multi_line_str_text" || kt == "text" || kt == "string_literal_content" || kt == "interpolated_string_text" || kt == "interpolated_verbatim_string_text" || kt == "string_literal_fragment":
			s := c.Text(k)
			if kt == "escape_sequence" {
				s = unescape(s)
			}
			parts = append(parts, &ir.Expr{K: ir.Str, S: s, Line: line})
		default:
			parts = append(parts, c.Expr(k))
		}
		pos = k.EndByte()
	}
	_ = pos
	if len(parts) == 0 {
		return &ir.Expr{K: ir.Str, S: "", Line: line}
	}
	return simplify(concat(line, parts...))
}

func simplify(e *ir.Expr) *ir.Expr {
	if e.K != ir.Concat {
		return e
	}
	var b strings.Builder
	for _, p := range e.Parts {
		if p.K != ir.Str {
			return e
		}
		b.WriteString(p.S)
	}
	return &ir.Expr{K: ir.Str, S: b.String(), Line: e.Line}
}

func unescape(s string) string {
	switch s {
	case `\/`:
		return "/"
	case `\"`:
		return `"`
	case `\'`:
		return "'"
	}
	return ""
}

func unquote(s string) string {
	for _, p := range []string{`"""`, `'''`} {
		if strings.HasPrefix(s, p) && strings.HasSuffix(s, p) && len(s) >= 6 {
			return s[3 : len(s)-3]
		}
	}
	s = strings.TrimLeft(s, "@$rRbBfFuU")
	if len(s) >= 2 && strings.ContainsRune("\"'`", rune(s[0])) && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// Call converts a call node; calls are memoised so that the model holds
// one Call per node.
func (c *Conv) Call(n *sitter.Node) *ir.Call {
	key := span(n)
	if call, ok := c.calls[key]; ok {
		return call
	}
	call := &ir.Call{Line: Line(n), KW: map[string]*ir.Expr{}}
	c.calls[key] = call
	t := n.Type()
	call.New = c.is("new", c.Spec.NewCalls, t)
	fnNode := Field(n, "function", "constructor", "type", "macro", "target")
	recv := Field(n, "receiver", "object", "scope")
	method := Field(n, "method", "name")
	switch {
	case method != nil && (recv != nil || t == "call" || t == "method_invocation" || t == "member_call_expression" || t == "scoped_call_expression" || t == "nullsafe_member_call_expression"):
		m := c.Text(method)
		if recv != nil {
			x := c.Expr(recv)
			if recv.Type() == "relative_scope" {
				x = &ir.Expr{K: ir.Self}
			}
			call.Fn = &ir.Expr{K: ir.Member, X: x, S: m, Line: Line(method)}
		} else {
			call.Fn = &ir.Expr{K: ir.Ref, S: m, Line: Line(method)}
		}
	case fnNode != nil:
		call.Fn = c.Expr(fnNode)
	default:
		kids := Named(n)
		if len(kids) > 0 {
			call.Fn = c.Expr(kids[0])
		}
	}
	if call.Fn != nil && call.Fn.K == ir.CallK && call.Fn.C != nil && call.Fn.C.Fn == nil {
		call.Fn = nil
	}
	args := Field(n, "arguments")
	if args == nil {
		for _, ch := range Named(n) {
			if strings.Contains(ch.Type(), "argument") || ch.Type() == "call_suffix" {
				args = ch
				break
			}
		}
	}
	if args != nil {
		c.args(args, call)
	}
	if init := Field(n, "initializer"); init != nil {
		for _, a := range Named(init) {
			if a.Type() == "assignment_expression" {
				if l, r := Field(a, "left"), Field(a, "right"); l != nil && r != nil {
					call.KW[strings.ToLower(c.Text(l))] = c.Expr(r)
				}
			}
		}
	}
	if b := Field(n, "block"); b != nil {
		blk := ir.NewFunc(c.File, "", Line(b))
		if ps := Field(b, "parameters"); ps != nil {
			c.params(ps, blk)
		}
		body := Field(b, "body")
		if body == nil {
			body = b
		}
		for _, ch := range Named(body) {
			c.visit(ch, blk, nil)
		}
		call.Block = blk
	}
	return call
}

func (c *Conv) args(n *sitter.Node, call *ir.Call) {
	for _, a := range Named(n) {
		t := a.Type()
		if t == "call_suffix" || t == "value_arguments" || t == "annotated_lambda" {
			if t == "annotated_lambda" {
				// A trailing lambda (Kotlin lazy { ... }, HttpClient { ... }) is the call's block.
				call.Block = c.lambdaBlock(a)
				continue
			}
			c.args(a, call)
			continue
		}
		switch t {
		case "keywords":
			c.args(a, call)
			continue
		case "keyword_argument", "pair", "named_argument":
			k := Field(a, "name", "key")
			v := Field(a, "value")
			ks := Named(a)
			if k == nil && len(ks) >= 2 {
				k, v = ks[0], ks[len(ks)-1]
			}
			if k != nil && v != nil {
				call.KW[strings.ToLower(c.key(k))] = c.Expr(v)
			}
			continue
		case "argument":
			if nm := Field(a, "name"); nm != nil {
				call.KW[strings.ToLower(c.Text(nm))] = c.Expr(Named(a)[len(Named(a))-1])
				continue
			}
		case "value_argument":
			ks := Named(a)
			if len(ks) == 2 && ks[0].Type() == "simple_identifier" {
				call.KW[strings.ToLower(c.Text(ks[0]))] = c.Expr(ks[1])
				continue
			}
		}
		call.Args = append(call.Args, c.Expr(a))
	}
}

// lambdaBlock converts a trailing lambda into a block whose value is its
// last statement.
func (c *Conv) lambdaBlock(n *sitter.Node) *ir.Func {
	blk := ir.NewFunc(c.File, "", Line(n))
	var stmts []*sitter.Node
	var find func(n *sitter.Node, depth int)
	find = func(n *sitter.Node, depth int) {
		for _, ch := range Named(n) {
			if ch.Type() == "statements" {
				stmts = Named(ch)
				return
			}
			if depth < 2 {
				find(ch, depth+1)
			}
		}
	}
	find(n, 0)
	for _, st := range stmts {
		c.visit(st, blk, nil)
	}
	if len(stmts) > 0 {
		blk.Returns = append(blk.Returns, c.Expr(stmts[len(stmts)-1]))
	}
	return blk
}
