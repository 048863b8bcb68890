package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

// htmlSource is the page template: inline CSS, <details> for expansion, one
// small inline script for the failures-only filter and no external
// resources, so the file can be attached to a CI run and opened anywhere.
//
//go:embed report.html.tmpl
var htmlSource string

// WriteHTML writes r as one self-contained HTML page: the verdict, the
// failures grouped by cause (the exchange that shows each in red, a curl
// line reproducing it, the failed specs), the skipped items with their
// reasons, the checklist at a glance in status colours, then every item
// expandable to its specs, their requests and responses (at most 2 KB of
// each body; an exchange that broke the contract in red), violations and
// timings, then contract coverage and notes. A "Failures only" checkbox
// hides everything that did not fail; #failures-only (or ?failures-only)
// in the address ticks it on load. Its only script is inline and it loads
// nothing; all report text is escaped by html/template.
func WriteHTML(w io.Writer, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write html: nil report")
	}
	tmpl, err := template.New("report").Parse(htmlSource)
	if err != nil {
		return fmt.Errorf("report: write html: parse template: %w", err)
	}
	// Render to memory first so a template error never leaves half a page.
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, newHTMLView(r)); err != nil {
		return fmt.Errorf("report: write html: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("report: write html: %w", err)
	}
	return nil
}

// htmlView is the data the page template renders, computed in Go so the
// template holds no logic beyond loops and conditions.
type htmlView struct {
	R             *Report
	Verdict       string
	VerdictClass  string
	VerdictReason string
	Counts        string
	Started       string
	Duration      string
	NewFailures   []htmlLink
	Fixed         []htmlLink
	Items         []htmlItem
	Covered       int
	Uncalled      int
	Causes        []htmlCause
	Skipped       []htmlItem
}

// htmlCause is a cause as the page shows it.
type htmlCause struct {
	Cause
	Links    []htmlLink
	Exchange *htmlExchange
	Role     string
	Specs    []htmlCauseSpec
}

// htmlCauseSpec is a failed spec of a cause, with its message shortened.
type htmlCauseSpec struct {
	CauseSpec
	Short string
}

// htmlLink points at an item on the page.
type htmlLink struct {
	ID, Title, Anchor, Class string
}

// htmlItem is an item as the page shows it.
type htmlItem struct {
	Item
	Anchor, Word, Class, Change, ChangeClass, Tally string
	Open                                            bool
	Specs                                           []htmlSpec
}

// htmlSpec is a spec as the page shows it.
type htmlSpec struct {
	Name, Word, Class, Failure, Location, Duration, Output string
	Open                                                   bool
	Violations                                             []string
	Exchanges                                              []htmlExchange
}

// htmlExchange is one request and response as the page shows it.
type htmlExchange struct {
	Method, URL, Status, StatusClass, Operation, Duration, Request, Response string
	// Violations are the contract rules the exchange broke; the page shows
	// such an exchange in red whatever its status.
	Violations []string
}

