package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes r as indented loftgate.report/v1 JSON followed by a newline.
// Empty lists are written as [] rather than null, so consumers need not
// handle both.
func WriteJSON(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write json: nil report")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalized(r)); err != nil {
		return fmt.Errorf("report: write json: %w", err)
	}
	return nil
}

// normalized returns a copy of r whose nil lists are empty lists.
func normalized(r *Report) *Report {
	c := *r
	c.Items = make([]Item, len(r.Items))
	for i, it := range r.Items {
		it.Specs = make([]Spec, len(r.Items[i].Specs))
		for j, s := range r.Items[i].Specs {
			s.Violations = nonNil(s.Violations)
			it.Specs[j] = s
		}
		c.Items[i] = it
	}
	c.Operations = nonNil(r.Operations)
	c.Notes = nonNil(r.Notes)
	if r.Baseline != nil {
		b := *r.Baseline
		b.NewFailures = nonNil(b.NewFailures)
		b.Fixed = nonNil(b.Fixed)
		c.Baseline = &b
	}
	return &c
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
