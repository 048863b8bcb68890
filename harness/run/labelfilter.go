package run

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// ansiEscape matches an ANSI SGR escape (colour, bold, underline) and
// Ginkgo's formatter tags ({{red}}, {{/}}) that become them.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m|\\{\\{[a-z/-]+\\}\\}")

// labelFilterError rewrites Ginkgo's error for a label expression it cannot
// parse as plain text: Ginkgo colours it with ANSI escapes whatever the
// output is (a pipe, a file, NO_COLOR). The expression is quoted with the
// position Ginkgo marks in brackets.
func labelFilterError(expr string, err error) error {
	var ge types.GinkgoError
	if !errors.As(err, &ge) {
		return fmt.Errorf("--label-filter %q: %s", expr, plainText(err.Error()))
	}
	var lines []string
	for _, l := range strings.Split(markPosition(ge.Message), "\n") {
		if l = strings.TrimSpace(plainText(l)); l != "" {
			lines = append(lines, l)
		}
	}
	msg := strings.ToLower(plainText(ge.Heading))
	if len(lines) > 0 {
		msg += ": " + strings.Join(lines, ": ")
	}
	msg = strings.TrimSuffix(msg, ".")
	if ge.DocLink != "" {
		msg += " (see https://onsi.github.io/ginkgo/#" + ge.DocLink + ")"
	}
	return fmt.Errorf("--label-filter %q: %s", expr, msg)
}

// underlined matches the character Ginkgo underlines (with formatter tags)
// to mark where a label expression went wrong.
var underlined = regexp.MustCompile(`\{\{red\}\}\{\{bold\}\}\{\{underline\}\}(.*?)\{\{/\}\}`)

// markPosition replaces Ginkgo's underlining with brackets.
func markPosition(s string) string {
	return underlined.ReplaceAllString(s, "[$1]")
}

// plainText removes ANSI escapes.
func plainText(s string) string { return ansiEscape.ReplaceAllString(s, "") }
