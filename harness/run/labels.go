package run

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"

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