// newHTMLView prepares r for the page template.
func newHTMLView(r *Report) htmlView {
	v := htmlView{
		R:             r,
		Verdict:       verdictWord(r.Verdict),
		VerdictClass:  statusClass(r.Verdict),
		VerdictReason: verdictReason(r),
		Counts:        countsLine(r.Summary),
		Started:       r.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC"),
		Duration:      formatMS(float64(r.DurationMS)),
	}
	anchors := make(map[string]string, len(r.Items))
	used := make(map[string]bool, len(r.Items))
	for i, it := range r.Items {
		a := anchorFor(it.ID)
		if used[a] {
			a = fmt.Sprintf("%s-%d", a, i)
		}
		used[a] = true
		if _, ok := anchors[it.ID]; !ok {
			anchors[it.ID] = a
		}
		v.Items = append(v.Items, newHTMLItem(it, a))
	}
	link := func(it Item) htmlLink {
		return htmlLink{ID: it.ID, Title: it.Title, Anchor: anchors[it.ID], Class: statusClass(it.Status)}
	}
	if b := r.Baseline; b != nil {
		for _, it := range itemsByID(r, b.NewFailures) {
			v.NewFailures = append(v.NewFailures, link(it))
		}
		for _, it := range itemsByID(r, b.Fixed) {
			v.Fixed = append(v.Fixed, link(it))
		}
	}
	called, total := coverage(r.Operations)
	v.Covered, v.Uncalled = called, total-called
	for _, c := range r.Causes {
		hc := htmlCause{Cause: c, Role: exchangeRoleText(c.ExchangeRole)}
		for _, it := range itemsByID(r, c.Items) {
			hc.Links = append(hc.Links, link(it))
		}
		if c.Exchange != nil {
			he := newHTMLExchange(*c.Exchange)
			hc.Exchange = &he
		}
		for _, s := range c.Specs {
			hc.Specs = append(hc.Specs, htmlCauseSpec{CauseSpec: s, Short: truncateHead(s.Message, bodyLimit)})
		}
		v.Causes = append(v.Causes, hc)
	}
	skipped, _ := ranSkipped(r)
	for _, it := range v.Items {
		if it.Status == StatusSkip && slices.ContainsFunc(skipped, func(s Item) bool { return s.ID == it.ID }) {
			v.Skipped = append(v.Skipped, it)
		}
	}
	return v
}

// newHTMLItem prepares one item; failing items start expanded.
func newHTMLItem(it Item, anchor string) htmlItem {
	hi := htmlItem{
		Item:   it,
		Anchor: anchor,
		Word:   statusWord(it.Status),
		Class:  statusClass(it.Status),
		Tally:  specTally(it.Specs),
		Open:   it.Status == StatusFail,
	}
	if c := changeText(it.Change); c != "" {
		hi.Change, hi.ChangeClass = c, it.Change
	}
	for _, s := range it.Specs {
		hs := htmlSpec{
			Name:       s.Name,
			Word:       statusWord(s.Status),
			Class:      statusClass(s.Status),
			Failure:    truncateHead(strings.TrimSpace(s.Failure), bodyLimit),
			Location:   s.Location,
			Duration:   formatMS(s.DurationMS),
			Output:     truncateTail(s.Output, outputLimit),
			Open:       s.Status == StatusFail,
			Violations: s.Violations,
		}
		for _, e := range s.Exchanges {
			hs.Exchanges = append(hs.Exchanges, newHTMLExchange(e))
		}
		hi.Specs = append(hi.Specs, hs)
	}
	return hi
}

// newHTMLExchange prepares one exchange, shortening its bodies.
func newHTMLExchange(e Exchange) htmlExchange {
	he := htmlExchange{
		Method:     e.Method,
		URL:        e.URL,
		Status:     fmt.Sprint(e.Status),
		Operation:  e.Operation,
		Duration:   formatMS(e.DurationMS),
		Request:    displayBody(e.RequestBody),
		Response:   displayBody(e.ResponseBody),
		Violations: e.Violations,
	}
	switch {
	case len(e.Violations) > 0:
		he.StatusClass = "fail"
	case e.Status == 0:
		he.Status, he.StatusClass = "no response", "fail"
	case e.Status >= 400:
		he.StatusClass = "fail"
	case e.Status >= 300:
		he.StatusClass = "skip"
	default:
		he.StatusClass = "pass"
	}
	return he
}

// statusClass maps a status or verdict to one of the page's CSS classes, so
// no report text ever becomes a class name.
func statusClass[S Status | Verdict](s S) string {
	status := Status(s)
	switch status {
	case StatusPass, StatusFail, StatusSkip, StatusUncovered:
		return string(status)
	}
	return "unknown"
}

// anchorFor makes an element id from an item ID, keeping letters, digits,
// '-' and '_' so the same string works in id="" and href="#".
func anchorFor(id string) string {
	var b strings.Builder
	b.WriteString("item-")
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
