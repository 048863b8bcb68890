package run

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/contract"
)

// itemIDShape is what a checklist item ID looks like: upper-case words
// joined by "-" (AUTH-REFRESH-ROTATION, ME-IDENTITY).
var itemIDShape = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// checkLabelFilter refuses a label expression naming an item ID the
// checklist does not have (AUTH-REFRES-ROTATION), naming the nearest one:
// the filter would select nothing for that term, and a typo in an `||`
// would quietly drop the item from the gate. Regular expressions (/^AUTH-/)
// and labels of other shapes are left to Ginkgo.
func checkLabelFilter(expr string, cl *contract.Checklist) error {
	if expr == "" {
		return nil
	}
	ids := make(map[string]bool, len(cl.Items))
	for _, it := range cl.Items {
		ids[it.ID] = true
	}
	for _, term := range labelTerms(expr) {
		if !itemIDShape.MatchString(term) || ids[term] {
			continue
		}
		nearest, best := "", -1
		for _, it := range cl.Items {
			if d := levenshtein.ComputeDistance(term, it.ID); best < 0 || d < best {
				nearest, best = it.ID, d
			}
		}
		return fmt.Errorf("--label-filter %q: the checklist has no item %q; did you mean %q? (the item IDs are in contracts/checklist.yaml)", expr, term, nearest)
	}
	return nil
}

// labelTerms returns the bare labels of a Ginkgo label expression: what is
// left between its operators (&& || ! , parentheses) once the regular
// expressions (/.../) are taken out.
func labelTerms(expr string) []string {
	var terms []string
	var cur strings.Builder
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			terms = append(terms, t)
		}
		cur.Reset()
	}
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch c {
		case '/':
			flush()
			// Skip the regular expression up to its closing slash.
			j := strings.IndexByte(expr[i+1:], '/')
			if j < 0 {
				return terms
			}
			i += j + 1
		case '&', '|', '!', '(', ')', ',', ' ', '\t':
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return terms
}

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
