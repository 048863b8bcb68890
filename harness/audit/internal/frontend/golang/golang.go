// Package golang is the audit's front end for Go (.go).
package golang

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/golang"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Go grammar to the converter. Methods join the class
// named by their receiver type; constructors are functions named New*.
var Spec = &syntax.Spec{
	Name:         "go",
	PackageScope: true,
	Exts:         []string{".go"},
	Language:     func(string) *sitter.Language { return golang.GetLanguage() },
	Funcs:        []string{"function_declaration", "method_declaration", "func_literal"},
	Classes:      []string{},
	Calls:        []string{"call_expression"},
	Assigns:      []string{"const_spec", "var_spec", "short_var_declaration", "assignment_statement"},
	Returns:      []string{"return_statement"},
	ConcatOps:    []string{"+"},
}
