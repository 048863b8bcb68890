// Package java is the audit's front end for Java (.java).
package java

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/java"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Java grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "java",
	Exts:      []string{".java"},
	Language:  func(string) *sitter.Language { return java.GetLanguage() },
	Funcs:     []string{"method_declaration", "constructor_declaration", "lambda_expression"},
	Classes:   []string{"class_declaration", "interface_declaration", "enum_declaration"},
	Calls:     []string{"method_invocation"},
	NewCalls:  []string{"object_creation_expression"},
	Assigns:   []string{"variable_declarator", "assignment_expression"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"+"},
	SelfNames: []string{"this"},
	CtorNames: []string{"<init>"},
}
