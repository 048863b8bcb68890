package audit

import (
	"math"
	"sort"
	"sync"
	"sync/atomic"
)

// Cross-file names in one walk.
//
// A file that never mentions SalesLoft can still call it through a name
// another file defines (config.ts: `export const API_ROOT =
// 'https://api.salesloft.com/v2'`; people.ts: `fetch(`${API_ROOT}/people`)`).
// The names are known only from the models of analysed files, so the files
// the prefilter rejects must be looked at again for them. Walking the tree a
// second time to do so cost about a quarter of a scan; instead, while the
// tree is walked once:
//
//   - the cross-file names (crossFileNames) of the models extracted so far
//     are recomputed as models are added (see namer), and their union is
//     published: a set that only grows, with, for each name, the number of
//     files the walker had handed out when the name was published;
//   - every file the prefilter rejects is checked against the published
//     set while its bytes are in memory; one that holds a name as a whole
//     identifier is extracted as a candidate and remembers which names of
//     the set it holds.
//
// After the walk the passes of the cross-file search are replayed exactly:
// pass k takes the names crossFileNames finds in the files accepted so far
// that no earlier pass had, and accepts the files that hold one of them.
// Candidates answer for every file handed out after all of that pass's
// names were published. Files handed out earlier (the walker runs a few
// batches ahead of the workers), or all files when a name was never
// published, are read again in a walk that stops there. On a tree whose
// base constant is defined near the start of the walk that walk covers a
// few hundred files; at worst it is the second walk the scan used to make.
// The result never depends on timing: only the amount of rereading does.

// candidate is a file the prefilter rejected that holds published names.
type candidate struct {
	fm    *fileModel
	names []string // the published names of its language family it holds
}

// holds reports whether the candidate holds one of names.
func (c *candidate) holds(names map[string]bool) bool {
	for _, n := range c.names {
		if names[n] {
			return true
		}
	}
	return false
}

// nameTable is a published set: language family -> names.
type nameTable map[string]*nameSet

// namer publishes the cross-file names of the models extracted so far. It
// has no goroutine of its own: the worker that adds a model recomputes the
// names at once, unless the last recomputation was too recent, in which
// case a worker does it after a later file (see maybe). That way a name is
// published a few files after its definition is read, however the
// goroutines are scheduled.
type namer struct {
	cfg     *Config
	publish bool
	models  func() (phase1, candidates []*fileModel) // a snapshot
	handed  *atomic.Int64                            // files handed to the workers so far
	table   atomic.Pointer[nameTable]
	dirty   atomic.Bool  // models were added since the last recomputation
	nextAt  atomic.Int64 // handed count from which the next recomputation may run

	mu      sync.Mutex                 // held while recomputing
	known   map[string]map[string]bool // family -> published names
	addedAt map[string]int64           // "family|name" -> handed when published
}

// newNamer returns a namer. With publish false (tests) it publishes
// nothing, so that every pass reads every file again, as a walk per pass
// would.
func newNamer(cfg *Config, handed *atomic.Int64, models func() ([]*fileModel, []*fileModel), publish bool) *namer {
	return &namer{cfg: cfg, publish: publish, models: models, handed: handed,
		known: map[string]map[string]bool{}, addedAt: map[string]int64{}}
}

// changed tells the namer that a model was added.
func (n *namer) changed() {
	n.dirty.Store(true)
	n.maybe()
}

// maybe recomputes the names if models were added and the walk has gone
// far enough since the last recomputation: as many files as that one
// looked at models. Recomputing costs time linear in the models, so this
// bounds it by a small constant per file read, while on the usual tree
// (few SalesLoft files) every model is looked at as soon as it is added.
// Workers call it after every file; it costs two atomic loads when there
// is nothing to do.
func (n *namer) maybe() {
	for n.publish && n.dirty.Load() && n.handed.Load() >= n.nextAt.Load() {
		if !n.mu.TryLock() {
			return // another worker is recomputing and will look again
		}
		if !n.dirty.Load() {
			n.mu.Unlock()
			return
		}
		n.dirty.Store(false)
		cost := n.recompute()
		n.nextAt.Store(n.handed.Load() + int64(cost))
		n.mu.Unlock()
	}
}

// stop ends publishing once the first walk is over (no worker runs): the
// walks that follow number their files afresh.
func (n *namer) stop() {
	n.publish = false
}

// set returns the published names of a language family, or nil.
func (n *namer) set(fam string) *nameSet {
	t := n.table.Load()
	if t == nil {
		return nil
	}
	return (*t)[fam]
}

// recompute publishes the names of the models so far that are not
// published yet, and returns the number of models it looked at. n.mu is
// held.
func (n *namer) recompute() int {
	phase1, cands := n.models()
	// The names of the phase-one files alone and of all files so far: a
	// name can drop out of crossFileNames when more files define it, and
	// the passes replayed after the walk start from phase one.
	found := crossFileNames(sortedModels(phase1), n.cfg)
	if len(cands) > 0 {
		for fam, names := range crossFileNames(sortedModels(append(phase1, cands...)), n.cfg) {
			if found[fam] == nil {
				found[fam] = map[string]bool{}
			}
			for name := range names {
				found[fam][name] = true
			}
		}
	}
	var fresh []string
	for fam, names := range found {
		for name := range names {
			if !n.known[fam][name] {
				if n.known[fam] == nil {
					n.known[fam] = map[string]bool{}
				}
				n.known[fam][name] = true
				fresh = append(fresh, fam+"|"+name)
			}
		}
	}
	if len(fresh) > 0 {
		t := nameTable{}
		for fam, names := range n.known {
			t[fam] = newNameSet(names)
		}
		n.table.Store(&t)
		// Every file handed out from now on is checked against t.
		at := n.handed.Load()
		for _, k := range fresh {
			n.addedAt[k] = at
		}
	}
	return len(phase1) + len(cands)
}

// publishedBefore returns, for a pass's fresh names, the number of files
// handed out before the last of a family's names was published: files
// from there on were checked against all of them. A name never published
// gives math.MaxInt64 (every file must be read again).
func (n *namer) publishedBefore(fresh map[string]map[string]bool) map[string]int64 {
	out := map[string]int64{}
	for fam, names := range fresh {
		for name := range names {
			at, ok := n.addedAt[fam+"|"+name]
			if !ok {
				at = math.MaxInt64
			}
			if at > out[fam] {
				out[fam] = at
			}
		}
	}
	return out
}

// sortedModels returns the models sorted by path, so that what is
// computed from them does not depend on the order workers finished in.
func sortedModels(models []*fileModel) []*fileModel {
	out := append([]*fileModel(nil), models...)
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}
