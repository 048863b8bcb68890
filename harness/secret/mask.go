package secret

import (
	"regexp"
	"strings"
)

// Masked replaces a value that Mask hides by rule.
const Masked = "redacted"

var (
	// userinfo matches the user:password@ of a URL.
	userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@"'<>]*@`)
	// param matches name=value in a query, a form or a log line.
	param = regexp.MustCompile(`([A-Za-z0-9_.\-\[\]]+)=([^&\s"'<>;,)}\]\\]*)`)
	// jsonField matches "name": "value", its escaped form \"name\":\"value\"
	// (JSON printed inside a Go string) and a bare scalar value.
	jsonField = regexp.MustCompile(`(\\?")([A-Za-z0-9_.\-]+)(\\?"\s*:\s*)(\\?"(?:[^"\\]|\\[^"])*\\?"|[A-Za-z0-9_.\-+/=]+)`)
	// header matches "Name: value" at the start of a line, and Go's
	// printing of an http.Header (Name:[value]).
	header = regexp.MustCompile(`(?m)(^[ \t]*|\[|map\[|\s)([A-Za-z][A-Za-z0-9\-]*)(:[ \t]*\[?)([^\r\n\]]+)`)
	// authScheme matches the credentials of an Authorization value.
	authScheme = regexp.MustCompile(`(?i)\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/\-]{6,}=*`)
)

// Mask hides secrets in text by rule, whatever their value: the userinfo of
// every URL (https://user:pw@host becomes https://host), the values of
// parameters and JSON fields whose names SecretName matches and of headers
// whose names secretHeader matches (X-Api-Key: ..., Go's map[X-Api-Key:[...]]), and
// the credentials after Bearer, Basic and Token. It complements Set.Scrub,
// which replaces the values a run knows.
func Mask(text string) string {
	text = userinfo.ReplaceAllString(text, "$1")
	text = authScheme.ReplaceAllString(text, "$1$2"+Masked)
	text = param.ReplaceAllStringFunc(text, func(m string) string {
		sub := param.FindStringSubmatch(m)
		if sub[2] == "" || sub[2] == Masked || !SecretName(sub[1]) {
			return m
		}
		return sub[1] + "=" + Masked
	})
	text = jsonField.ReplaceAllStringFunc(text, func(m string) string {
		sub := jsonField.FindStringSubmatch(m)
		if !SecretName(sub[2]) {
			return m
		}
		v := sub[4]
		if strings.HasPrefix(v, `\"`) {
			v = `\"` + Masked + `\"`
		} else if strings.HasPrefix(v, `"`) {
			v = `"` + Masked + `"`
		} else {
			v = Masked
		}
		return sub[1] + sub[2] + sub[3] + v
	})
	text = header.ReplaceAllStringFunc(text, func(m string) string {
		sub := header.FindStringSubmatch(m)
		if !secretHeader(sub[2]) {
			return m
		}
		return sub[1] + sub[2] + sub[3] + Masked
	})
	return text
}

// Clean is what every printed or written line of a run goes through: the
// values the set knows are replaced by their placeholders (Scrub), then
// Mask hides what a rule recognises.
func (s *Set) Clean(text string) string {
	return Mask(s.Scrub(text))
}
