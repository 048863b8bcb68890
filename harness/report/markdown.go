package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/loftgate/loftgate/harness/contract"
)

// markdownLimit bounds report.md: GitHub refuses step summaries over 1 MiB.
// The verdict comes first, then as many causes as fit, then the folded
// sections while they fit; what is left out is named in a note.
const markdownLimit = 1<<20 - 8<<10

// causeSpecLimit is how many failed specs one cause lists in Markdown.
const causeSpecLimit = 25

// WriteMarkdown writes r as GitHub-flavoured Markdown, fit for a job's step
// summary or a pull-request comment, and always under 1 MiB: the verdict,
// the failures grouped by cause (items broken, the exchange that shows the
// cause, a curl line reproducing it, the failed specs), then new failures and
// fixes when a baseline was compared, the skipped items with their
// reasons; then, folded in <details>, the item table, every failed spec
// with its requests and last response, contract coverage and notes.
func WriteMarkdown(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write markdown: nil report")
	}
	var out strings.Builder
	head := renderMD(func(p *printer) { writeMarkdownHead(p, r) })
	skips := renderMD(func(p *printer) {
		writeMarkdownBaseline(p, r)
		writeMarkdownSkips(p, r)
	})
	folded := []string{
		renderMD(func(p *printer) { writeMarkdownTable(p, r) }),
		renderMD(func(p *printer) { writeMarkdownFailures(p, r) }),
		renderMD(func(p *printer) { writeMarkdownOthers(p, r) }),
	}
	foot := renderMD(func(p *printer) { p.printf("<sub>%s</sub>\n", mdText("Schema "+r.Schema+".")) })
	// Room kept for the skipped items, the notes about cuts and the footer.
	reserve := len(skips) + len(foot) + 1<<10
	out.WriteString(head)
	if len(r.Causes) > 0 {
		fmt.Fprintf(&out, "### Failures (%s)\n\n", plural(len(r.Causes), "cause"))
		for i, c := range r.Causes {
			block := renderMD(func(p *printer) { writeMarkdownCause(p, r, c) })
			if out.Len()+len(block)+reserve > markdownLimit {
				fmt.Fprintf(&out, "> **%d more causes are not shown** to keep this summary under 1 MiB; report.json and report.html have them all.\n\n", len(r.Causes)-i)
				break
			}
			out.WriteString(block)
		}
	}
	out.WriteString(skips)
	for _, f := range folded {
		if f == "" {
			continue
		}
		if out.Len()+len(f)+len(foot)+256 > markdownLimit {
			out.WriteString("> Some details are not shown to keep this summary under 1 MiB; report.json and report.html have them.\n\n")
			break
		}
		out.WriteString(f)
	}
	out.WriteString(foot)
	if _, err := io.WriteString(w, out.String()); err != nil {
		return fmt.Errorf("report: write markdown: %w", err)
	}
	return nil
}

// renderMD runs a section writer into a string.
func renderMD(write func(*printer)) string {
	var b strings.Builder
	p := &printer{w: &b}
	write(p)
	return b.String()
}

// writeMarkdownCause writes one cause: what broke, the items, the exchange
// and its curl line, and the failed specs with what they add.
func writeMarkdownCause(p *printer, r *Report, c Cause) {
	p.printf("#### %s: %s\n\n", mdText(c.ID), mdCode(c.Summary))
	for _, v := range c.Violations[min(1, len(c.Violations)):] {
		p.printf("- also %s\n", mdCode(v))
	}
	if len(c.Violations) > 1 {
		p.printf("\n")
	}
	ids := make([]string, len(c.Items))
	for i, id := range c.Items {
		ids[i] = mdCode(id)
		for _, it := range itemsByID(r, []string{id}) {
			if it.Level == contract.LevelShould {
				ids[i] += " (SHOULD)"
			}
			if it.Change == ChangeNewFailure {
				ids[i] += " (new failure)"
			}
		}
	}
	if len(ids) == 0 {
		p.printf("Breaks no checklist item: the specs' labels name none.\n\n")
	} else {
		p.printf("Breaks %s: %s.\n\n", plural(len(c.Items), "item"), strings.Join(ids, ", "))
	}
	if e := c.Exchange; e != nil {
		p.printf("Request (%s): %s\n\n%s\n\n", exchangeRoleText(c.ExchangeRole), mdCode(requestLine(*e)), mdFence(c.Curl, "sh"))
		if e.ResponseBody != "" {
			p.printf("<details><summary>Response body</summary>\n\n%s\n\n</details>\n\n", mdFence(displayBody(e.ResponseBody), fenceLang(e.ResponseBody)))
		}
	}
	for i, s := range c.Specs {
		if i == causeSpecLimit {
			p.printf("- ... and %d more specs (report.json lists them all)\n", len(c.Specs)-i)
			break
		}
		p.printf("- %s", mdText(s.Name))
		if s.Location != "" {
			p.printf(" at %s", mdCode(s.Location))
		}
		p.printf("\n")
		if s.Message != "" {
			p.printf("\n%s\n\n", indentMD(mdFence(truncateHead(s.Message, bodyLimit), "text")))
		}
	}
	p.printf("\n")
}

