package cadence

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/loftgate/loftgate/suites/spec"
)

// What an import may change, and so what normalize neutralises before two
// exports are compared (CAD-ROUNDTRIP: "apart from ids, names and reference
// ids"):
//
//   - ids: the key "id", every key ending in "_id" except integration_id
//     (which names an integration outside the cadence, so it must survive
//     an import) and the reference keys below, and "_href" (a URL holding an
//     id). They are dropped.
//   - names: settings.name, the cadence's name, which the import sets anew.
//     It is dropped. Step names are content and are compared.
//   - reference ids: "reference_id" and every key ending in
//     "_reference_id" (previous_email_step_group_reference_id). They
//     correlate threaded email steps, and an import may number them afresh,
//     so each is replaced by "ref-N", N counting distinct values in order of
//     appearance (step groups first). Which step refers to which is still
//     compared. 0 and null both mean "no reference" (API-FACTS §4.2: "can
//     pass 0").
const (
	keptID       = "integration_id"
	referenceKey = "reference_id"
	hrefKey      = "_href"
)

// normalize returns a copy of an export's cadence_content with ids, the
// cadence name and reference ids neutralised as described above.
func normalize(content map[string]any) any {
	if content == nil {
		return nil
	}
	refs := map[string]string{}
	if groups, ok := content["step_groups"].([]any); ok {
		for _, g := range groups {
			if group, ok := g.(map[string]any); ok {
				canonicalRef(refs, group[referenceKey])
			}
		}
	}
	out, _ := normalizeValue(content, refs).(map[string]any)
	if settings, ok := out["settings"].(map[string]any); ok {
		delete(settings, "name")
	}
	return out
}

func normalizeValue(v any, refs map[string]string) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		// Sorted keys, so unseen reference ids are numbered deterministically.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			switch {
			case k == referenceKey || strings.HasSuffix(k, "_"+referenceKey):
				out[k] = canonicalRef(refs, v[k])
			case isID(k):
				// dropped
			default:
				out[k] = normalizeValue(v[k], refs)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalizeValue(e, refs)
		}
		return out
	default:
		return v
	}
}

// isID reports whether key holds an id an import may change.
func isID(key string) bool {
	return key == "id" || key == hrefKey || strings.HasSuffix(key, "_id") && key != keptID
}

// canonicalRef maps a reference id to "ref-N" (nil for none), numbering
// distinct values in the order they are first seen.
func canonicalRef(refs map[string]string, v any) any {
	if v == nil {
		return nil
	}
	key := fmt.Sprint(v)
	if key == "0" || key == "" {
		return nil
	}
	if c, ok := refs[key]; ok {
		return c
	}
	c := fmt.Sprintf("ref-%d", len(refs)+1)
	refs[key] = c
	return c
}

// diff lists the differences between two normalised exports, one line per
// JSON path, in path order: "-" marks what only a has, "+" what only b has.
func diff(a, b any) []string {
	var out []string
	for _, d := range spec.DiffJSON("cadence_content", a, b, spec.ByIndex) {
		switch {
		case d.OnlyA:
			out = append(out, fmt.Sprintf("%s: - %s (missing from the second export)", d.Path, spec.ShortJSON(d.A)))
		case d.OnlyB:
			out = append(out, fmt.Sprintf("%s: + %s (missing from the first export)", d.Path, spec.ShortJSON(d.B)))
		default:
			out = append(out, fmt.Sprintf("%s: - %s + %s", d.Path, spec.ShortJSON(d.A), spec.ShortJSON(d.B)))
		}
	}
	return out
}
