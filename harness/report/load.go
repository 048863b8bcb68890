package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// ErrSchema is the error a report file with a schema other than [Schema]
// matches with errors.Is; errors.As gives the [*SchemaError] with details.
var ErrSchema = errors.New("report: unsupported report schema")

// SchemaError says a file is not a loftgate.report/v1 report.
type SchemaError struct {
	// Path is the file that was read.
	Path string
	// Found is the schema the file declares; empty if it declares none.
	Found string
}

// Error names the file, the schema found and what to do.
func (e *SchemaError) Error() string {
	if e.Found == "" {
		return fmt.Sprintf("report: %s: no \"schema\" field; it is not a loftgate report (want schema %q)", e.Path, Schema)
	}
	return fmt.Sprintf("report: %s: schema %q is not %q; regenerate it with this version of loftgate", e.Path, e.Found, Schema)
}

// Unwrap makes a SchemaError match [ErrSchema].
func (e *SchemaError) Unwrap() error { return ErrSchema }

// Load reads a report.json written by [WriteJSON], e.g. a baseline. A file
// with another schema gives a [*SchemaError] naming the file and the schema
// found.
func Load(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report: load %s: %w", path, err)
	}
	return decode(data, path)
}

// decode parses a report; path is only used in errors.
func decode(data []byte, path string) (*Report, error) {
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("report: %s: not a JSON report: %w", path, err)
	}
	if head.Schema == nil || *head.Schema != Schema {
		found := ""
		if head.Schema != nil {
			found = *head.Schema
		}
		return nil, &SchemaError{Path: path, Found: found}
	}
	var r Report
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("report: %s: malformed %s report: %w", path, Schema, err)
	}
	return &r, nil
}
