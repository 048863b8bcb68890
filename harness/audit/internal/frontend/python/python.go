// Package python is the audit's front end for Python (.py).
package python

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Python grammar to the converter.
var Spec = &syntax.Spec{
	Name:      "python",
	Exts:      []string{".py"},
	Language:  func(string) *sitter.Language { return python.GetLanguage() },
	Funcs:     []string{"function_definition", "lambda"},
	Classes:   []string{"class_definition"},
	Calls:     []string{"call"},
	Assigns:   []string{"assignment"},
	Returns:   []string{"return_statement"},
	ConcatOps: []string{"+"},
	SelfNames: []string{"self", "cls"},
	CtorNames: []string{"__init__"},
}
