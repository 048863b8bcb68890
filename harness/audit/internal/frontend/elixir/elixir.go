// Package elixir is the audit's front end for Elixir (.ex, .exs).
package elixir

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/elixir"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Elixir grammar to the converter. Elixir expresses
// definitions as calls: def and defp become functions (DefCalls), module
// attributes (@base) are module-level names, and the hook reads the two
// forms no table can.
var Spec = &syntax.Spec{
	Name:           "elixir",
	Exts:           []string{".ex", ".exs"},
	Language:       func(string) *sitter.Language { return elixir.GetLanguage() },
	Funcs:          []string{"anonymous_function"},
	Calls:          []string{"call"},
	DefCalls:       []string{"def", "defp"},
	Assigns:        []string{"binary_operator_assign"},
	ImplicitReturn: true,
	ConcatOps:      []string{"<>"},
	Hook:           hook,
}

// hook converts a list of two-element tuples ([{Tesla.Middleware.BaseUrl,
// url}, {:json, true}]) into an object keyed by the last segment of each
// first element — a keyword list is exactly such a list — and a field
// access without parentheses (config.host, @oauth.token_path) into a
// member, since the grammar parses both as calls.
func hook(c *syntax.Conv, n *sitter.Node) *ir.Expr {
	switch n.Type() {
	case "list":
		kids := syntax.Named(n)
		if len(kids) == 0 {
			return nil
		}
		obj := &ir.Expr{K: ir.Obj, Fields: map[string]*ir.Expr{}, Line: syntax.Line(n)}
		for _, k := range kids {
			el := syntax.Named(k)
			if k.Type() != "tuple" || len(el) != 2 || (el[0].Type() != "alias" && el[0].Type() != "atom") {
				continue // a plug without options (Tesla.Middleware.JSON)
			}
			key := strings.TrimPrefix(c.Text(el[0]), ":")
			if i := strings.LastIndexByte(key, '.'); i >= 0 {
				key = key[i+1:]
			}
			obj.Fields[key] = c.Expr(el[1])
		}
		if len(obj.Fields) == 0 {
			return nil
		}
		return obj
	case "call":
		tg := syntax.Field(n, "target")
		if tg == nil || tg.Type() != "dot" {
			return nil
		}
		for _, ch := range syntax.Named(n) {
			if ch.Type() == "arguments" || ch.Type() == "do_block" {
				return nil
			}
		}
		left, right := syntax.Field(tg, "left"), syntax.Field(tg, "right")
		if left == nil || right == nil || left.Type() == "alias" || strings.HasSuffix(c.Text(n), ")") {
			return nil
		}
		return &ir.Expr{K: ir.Member, X: c.Expr(left), S: c.Text(right), Line: syntax.Line(n)}
	}
	return nil
}
