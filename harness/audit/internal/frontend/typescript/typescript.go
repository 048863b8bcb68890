// Package typescript is the audit's front end for TypeScript (.ts, .tsx,
// .mts, .cts); TSX uses its own grammar.
package typescript

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the TypeScript grammar to the converter.
var Spec = &syntax.Spec{
	Name: "typescript",
	Exts: []string{".ts", ".tsx", ".mts", ".cts"},
	Language: func(ext string) *sitter.Language {
		if ext == ".tsx" {
			return tsx.GetLanguage()
		}
		return typescript.GetLanguage()
	},
	Funcs:     []string{"function_declaration", "method_definition", "arrow_function", "function_expression", "function", "generator_function_declaration"},
	Classes:   []string{"class_declaration", "class", "abstract_class_declaration"},
	Calls:     []string{"call_expression"},
	NewCalls:  []string{"new_expression"},
	Assigns:   []string{"variable_declarator", "assignment_expression", "public_field_definition", "field_definition"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"+"},
	CtorNames: []string{"constructor"},
}
