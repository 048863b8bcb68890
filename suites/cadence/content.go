package cadence

import (
	"fmt"
	"slices"
	"strings"
)

// checkContent lists what an export's cadence_content lacks (API-FACTS
// §4.1): settings and sharing_settings objects, and step_groups whose steps
// each carry a type and a type_settings object. Each problem names its JSON
// path.
func checkContent(content map[string]any) []string {
	const root = "data.cadence_content"
	if content == nil {
		return []string{root + ": missing"}
	}
	var problems []string
	for _, key := range []string{"settings", "sharing_settings"} {
		if _, ok := content[key].(map[string]any); !ok {
			problems = append(problems, fmt.Sprintf("%s.%s: %s, want an object", root, key, describe(content, key)))
		}
	}
	groups, ok := content["step_groups"].([]any)
	if !ok {
		return append(problems, fmt.Sprintf("%s.step_groups: %s, want an array", root, describe(content, "step_groups")))
	}
	if len(groups) == 0 {
		problems = append(problems, root+".step_groups: empty, want at least one step group")
	}
	for i, g := range groups {
		at := fmt.Sprintf("%s.step_groups[%d]", root, i)
		group, ok := g.(map[string]any)
		if !ok {
			problems = append(problems, at+": not an object")
			continue
		}
		steps, ok := group["steps"].([]any)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s.steps: %s, want an array", at, describe(group, "steps")))
			continue
		}
		for j, s := range steps {
			sat := fmt.Sprintf("%s.steps[%d]", at, j)
			step, ok := s.(map[string]any)
			if !ok {
				problems = append(problems, sat+": not an object")
				continue
			}
			if typ, ok := step["type"].(string); !ok || typ == "" {
				problems = append(problems, fmt.Sprintf("%s.type: %s, want a step type such as Email or Phone", sat, describe(step, "type")))
			}
			if _, ok := step["type_settings"].(map[string]any); !ok {
				problems = append(problems, fmt.Sprintf("%s.type_settings: %s, want an object", sat, describe(step, "type_settings")))
			}
		}
	}
	return problems
}

// describe says what obj holds at key: "missing", "null" or the JSON type.
func describe(obj map[string]any, key string) string {
	v, ok := obj[key]
	if !ok {
		return "missing"
	}
	return jsonType(v)
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		if v == "" {
			return "an empty string"
		}
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}

// fieldErrors finds the 422 messages for a settings field, which a server
// may key as "name", "settings.name" or "settings[name]".
func fieldErrors(fields map[string][]string, name string) ([]string, bool) {
	for _, key := range []string{name, "settings." + name, "settings[" + name + "]"} {
		if msgs, ok := fields[key]; ok {
			return msgs, true
		}
	}
	return nil, false
}

// fieldNames lists the fields of a 422 answer, sorted, for failure messages.
func fieldNames(fields map[string][]string) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "no field"
	}
	return strings.Join(names, ", ")
}
