package report

// CompareBaseline compares r with an earlier report base loaded from path. It
// sets every item's Change and r.Baseline:
//
//   - "new-item" when base has no item with the ID;
//   - "new-failure" when the item fails now and did not fail in base (a pass,
//     skip or uncovered item that now fails is a regression);
//   - "fixed" when the item failed in base and passes now;
//   - "unchanged" otherwise.
//
// A nil base clears any earlier comparison. Items of base that are no longer
// in the checklist are ignored.
func (r *Report) CompareBaseline(base *Report, path string) {
	if r == nil {
		return
	}
	if base == nil {
		r.Baseline = nil
		for i := range r.Items {
			r.Items[i].Change = ""
		}
		return
	}
	before := make(map[string]Status, len(base.Items))
	for _, it := range base.Items {
		if _, dup := before[it.ID]; !dup {
			before[it.ID] = it.Status
		}
	}
	b := &Baseline{Path: path, NewFailures: []string{}, Fixed: []string{}}
	for i := range r.Items {
		it := &r.Items[i]
		old, ok := before[it.ID]
		switch {
		case !ok:
			it.Change = ChangeNewItem
		case it.Status == StatusFail && old != StatusFail:
			it.Change = ChangeNewFailure
			b.NewFailures = append(b.NewFailures, it.ID)
		case it.Status == StatusPass && old == StatusFail:
			it.Change = ChangeFixed
			b.Fixed = append(b.Fixed, it.ID)
		default:
			it.Change = ChangeUnchanged
		}
	}
	r.Baseline = b
}
