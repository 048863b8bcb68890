// Package javascript is the audit's front end for JavaScript (.js, .mjs,
// .cjs, .jsx).
package javascript

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/javascript"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the JavaScript grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "javascript",
	Exts:      []string{".js", ".mjs", ".cjs", ".jsx"},
	Language:  func(string) *sitter.Language { return javascript.GetLanguage() },
	Funcs:     []string{"function_declaration", "method_definition", "arrow_function", "function_expression", "function", "generator_function_declaration"},
	Classes:   []string{"class_declaration", "class"},
	Calls:     []string{"call_expression"},
	NewCalls:  []string{"new_expression"},
	Assigns:   []string{"variable_declarator", "assignment_expression", "field_definition", "public_field_definition"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"+"},
	CtorNames: []string{"constructor"},
}
