package audit

import (
	"bytes"
	"path"
	"strings"
)

// extract builds the model of one file.
func extract(rel, lang string, data []byte, nonCall bool) *fileModel {
	fm := &fileModel{rel: rel, dir: path.Dir(rel), lang: lang, nonCall: nonCall}
	var toks []tok
	switch lang {
	case langGo:
		toks = extractGo(fm, data)
	case langManifest:
		if extractManifest(fm, data) {
			fm.nonCall = true
			fm.direct = nil
		}
		for _, ln := range keyLines(data) {
			fm.findings = append(fm.findings, Finding{Rule: RuleAPIKeyHardcoded, Severity: SeverityError, File: rel, Line: ln,
				Message: "hard-coded SalesLoft API key (ak_…, value not shown) in a manifest: revoke it and reference a secret instead"})
		}
		return fm
	case langDoc:
		fm.nonCall = true
		fm.direct = textURLs(data)
		return fm
	default:
		toks = lex(data, lang)
		parseTokens(fm, toks)
	}
	tokenRules(fm, toks)
	sdkUsages(fm, markersOf(toks))
	return fm
}

// markersOf finds the names that identify community client libraries.
func markersOf(toks []tok) map[string]bool {
	m := map[string]bool{}
	for _, t := range toks {
		if t.kind != tIdent && t.kind != tStr {
			continue
		}
		l := strings.ToLower(t.text)
		if strings.Contains(l, "salesloftclient") {
			m["salesloftclient"] = true
		}
		if strings.Contains(l, "datafire") {
			m["datafire"] = true
		}
	}
	return m
}

// keyLines returns the lines of a data file that hold an API key.
func keyLines(data []byte) []int {
	var out []int
	line := 1
	for _, l := range bytes.Split(data, []byte("\n")) {
		if i := bytes.Index(l, []byte("ak_")); i >= 0 {
			f := bytes.FieldsFunc(l[i:], func(r rune) bool { return r == '"' || r == '\'' || r == ' ' || r == ',' })
			if len(f) > 0 && isAPIKey(string(f[0])) {
				out = append(out, line)
			}
		}
		line++
	}
	return out
}

// textURLs finds SalesLoft URLs and /v2 paths in documentation.
func textURLs(data []byte) []rawUsage {
	var out []rawUsage
	line := 1
	for _, l := range bytes.Split(data, []byte("\n")) {
		s := string(l)
		for _, marker := range []string{"api.salesloft.com/v2/", " /v2/", "`/v2/"} {
			if i := strings.Index(s, marker); i >= 0 {
				rest := s[i+strings.Index(marker, "/v2/"):]
				end := strings.IndexAny(rest, " `\"')]>,")
				if end < 0 {
					end = len(rest)
				}
				method := MethodUnknown
				for _, v := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
					if strings.Contains(s[:i+1], v+" ") {
						method = v
					}
				}
				out = append(out, rawUsage{method: method, url: rest[:end], line: line, via: "doc"})
				break
			}
		}
		line++
	}
	return out
}
