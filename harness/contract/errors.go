package contract

import (
	"encoding/json"
	"errors"
	"github.com/loftgate/loftgate/harness/yamlpos"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseError reports a contract, checklist or catalog file that cannot be used. It names the file
// (Source), the line when the parser knows it, what is wrong and what to do about it.
type ParseError struct {
	// Source names the file or input, e.g. "contracts/salesloft-v2.yaml" or "my-contract.json".
	Source string
	// Line is the 1-based line of the problem, or 0 when it is not known.
	Line int
	// Reason says what is wrong.
	Reason string
	// Hint says what to do about it.
	Hint string
	// Err is the underlying error, if any.
	Err error
}

// Error formats the error as "contract: SOURCE:LINE: REASON; HINT".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("contract: ")
	b.WriteString(e.Source)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// syntaxError checks that data is well-formed YAML (JSON documents are checked as JSON, whose
// grammar YAML does not fully cover) and returns a ParseError with the line of the first problem.
func syntaxError(data []byte, source string) error {
	trimmed := strings.TrimSpace(string(data))
	if trimmed == "" {
		return &ParseError{Source: source, Reason: "the file is empty", Hint: "point loftgate at a non-empty file"}
	}
	if strings.HasPrefix(trimmed, "{") {
		var v any
		err := json.Unmarshal(data, &v)
		if err == nil {
			return nil
		}
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + strings.Count(string(data[:min(int(se.Offset), len(data))]), "\n")
		}
		return &ParseError{Source: source, Line: line, Reason: "invalid JSON: " + err.Error(),
			Hint: "fix the JSON syntax at that line", Err: err}
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return yamlError(err, source)
	}
	return nil
}

// yamlError turns a yaml.v3 error into a ParseError carrying the line yaml.v3 reported.
func yamlError(err error, source string) *ParseError {
	line, _ := yamlpos.Error(err)
	return &ParseError{Source: source, Line: line, Reason: "invalid YAML: " + err.Error(),
		Hint: "fix the YAML at that line", Err: err}
}
