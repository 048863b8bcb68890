package migration

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
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
			out = append(out, fmt.Sprintf("data.%s: %s %s, %s %s", f, labelKey, short(x), labelOAuth, short(y)))
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
// per JSON path under at.
func diffJSON(at string, a, b any) []string {
	var out []string
	diffAt(at, a, b, &out)
	return out
}

func diffAt(at string, a, b any, out *[]string) {
	if ma, ok := a.(map[string]any); ok {
		if mb, ok := b.(map[string]any); ok {
			keys := slices.Sorted(maps.Keys(ma))
			for k := range mb {
				if _, ok := ma[k]; !ok {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				x, inA := ma[k]
				y, inB := mb[k]
				switch {
				case !inA:
					*out = append(*out, fmt.Sprintf("%s.%s: only %s has it: %s", at, k, labelOAuth, short(y)))
				case !inB:
					*out = append(*out, fmt.Sprintf("%s.%s: only %s has it: %s", at, k, labelKey, short(x)))
				default:
					diffAt(at+"."+k, x, y, out)
				}
			}
			return
		}
	}
	if la, ok := a.([]any); ok {
		if lb, ok := b.([]any); ok && len(la) == len(lb) {
			for i := range la {
				diffAt(fmt.Sprintf("%s[%d]", at, i), la[i], lb[i], out)
			}
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: %s %s, %s %s", at, labelKey, short(a), labelOAuth, short(b)))
	}
}

// field is obj[key] when obj is an object, else nil.
func field(obj any, key string) any {
	if m, ok := obj.(map[string]any); ok {
		return m[key]
	}
	return nil
}

// maxShown bounds how much of a value a problem line shows.
const maxShown = 120

// short renders v as compact JSON, cut to maxShown characters.
func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > maxShown {
		return string(b[:maxShown]) + "…"
	}
	return string(b)
}
