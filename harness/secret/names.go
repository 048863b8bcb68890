package secret

import "strings"

// SecretName reports whether a field, parameter or header name says its
// value is secret by the naming rule, the one rule of the project (the
// scrubber learns such values; replay hides them when it prints a miss).
// A name is secret when its last word is token, secret, password, passwd,
// passphrase, apikey, credential(s) or cookie (token, client_secret,
// authToken; not signature: SalesLoft's email_signature is a user's HTML
// signature); when it is key after another word (api_key, apiKey,
// X-Api-Key, private_key) unless that word names what the key selects
// (upsert_key, idempotency_key, rollup_key: SalesLoft fields that hold a
// field name or a caller's own id); or when the whole name is one of
// secretWholeNames (code, sig, auth, authorization, pass, pwd, otp,
// assertion). Words are split at "_", "-", "." and lower-to-upper case
// changes, so token_type and keys are not secret names.
func SecretName(name string) bool { return secretName(name, true) }

// secretHeader reports whether a header, or a "Name: value" line, carries
// a credential by its name: SecretName's rule without the whole names
// (code, auth, sig...). As "Name: value" those are a Go struct field
// (Code: "access_denied") or a package's error prefix (auth: ...) far
// more often than a header; Authorization, one of them, is read on its own.
func secretHeader(name string) bool { return secretName(name, false) }

// secretName applies the naming rule of SecretName; wholeNames says
// whether a name that is one of secretWholeNames on its own counts.
func secretName(name string, wholeNames bool) bool {
	words := splitWords(strings.TrimSuffix(name, "[]"))
	if len(words) == 0 {
		return false
	}
	if len(words) == 1 && secretWholeNames[words[0]] {
		return wholeNames
	}
	switch words[len(words)-1] {
	case "token", "secret", "password", "passwd", "passphrase", "apikey", "credential", "credentials", "cookie":
		return true
	case "key":
		return len(words) > 1 && !selectorKeys[words[len(words)-2]]
	}
	return false
}

// secretWholeNames are names secret on their own: an OAuth code, a
// signature, a credential, a password or one-time password, a client assertion.
var secretWholeNames = map[string]bool{"code": true, "authorization": true, "sig": true, "auth": true, "pass": true, "pwd": true, "otp": true, "assertion": true}

// selectorKeys are the words before "key" in names whose value picks a
// record or a field rather than proving who is calling.
var selectorKeys = map[string]bool{"upsert": true, "idempotency": true, "rollup": true, "sort": true, "primary": true, "foreign": true, "partition": true, "cache": true, "lookup": true, "group": true}

// splitWords splits a name into lower-case words.
func splitWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush()
		case r >= 'A' && r <= 'Z' && prev >= 'a' && prev <= 'z':
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return words
}
