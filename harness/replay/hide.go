package replay

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/loftgate/loftgate/harness/secret"
)

// hidden replaces a secret value in printed text.
const hidden = "<hidden>"

// fieldName returns the last name of a parameter or JSON path:
// "data.callback_token" -> "callback_token", "ids[]" -> "ids",
// "tokens[0]" -> "tokens".
func fieldName(path string) string {
	for strings.HasSuffix(path, "]") {
		i := strings.LastIndexByte(path, '[')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		path = path[i+1:]
	}
	return strings.TrimSuffix(path, "]")
}

// jwtPattern finds a JSON Web Token.
var jwtPattern = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.`)

// looksSecret reports whether a value looks like a credential whatever its
// name: an API key, a JWT, or an Authorization value.
func looksSecret(v string) bool {
	lower := strings.ToLower(v)
	return secret.LooksLikeAPIKey(v) || (strings.HasPrefix(v, "eyJ") && jwtPattern.MatchString(v)) ||
		strings.HasPrefix(lower, "bearer ") || strings.HasPrefix(lower, "basic ")
}

// maskQuery renders query values canonically (keys sorted, then values)
// for printing, with the values of secret-like parameters and
// credential-looking values replaced by <hidden>. Placeholders are shown:
// they are not secrets.
func maskQuery(v url.Values) string {
	return encodeSorted(v, func(k, val string) string {
		if !isScrubbed(val) && (secret.SecretName(fieldName(k)) || looksSecret(val)) {
			return hidden
		}
		return url.QueryEscape(val)
	})
}
