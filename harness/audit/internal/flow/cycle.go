package flow

import "github.com/loftgate/loftgate/harness/audit/internal/ir"

// A binding's value may depend on itself: x = x + "/a" in a loop, a URL
// object's path extended in place (u.Path = base.Path + path), a field
// trimmed where it is set (self.url = self.url.rstrip("/")), a recursive
// function's parameter. The analysis is flow-insensitive, so such a
// binding's value is the union of its sources, one of which reads the
// binding again; expanding that read until the depth bound concatenates the
// binding with itself (/v2/accounts/v2/accounts/...), and with the values of
// every other evaluation of the same assignment. Instead, a value is
// unrolled once: a read of a binding while its sources are being evaluated
// takes the values of the sources that do not depend on it (none on the
// first pass), and the sources that do are evaluated once more with those.
// A binding whose every source depends on itself has no value: its readers
// see an unknown part (Hole), never an invented one.

// bindKey names one binding whose value is being computed: its kind
// ('F' a field by name, 'C' a field of a class instance, 'L' a local,
// 'G' a module-level name, 'P' a parameter read through its call sites),
// its name and the context its sources are evaluated in.
type bindKey struct {
	kind byte
	name string
	fn   *ir.Func
	cls  *ir.Class
	inst *ir.Class
	file *ir.File
	site *ir.Call
	// recv and argEnv tell apart two evaluations of one function's local in
	// different calls; the self-reference of a local keeps both.
	recv   *recv
	argEnv *env
	arg    *ir.Expr
}

// pending is a binding being computed: the values its independent sources
// gave (what a read inside it sees) and whether it was read inside.
type pending struct {
	vals []string
	hit  bool
}

// fixed returns the union of the values of a binding's n sources (src(i)
// evaluates source i), unrolling a dependence on itself once. reentered
// is true when the binding is already being computed: vals are then the
// values of its independent sources so far (possibly none), to be used as
// they are.
func (p *Program) fixed(k bindKey, b *budget, n int, src func(i int) []string) (vals []string, reentered bool) {
	if pd := b.active[k]; pd != nil {
		pd.hit = true
		return pd.vals, true
	}
	if b.active == nil {
		b.active = map[bindKey]*pending{}
	}
	pd := &pending{}
	b.active[k] = pd
	defer delete(b.active, k)
	var out, partial []string
	var cyclic []int
	for i := 0; i < n; i++ {
		pd.hit = false
		got := src(i)
		if pd.hit {
			cyclic = append(cyclic, i)
			for _, s := range got {
				partial = appendUniq(partial, s)
			}
			continue
		}
		for _, s := range got {
			out = appendUniq(out, s)
		}
	}
	if len(cyclic) == 0 {
		return out, false
	}
	// The second pass: the dependent sources read the values found without
	// the dependence (a dependent source may have given some: a branch of a
	// choice that does not read the binding).
	for _, s := range partial {
		out = appendUniq(out, s)
	}
	pd.vals = append([]string(nil), out...)
	for _, i := range cyclic {
		for _, s := range src(i) {
			out = appendUniq(out, s)
		}
	}
	return out, false
}
