// Package kotlin is the audit's front end for Kotlin (.kt, .kts).
package kotlin

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/kotlin"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Kotlin grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "kotlin",
	Exts:      []string{".kt", ".kts"},
	Language:  func(string) *sitter.Language { return kotlin.GetLanguage() },
	Funcs:     []string{"function_declaration", "lambda_literal", "anonymous_function"},
	Classes:   []string{"class_declaration", "object_declaration", "companion_object"},
	Calls:     []string{"call_expression"},
	Assigns:   []string{"property_declaration", "assignment"},
	Returns:   []string{"jump_expression"},
	ConcatOps: []string{"+"},
	SelfNames: []string{"this"},
}
