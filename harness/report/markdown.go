package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes r as GitHub-flavoured Markdown, fit for a job's step
// summary or a pull-request comment: the verdict, new failures first when a
// baseline was compared, a table of items, then each failing item's failed
// specs with message, requests, the last response (at most 2 KB) and the
// violated rules; then skipped and uncovered items, contract coverage and notes.
func WriteMarkdown(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write markdown: nil report")
	}
	p := &printer{w: w}
	writeMarkdownHead(p, r)
	writeMarkdownBaseline(p, r)
	writeMarkdownTable(p, r)
	writeMarkdownFailures(p, r)
	writeMarkdownOthers(p, r)
	if p.err != nil {
		return fmt.Errorf("report: write markdown: %w", p.err)
	}
	return nil
}

// writeMarkdownHead writes the verdict and the run's facts.
func writeMarkdownHead(p *printer, r *Report) {
	p.printf("## loftgate: %s\n\n", verdictWord(r.Verdict))
	p.printf("**`%s`** %s\n\n", verdictWord(r.Verdict), mdText(verdictReason(r)))
	p.printf("%s of %s, %s", countsLine(r.Summary), plural(r.Summary.Items, "item"), plural(r.Summary.Specs, "spec"))
	if r.DurationMS > 0 {
		p.printf(" in %s", formatMS(float64(r.DurationMS)))
	}
	p.printf(".\n\n")
	p.printf("| | |\n| --- | --- |\n")
	rows := [][2]string{
		{"Target", r.Target},
		{"Identity", r.Identity},
		{"Checklist", r.ChecklistVersion},
		{"Contract", r.ContractVersion},
		{"Tool", r.Tool},
		{"Started", r.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC")},
	}
	for _, row := range rows {
		if row[1] != "" {
			p.printf("| %s | %s |\n", row[0], mdCell(mdText(row[1])))
		}
	}
	p.printf("\n")
}

// writeMarkdownBaseline calls out new failures and fixes when a baseline was compared.
func writeMarkdownBaseline(p *printer, r *Report) {
	if r.Baseline == nil {
		return
	}
	b := r.Baseline
	if len(b.NewFailures) == 0 {
		p.printf("No new failures since the baseline %s.\n\n", mdCode(b.Path))
	} else {
		p.printf("### New failures since the baseline\n\nCompared with %s.\n\n", mdCode(b.Path))
		for _, it := range itemsByID(r, b.NewFailures) {
			p.printf("- **%s** %s (%s)\n", mdCode(it.ID), mdText(it.Title), mdText(string(it.Level)))
		}
		p.printf("\n")
	}
	if len(b.Fixed) > 0 {
		codes := make([]string, len(b.Fixed))
		for i, id := range b.Fixed {
			codes[i] = mdCode(id)
		}
		p.printf("Fixed since the baseline: %s.\n\n", strings.Join(codes, ", "))
	}
}

// writeMarkdownTable writes the item table.
func writeMarkdownTable(p *printer, r *Report) {
	p.printf("### Checklist\n\n| Item | Level | Status | Specs |\n| --- | --- | --- | --- |\n")
	for _, it := range r.Items {
		status := statusWord(it.Status)
		if it.Status == StatusFail {
			status = "**" + status + "**"
		}
		if c := changeText(it.Change); c != "" {
			status += " (" + c + ")"
		}
		p.printf("| %s %s | %s | %s | %s |\n",
			mdCell(mdCode(it.ID)), mdCell(mdText(it.Title)), mdCell(mdText(string(it.Level))), status, specTally(it.Specs))
	}
	p.printf("\n")
}

// writeMarkdownFailures writes one section per failing item, new failures first.
func writeMarkdownFailures(p *printer, r *Report) {
	var failing []Item
	for _, it := range r.Items {
		if it.Status == StatusFail && it.Change == ChangeNewFailure {
			failing = append(failing, it)
		}
	}
	for _, it := range r.Items {
		if it.Status == StatusFail && it.Change != ChangeNewFailure {
			failing = append(failing, it)
		}
	}
	if len(failing) == 0 {
		return
	}
	p.printf("### Failures\n\n")
	for _, it := range failing {
		extra := string(it.Level)
		if c := changeText(it.Change); c != "" {
			extra += ", " + c
		}
		p.printf("#### %s %s (%s)\n\n", mdCode(it.ID), mdText(it.Title), mdText(extra))
		for _, s := range failedSpecs(it) {
			writeMarkdownSpec(p, s)
		}
	}
}

// writeMarkdownSpec writes one failed spec: name, location, message,
// requests, last response and violations.
func writeMarkdownSpec(p *printer, s Spec) {
	p.printf("**%s**", mdText(s.Name))
	if s.Location != "" {
		p.printf(" at %s", mdCode(s.Location))
	}
	p.printf(", %s\n\n", formatMS(s.DurationMS))
	if msg := strings.TrimSpace(s.Failure); msg != "" {
		p.printf("%s\n\n", mdFence(truncateHead(msg, bodyLimit), "text"))
	}
	if n := len(s.Exchanges); n > 0 {
		shown := s.Exchanges
		if n > exchangeLimit {
			shown = s.Exchanges[n-exchangeLimit:]
			p.printf("Requests (last %d of %d):\n\n", exchangeLimit, n)
		} else {
			p.printf("Requests:\n\n")
		}
		for _, e := range shown {
			p.printf("- %s", mdCode(requestLine(e)))
			if e.Operation != "" {
				p.printf(" (%s)", mdCode(e.Operation))
			}
			p.printf("\n")
		}
		p.printf("\n")
		last := s.Exchanges[n-1]
		if last.ResponseBody != "" {
			p.printf("Last response, %s:\n\n%s\n\n", mdCode(requestLine(last)), mdFence(displayBody(last.ResponseBody), fenceLang(last.ResponseBody)))
		}
	}
	if len(s.Violations) > 0 {
		p.printf("Violated rules:\n\n")
		for _, v := range s.Violations {
			p.printf("- %s\n", mdText(v))
		}
		p.printf("\n")
	}
}

// writeMarkdownOthers writes skipped and uncovered items, contract coverage and notes.
func writeMarkdownOthers(p *printer, r *Report) {
	var rest []Item
	for _, it := range r.Items {
		if it.Status == StatusSkip || it.Status == StatusUncovered {
			rest = append(rest, it)
		}
	}
	if len(rest) > 0 {
		p.printf("### Skipped and uncovered\n\n")
		for _, it := range rest {
			why := "no spec carries this ID"
			if it.Status == StatusSkip {
				why = "no reason given"
				if reason := firstSkipReason(it); reason != "" {
					why = reason
				}
			}
			p.printf("- %s %s: %s\n", mdCode(it.ID), statusWord(it.Status), mdText(why))
		}
		p.printf("\n")
	}
	if called, total := coverage(r.Operations); total > 0 {
		p.printf("### Contract coverage\n\n%d of %d operations called.\n\n", called, total)
		if called < total {
			p.printf("<details><summary>Operations not called (%d)</summary>\n\n", total-called)
			for _, op := range r.Operations {
				if op.Calls == 0 {
					p.printf("- %s\n", mdCode(op.Key))
				}
			}
			p.printf("\n</details>\n\n")
		}
	}
	if len(r.Notes) > 0 {
		p.printf("### Notes\n\n")
		for _, n := range r.Notes {
			p.printf("- %s\n", mdText(n))
		}
		p.printf("\n")
	}
	p.printf("<sub>%s</sub>\n", mdText("Schema "+r.Schema+"."))
}

// mdEscaper escapes the characters that would turn plain text into Markdown
// or HTML markup.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// mdText escapes plain text for Markdown and keeps it on one line.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCell makes already-formatted Markdown safe inside a table cell: an
// unescaped pipe would end the cell, even inside a code span.
func mdCell(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteByte(s[i])
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if s[i] == '|' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdCode wraps s in a code span that its own backticks cannot close, on one line.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	ticks := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// mdFence wraps s in a fenced code block whose fence s cannot close.
func mdFence(s, lang string) string {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + lang + "\n" + strings.TrimRight(s, "\n") + "\n" + fence
}

// fenceLang guesses the language of a body for syntax highlighting.
func fenceLang(body string) string {
	t := strings.TrimSpace(body)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return "json"
	}
	if strings.HasPrefix(t, "<") {
		return "html"
	}
	return "text"
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
