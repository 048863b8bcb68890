// Package elixir is the audit's front end for Elixir (.ex, .exs).
package elixir

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/elixir"

	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// Spec describes the Elixir grammar to the converter. Elixir expresses
// definitions as calls (def, defmodule); the converter sees them as calls
// and the resolver reads module attributes (@base) as fields.
var Spec = &syntax.Spec{
	Name:           "elixir",
	Exts:           []string{".ex", ".exs"},
	Language:       func(string) *sitter.Language { return elixir.GetLanguage() },
	Funcs:          []string{"anonymous_function"},
	Calls:          []string{"call"},
	Assigns:        []string{"binary_operator_assign"},
	ImplicitReturn: true,
	ConcatOps:      []string{"<>"},
}
