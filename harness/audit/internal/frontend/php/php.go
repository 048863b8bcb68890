// Package php is the audit's front end for PHP (.php).
package php

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/php"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the PHP grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "php",
	Exts:      []string{".php"},
	Language:  func(string) *sitter.Language { return php.GetLanguage() },
	Funcs:     []string{"function_definition", "method_declaration", "anonymous_function_creation_expression", "arrow_function"},
	Classes:   []string{"class_declaration", "trait_declaration"},
	Calls:     []string{"function_call_expression", "member_call_expression", "scoped_call_expression", "nullsafe_member_call_expression"},
	NewCalls:  []string{"object_creation_expression"},
	Assigns:   []string{"assignment_expression", "const_element", "property_element"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"."},
	SelfNames: []string{"this", "self", "static"},
	CtorNames: []string{"__construct"},
}
