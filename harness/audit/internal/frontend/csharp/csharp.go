// Package csharp is the audit's front end for C# (.cs).
package csharp

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/csharp"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the C# grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "csharp",
	Exts:      []string{".cs"},
	Language:  func(string) *sitter.Language { return csharp.GetLanguage() },
	Funcs:     []string{"method_declaration", "constructor_declaration", "lambda_expression", "local_function_statement"},
	Classes:   []string{"class_declaration", "record_declaration", "struct_declaration"},
	Calls:     []string{"invocation_expression"},
	NewCalls:  []string{"object_creation_expression"},
	Assigns:   []string{"variable_declarator", "assignment_expression", "property_declaration"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"+"},
	SelfNames: []string{"this"},
}
