// Package ruby is the audit's front end for Ruby (.rb, .rake).
package ruby

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/ruby"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Ruby grammar to the converter.
var Spec = &syntax.Spec{
	Name:           "ruby",
	Exts:           []string{".rb", ".rake"},
	Language:       func(string) *sitter.Language { return ruby.GetLanguage() },
	Funcs:          []string{"method", "singleton_method"},
	Classes:        []string{"class", "module", "singleton_class"},
	Calls:          []string{"call", "method_call"},
	Assigns:        []string{"assignment", "operator_assignment"},
	Returns:        []string{"return"},
	ImplicitReturn: true,
	ConcatOps:      []string{"+"},
	SelfNames:      []string{"self"},
	CtorNames:      []string{"initialize"},
}