// indentMD indents a block by two spaces so it belongs to a list item.
func indentMD(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// writeMarkdownSkips lists the skipped items with their reasons.
func writeMarkdownSkips(p *printer, r *Report) {
	skipped, left := ranSkipped(r)
	if len(skipped) > 0 {
		p.printf("### Skipped\n\n")
		for _, it := range skipped {
			p.printf("- %s %s (%s): %s\n", mdCode(it.ID), mdText(it.Title), mdText(string(it.Level)), mdText(it.SkipReason))
		}
		p.printf("\n")
	}
	if left > 0 {
		p.printf("%s not selected by the label filter.\n\n", plural(left, "item"))
	}
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

// writeMarkdownTable writes the item table, folded.
func writeMarkdownTable(p *printer, r *Report) {
	p.printf("<details><summary>Checklist: %s</summary>\n\n| Item | Level | Status | Specs |\n| --- | --- | --- | --- |\n", countsLine(r.Summary))
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
	p.printf("\n</details>\n\n")
}

// writeMarkdownFailures writes, folded, one section per failing item, new failures first.
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
	p.printf("<details><summary>Failed specs in full: requests and responses</summary>\n\n")
	defer p.printf("</details>\n\n")
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

// writeMarkdownSpec writes one failed spec: name, location, cause, message,
// requests, last response and violations.
func writeMarkdownSpec(p *printer, s Spec) {
	p.printf("**%s**", mdText(s.Name))
	if s.Location != "" {
		p.printf(" at %s", mdCode(s.Location))
	}
	p.printf(", %s", formatMS(s.DurationMS))
	if s.Cause != "" {
		p.printf(" (%s)", mdText(s.Cause))
	}
	p.printf("\n\n")
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

// writeMarkdownOthers writes the uncovered items, contract coverage and notes, each folded.
func writeMarkdownOthers(p *printer, r *Report) {
	var uncovered []Item
	for _, it := range r.Items {
		if it.Status == StatusUncovered {
			uncovered = append(uncovered, it)
		}
	}
	if len(uncovered) > 0 {
		p.printf("<details><summary>Uncovered items (%d)</summary>\n\n", len(uncovered))
		for _, it := range uncovered {
			p.printf("- %s %s: no spec carries this ID\n", mdCode(it.ID), mdText(it.Title))
		}
		p.printf("\n</details>\n\n")
	}
	if called, total := coverage(r.Operations); total > 0 {
		p.printf("<details><summary>Contract coverage: %d of %d operations called</summary>\n\n", called, total)
		if called < total {
			p.printf("Not called:\n\n")
			for _, op := range r.Operations {
				if op.Calls == 0 {
					p.printf("- %s\n", mdCode(op.Key))
				}
			}
			p.printf("\n")
		}
		p.printf("</details>\n\n")
	}
	if len(r.Notes) > 0 {
		p.printf("<details><summary>Notes (%d)</summary>\n\n", len(r.Notes))
		for _, n := range r.Notes {
			p.printf("- %s\n", mdText(n))
		}
		p.printf("\n</details>\n\n")
	}
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
