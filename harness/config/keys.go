package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"gopkg.in/yaml.v3"
)

// checkKeys walks a parsed loftgate.yaml against Config's yaml keys and returns an Error for the
// first unknown key, naming the file, the line, the key's full path and the nearest valid key.
// Values are not read: decoding reports their problems.
func checkKeys(doc *yaml.Node, file string) error {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" {
			return nil
		}
		return &Error{Source: file, Line: doc.Line, Msg: "the file must be a mapping of keys to values, such as \"target: sim\"; see the Configuration section of the README"}
	}
	return walkKeys(doc, reflect.TypeFor[Config](), "", file)
}

// walkKeys checks the keys of node against the yaml keys of t, descending into structs, maps,
// slices and their elements.
func walkKeys(node *yaml.Node, t reflect.Type, path, file string) error {
	switch t.Kind() {
	case reflect.Struct:
		if node.Kind != yaml.MappingNode {
			return nil // a wrong kind of value: decoding names it
		}
		keys := yamlKeys(t)
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			field, ok := keys[k.Value]
			if !ok {
				return unknownKey(k, path, file, keys)
			}
			if err := walkKeys(v, field.Type, join(path, k.Value), file); err != nil {
				return err
			}
		}
	case reflect.Map:
		if node.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(node.Content); i += 2 {
			if err := walkKeys(node.Content[i+1], t.Elem(), join(path, node.Content[i].Value), file); err != nil {
				return err
			}
		}
	case reflect.Slice:
		if node.Kind != yaml.SequenceNode {
			return nil
		}
		for i, item := range node.Content {
			if err := walkKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), file); err != nil {
				return err
			}
		}
	}
	return nil
}

// unknownKey builds the Error for a key that is not one of keys.
func unknownKey(k *yaml.Node, path, file string, keys map[string]reflect.StructField) error {
	valid := make([]string, 0, len(keys))
	for name := range keys {
		valid = append(valid, name)
	}
	slices.Sort(valid)
	msg := fmt.Sprintf("unknown key %q", join(path, k.Value))
	if near := nearest(k.Value, valid); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", join(path, near))
	}
	where := "the top level"
	if path != "" {
		where = path
	}
	msg += fmt.Sprintf(" (valid keys at %s: %s)", where, strings.Join(valid, ", "))
	return &Error{Source: file, Line: k.Line, Msg: msg}
}

// nearest returns the valid key closest to key by edit distance, or "" when none is close
// enough to be a likely typo (more than a third of the key's letters differ).
func nearest(key string, valid []string) string {
	best, bestDist := "", -1
	for _, v := range valid {
		d := levenshtein.ComputeDistance(strings.ToLower(key), v)
		if bestDist < 0 || d < bestDist {
			best, bestDist = v, d
		}
	}
	if bestDist < 0 || bestDist > max(2, len(key)/3) {
		return ""
	}
	return best
}

// yamlKeys maps the yaml keys of a struct type to their fields.
func yamlKeys(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

// join appends a key to a dotted path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
