package config

// Secret is a credential that is never printed: every formatting path
// (fmt verbs, JSON, YAML) shows a mask instead of the value. Reveal returns
// the value for the one place that needs it (an Authorization header or a
// token request).
type Secret string

// mask is what every output shows in place of a set secret.
const mask = "********"

// Reveal returns the secret's value. Call it only where the value is sent
// to SalesLoft, never to build a message.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// String masks the value, so %v and %s never leak it.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return mask
}

// GoString masks the value for %#v.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// MarshalText masks the value for JSON and other text encoders.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalYAML masks the value when a Config is written back out.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }
