package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the result in the loftgate.audit/v1 JSON schema.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("audit: write json: %w", err)
	}
	return nil
}

func attrString(a map[string]string) string {
	keys := make([]string, 0, len(a))
	for k := range a {
		if k == "via" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+a[k])
	}
	return strings.Join(parts, " ")
}

// shorten cuts s to n characters, keeping its end (the file name and line).
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}

// wrap breaks s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > n {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

func opLabel(u Usage) string {
	switch {
	case !u.Known:
		return "UNKNOWN ENDPOINT"
	case !u.Modelled:
		return u.Operation + " (catalog only)"
	}
	return u.Operation
}

func skippedString(s Summary) string {
	keys := make([]string, 0, len(s.Skipped))
	for k := range s.Skipped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, s.Skipped[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// WriteText writes a terminal report: usages, findings, scopes, summary.
func WriteText(w io.Writer, r *Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var err error
	pf := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(tw, format, a...)
		}
	}
	pf("SalesLoft endpoint audit of %s\n\n", r.Root)
	if len(r.Usages) == 0 {
		pf("No SalesLoft calls found.\n")
	} else {
		// Columns fit about 100 characters: the operation is the method and
		// path, so only its status is shown; long cells are shortened, and
		// attributes are in the JSON and markdown reports.
		pf("METHOD\tPATH\tLOCATION\tSTATUS\tCOST\tSCOPE\n")
		for _, u := range r.Usages {
			cost := "-"
			if u.Cost > 0 {
				cost = fmt.Sprint(u.Cost)
			}
			scope := u.Scope
			if scope == "" {
				scope = "-"
			}
			status := "modelled"
			switch {
			case !u.Known:
				status = "UNKNOWN"
			case !u.Modelled:
				status = "catalog-only"
			}
			pf("%s\t%s\t%s\t%s\t%s\t%s\n", u.Method, shorten(u.Path, 32), shorten(fmt.Sprintf("%s:%d", u.File, u.Line), 28), status, cost, scope)
		}
	}
	if len(r.NonCalls) > 0 {
		pf("\nMentioned in tests, mocks, fixtures and docs (not calls):\n")
		for _, u := range r.NonCalls {
			pf("  %s\t%s\t%s:%d\n", u.Method, u.Path, u.File, u.Line)
		}
	}
	pf("\n")
	if len(r.Findings) == 0 {
		pf("No findings.\n")
	} else {
		pf("SEVERITY\tRULE\tLOCATION\n")
		for _, f := range r.Findings {
			pf("%s\t%s\t%s:%d\n", f.Severity, f.Rule, f.File, f.Line)
			for _, l := range wrap(f.Message, 94) {
				pf("  %s\n", l)
			}
		}
	}
	scopes := strings.Join(r.Scopes, " ")
	if scopes == "" {
		scopes = "(none)"
	}
	pf("\nOAuth scopes the app must request: %s\n", scopes)
	pf("Scanned %d files (%d bytes), analysed %d; left out %d test/fixture/doc files; skipped: %s\n",
		r.Summary.Files, r.Summary.Bytes, r.Summary.Analyzed, r.Summary.NonCallFiles, skippedString(r.Summary))
	if err != nil {
		return fmt.Errorf("audit: write text: %w", err)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("audit: write text: %w", err)
	}
	return nil
}

func mdEscape(s string) string {
	return strings.ReplaceAll(s, "|", "\\|")
}

// WriteMarkdown writes the report as GitHub-flavoured Markdown, for a pull
// request comment or a job summary.
func WriteMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## SalesLoft endpoint audit\n\n")
	fmt.Fprintf(&b, "%d calls, %d findings. OAuth scopes to request: %s\n\n", len(r.Usages), len(r.Findings), mdCode(r.Scopes))
	if len(r.Usages) > 0 {
		b.WriteString("| Method | Path | Location | Operation | Cost | Scope | Attributes |\n|---|---|---|---|---|---|---|\n")
		for _, u := range r.Usages {
			fmt.Fprintf(&b, "| %s | `%s` | `%s:%d` | %s | %d | %s | %s |\n", u.Method, u.Path, mdEscape(u.File), u.Line, mdEscape(opLabel(u)), u.Cost, u.Scope, mdEscape(attrString(u.Attributes)))
		}
		b.WriteString("\n")
	}
	if len(r.Findings) > 0 {
		b.WriteString("| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "| %s | `%s` | `%s:%d` | %s |\n", f.Severity, f.Rule, mdEscape(f.File), f.Line, mdEscape(f.Message))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Scanned %d files (%d bytes); skipped: %s.\n", r.Summary.Files, r.Summary.Bytes, skippedString(r.Summary))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("audit: write markdown: %w", err)
	}
	return nil
}

func mdCode(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return "`" + strings.Join(ss, "` `") + "`"
}
