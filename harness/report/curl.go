package report

import (
	"fmt"
	"strings"
)

// curlBodyLimit is the largest request body a curl line carries; a larger
// one is left out with a note (report.json has it whole).
const curlBodyLimit = 1 << 10

// Environment variables a curl line names instead of credentials.
const (
	envAccessToken  = "$SALESLOFT_ACCESS_TOKEN"
	envClientID     = "$SALESLOFT_CLIENT_ID"
	envClientSecret = "$SALESLOFT_CLIENT_SECRET"
	envBaseURL      = "$SALESLOFT_API_URL"
)

// curlLine is a shell command that sends e again to the target at base:
// the method, the URL, the Authorization header as an environment variable
// (never the credential), the Content-Type and a small body. The URL and
// body are already scrubbed, so they may hold placeholders where the run
// saw secrets. Without a base URL the command names $SALESLOFT_API_URL.
func curlLine(base string, e Exchange) string {
	url := e.URL
	if !strings.Contains(url, "://") {
		if base == "" {
			base = envBaseURL
		}
		url = strings.TrimRight(base, "/") + "/" + strings.TrimLeft(url, "/")
	}
	var b strings.Builder
	b.WriteString("curl -sS -i -X " + e.Method + " ")
	if strings.HasPrefix(url, "$") {
		b.WriteString(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`").Replace(url) + `"`)
	} else {
		b.WriteString(shellQuote(url))
	}
	switch strings.ToLower(e.Auth) {
	case "":
	case "basic":
		b.WriteString(` -u "` + envClientID + ":" + envClientSecret + `"`)
	default:
		b.WriteString(` -H "Authorization: ` + strings.Map(safeSchemeRune, e.Auth) + " " + envAccessToken + `"`)
	}
	if e.ContentType != "" {
		b.WriteString(" -H " + shellQuote("Content-Type: "+e.ContentType))
	}
	switch {
	case e.RequestBody == "":
	case len(e.RequestBody) > curlBodyLimit:
		fmt.Fprintf(&b, " --data-binary @body.json  # body of %d bytes left out; report.json has it", len(e.RequestBody))
	default:
		b.WriteString(" --data-raw " + shellQuote(e.RequestBody))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell: single quotes, each ' written as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// safeSchemeRune keeps the letters of an auth scheme and drops the rest,
// so a scheme cannot break out of the double-quoted header.
func safeSchemeRune(r rune) rune {
	if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-' {
		return r
	}
	return -1
}
