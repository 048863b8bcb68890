package sim

import (
	"maps"
	"strings"
)

// applyText copies the string fields names from in into text. A JSON null or an empty
// string clears a field; a non-scalar value is "is invalid".
func applyText(text map[string]string, in fields, names []string) fieldErrors {
	errs := fieldErrors{}
	for _, name := range names {
		if _, given := in[name]; !given {
			continue
		}
		v, _, ok := in.str(name)
		if !ok {
			errs.add(name, "is invalid")
			continue
		}
		if v = strings.TrimSpace(v); v == "" {
			delete(text, name)
		} else {
			text[name] = v
		}
	}
	return errs
}

// applyTagsAndCustom copies tags (an array or a comma string) and custom_fields (a JSON
// object) from in.
func applyTagsAndCustom(tags *[]string, custom *map[string]any, in fields, errs fieldErrors) {
	if _, given := in["tags"]; given {
		list, ok := in.stringList("tags")
		if !ok {
			errs.add("tags", "is invalid")
		}
		*tags = list
	}
	if v, given := in["custom_fields"]; given {
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			errs.add("custom_fields", "is invalid")
		}
		*custom = m
	}
}

// validEmail is a plain shape check: something@something.
func validEmail(e string) bool {
	local, domain, ok := strings.Cut(e, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(e, " <>")
}

// textOrNil renders an absent string field as null.
func textOrNil(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// nonNilStrings renders a nil list as [].
func nonNilStrings(list []string) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// nonNilMap renders a nil object as {}, copying so responses never alias state.
func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return maps.Clone(m)
}

// cloneMap copies a string map.
func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return maps.Clone(m)
}
