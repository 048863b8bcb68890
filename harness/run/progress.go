package run

import (
	"io"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/extensions/globals"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/report"
)

// Progress receives a run's progress while it happens; the CLI prints it
// (see report.Progress). Its methods are called from the goroutine that runs
// the specs, in order: Begin, then SpecStarted and ItemDone as specs run.
type Progress interface {
	// Begin is called once the target is up and before the first spec, with
	// a report holding the run's header (tool, target, checklist and contract
	// versions) and every checklist item without a status, and the number
	// of specs that will run.
	Begin(header *report.Report, specs int)
	// SpecStarted is called as each spec starts, with how many have finished.
	SpecStarted(name string, done, total int)
	// ItemDone is called the moment the last spec of a checklist item
	// finishes, with the item's status and its specs so far.
	ItemDone(it report.Item)
}

// WithProgress reports the run's progress to p as it happens.
func WithProgress(p Progress) Option {
	return func(s *settings) error { s.progress = p; return nil }
}

// tracker turns Ginkgo's spec events into item events: it knows from a dry
// run which specs will run and which items each of them proves, so it can
// tell when an item's last spec has finished.
type tracker struct {
	p        Progress
	items    map[string]contract.Item
	meta     report.Meta
	planned  map[string]bool                // specs that will run, by key
	left     map[string]int                 // specs still to finish, by item ID
	results  map[string][]report.SpecResult // finished specs, by item ID
	total    int
	done     int
	baseline *report.Report // nil without WithBaseline
}

// specKey identifies a spec across the dry run and the real one.
func specKey(sr types.SpecReport) string {
	return sr.LeafNodeLocation.String() + " " + sr.FullText()
}

// newTracker plans the items' specs from a dry run of the declared trees.
func newTracker(p Progress, cl *contract.Checklist, labelFilter string, meta report.Meta) *tracker {
	tr := &tracker{p: p, items: map[string]contract.Item{}, meta: meta,
		planned: map[string]bool{}, left: map[string]int{}, results: map[string][]report.SpecResult{}}
	for _, it := range cl.Items {
		tr.items[it.ID] = it
	}
	for _, sr := range dryRun(labelFilter).SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt || sr.State != types.SpecStatePassed {
			continue // filtered out, pending
		}
		tr.planned[specKey(sr)] = true
		tr.total++
		for _, id := range itemLabels(sr.Labels()) {
			tr.left[id]++
		}
	}
	return tr
}

// dryRun walks the declared specs without running any, to learn which will
// run under the label filter and with which labels.
func dryRun(labelFilter string) types.Report {
	declared := declaredTrees()
	globals.Reset()
	for _, tree := range declared {
		tree()
	}
	var gr types.Report
	ginkgo.ReportAfterSuite("loftgate dry run", func(r ginkgo.Report) { gr = r })
	suiteCfg, repCfg := ginkgoConfiguration()
	suiteCfg.LabelFilter = labelFilter
	suiteCfg.RandomSeed = 1
	suiteCfg.DryRun = true
	repCfg.Succinct, repCfg.NoColor = true, true
	prev := formatter.ColorableStdOut
	formatter.ColorableStdOut = io.Discard
	defer func() { formatter.ColorableStdOut = prev }()
	runGinkgoSpecs(&failFlag{}, suiteCfg, repCfg)
	return gr
}

// begin tells the Progress the header and the items.
func (tr *tracker) begin(cl *contract.Checklist) {
	header := report.Build(cl.Items, nil, tr.meta)
	tr.p.Begin(header, tr.total)
}

// declare registers the Ginkgo report nodes that feed the tracker; call it
// while the specs are declared.
func (tr *tracker) declare() {
	ginkgo.ReportBeforeEach(func(sr ginkgo.SpecReport) {
		if sr.LeafNodeType == types.NodeTypeIt && tr.planned[specKey(sr)] {
			tr.p.SpecStarted(sr.FullText(), tr.done, tr.total)
		}
	})
	ginkgo.ReportAfterEach(func(sr ginkgo.SpecReport) { tr.specDone(sr) })
}

// specDone counts a finished spec and reports each item it completes.
func (tr *tracker) specDone(sr types.SpecReport) {
	if sr.LeafNodeType != types.NodeTypeIt || !tr.planned[specKey(sr)] {
		return
	}
	delete(tr.planned, specKey(sr)) // a spec is counted once
	tr.done++
	res := report.SpecResult{Name: sr.FullText(), Labels: itemLabels(sr.Labels()), Status: specStatus(sr.State)}
	for _, id := range res.Labels {
		it, known := tr.items[id]
		if !known {
			continue
		}
		tr.results[id] = append(tr.results[id], res)
		if tr.left[id]--; tr.left[id] == 0 {
			r := report.Build([]contract.Item{it}, tr.results[id], tr.meta)
			r.CompareBaseline(tr.baseline, "") // a new failure says so on its line
			tr.p.ItemDone(r.Items[0])
		}
	}
}
