package migration

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/loftgate/loftgate/suites/spec"
)

// Labels of the two answers AUTH-PARITY compares.
const (
	labelKey   = "API key"
	labelOAuth = "OAuth"
)

// identityFields are what makes two GET /v2/me answers the same user.
var identityFields = []string{"id", "guid", "email"}

// compareIdentity lists how two GET /v2/me bodies name different users.
func compareIdentity(key, oauth any) []string {
	a, b := field(key, "data"), field(oauth, "data")
	var out []string
	for _, f := range identityFields {
		x, y := field(a, f), field(b, f)
		if x == nil || y == nil || !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("data.%s: %s %s, %s %s", f, labelKey, spec.ShortJSON(x), labelOAuth, spec.ShortJSON(y)))
		}
	}
	return out
}

// compareRecords lists how two answers of a read operation differ: the ids
// of the data array, in order, and then each record present in both, field
// by field. A single-record answer is compared as a whole.
func compareRecords(key, oauth any) []string {
	a, b := field(key, "data"), field(oauth, "data")
	la, okA := a.([]any)
	lb, okB := b.([]any)
	if !okA || !okB {
		return diffJSON("data", a, b)
	}
	idsA, idsB := ids(la), ids(lb)
	var out []string
	if !slices.Equal(idsA, idsB) {
		out = append(out, fmt.Sprintf("data: %s returns ids [%s], %s [%s]", labelKey, strings.Join(idsA, " "), labelOAuth, strings.Join(idsB, " ")))
	}
	byID := map[string]any{}
	for i, r := range lb {
		byID[idsB[i]] = r
	}
	for i, r := range la {
		if other, ok := byID[idsA[i]]; ok {
			out = append(out, diffJSON(fmt.Sprintf("data[id=%s]", idsA[i]), r, other)...)
		}
	}
	return out
}

// ids lists the records' ids ("#N" for a record without one).
func ids(records []any) []string {
	out := make([]string, len(records))
	for i, r := range records {
		if id := field(r, "id"); id != nil {
			out[i] = fmt.Sprint(id)
		} else {
			out[i] = fmt.Sprintf("#%d", i)
		}
	}
	return out
}

// diffJSON lists the differences between two decoded JSON values, one line
// per JSON path under at. Arrays of different lengths are shown whole.
func diffJSON(at string, a, b any) []string {
	var out []string
	for _, d := range spec.DiffJSON(at, a, b, spec.Whole) {
		switch {
		case d.OnlyB:
			out = append(out, fmt.Sprintf("%s: only %s has it: %s", d.Path, labelOAuth, spec.ShortJSON(d.B)))
		case d.OnlyA:
			out = append(out, fmt.Sprintf("%s: only %s has it: %s", d.Path, labelKey, spec.ShortJSON(d.A)))
		default:
			out = append(out, fmt.Sprintf("%s: %s %s, %s %s", d.Path, labelKey, spec.ShortJSON(d.A), labelOAuth, spec.ShortJSON(d.B)))
		}
	}
	return out
}

// field is obj[key] when obj is an object, else nil.
func field(obj any, key string) any {
	if m, ok := obj.(map[string]any); ok {
		return m[key]
	}
	return nil
}
