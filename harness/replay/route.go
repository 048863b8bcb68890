package replay

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// request is a live request parsed once into what matching needs.
type request struct {
	method, path, query string // upper case, normalised, canonical
	queryVals           url.Values
	ct                  string
	bkey                string // body key
	bval                any    // decoded JSON value or form values
	body                []byte
	key                 string
	origins             []origin
}

// parseRequest parses r (whose body has been read into body) for matching.
func parseRequest(r *http.Request, body []byte) *request {
	rq := &request{method: strings.ToUpper(r.Method), path: normalisePath(r.URL.Path), ct: r.Header.Get("Content-Type"), body: body}
	rq.queryVals = parseValues(r.URL.RawQuery, &rq.origins)
	rq.query = canonicalValues(rq.queryVals)
	rq.bkey, rq.bval = bodyKey(rq.ct, body, &rq.origins)
	rq.key = matchKey(rq.method, rq.path, rq.query, rq.bkey)
	return rq
}

// routeKey names a method and normalised path.
func routeKey(method, path string) string { return method + " " + path }

// slot holds recorded answers of one request, in order, and a cursor.
type slot struct {
	entries []*entry
	next    atomic.Int64
}

// peek returns the answer take would return next.
func (sl *slot) peek() *entry {
	return sl.entries[min(int(sl.next.Load()), len(sl.entries)-1)]
}

// take returns the next answer of the slot and whether one was left; once
// every answer is used it returns the last one and false.
func (sl *slot) take() (*entry, bool) {
	i := int(sl.next.Add(1) - 1)
	if i < len(sl.entries) {
		return sl.entries[i], true
	}
	return sl.entries[len(sl.entries)-1], false
}

// add appends e to the slot of key in m.
func add(m map[string]*slot, key string, e *entry) {
	sl := m[key]
	if sl == nil {
		sl = &slot{}
		m[key] = sl
	}
	sl.entries = append(sl.entries, e)
}

// maxClients bounds the clients a route remembers; beyond it, new clients
// join the route's join lane without being remembered.
const maxClients = 4096

// route holds every recorded answer to one request across the set, for the
// default (unscoped) mode, split into lanes: the answers one recorded
// client got, in recorded order. A lane is the answers of one fixture file
// and one recorded credential (Request.Client). Each live client (each
// distinct Authorization header, or none) is bound, on its first request of
// this kind, to the next lane no other client holds; once every lane is
// held, to the join lane. So a recording where one token got a 401 and the
// next a 200 replays the same way, and a 404 recorded after a DELETE comes
// back after the DELETE.
type route struct {
	lanes []*slot
	// join is the lane clients share once every lane is held: the last lane
	// of the first file, which is where a recorded client ended up.
	join *slot

	mu    sync.Mutex
	taken int
	bound map[[sha256.Size]byte]*slot
}

// newRoute splits entries (in set order) into lanes. Lanes of files whose
// first answer succeeded come first, so that over fixtures recorded per
// spec a client gets a spec's successful sequence before the failure
// scenarios; within a file lanes keep their recorded order.
func newRoute(entries []*entry) *route {
	type group struct {
		file  string
		lanes []*slot
	}
	var files []*group
	byFile := map[string]*group{}
	byLane := map[string]*slot{}
	for _, e := range entries {
		g := byFile[e.file]
		if g == nil {
			g = &group{file: e.file}
			byFile[e.file] = g
			files = append(files, g)
		}
		id := e.file + "\x00" + strconv.Itoa(e.client)
		sl := byLane[id]
		if sl == nil {
			sl = &slot{}
			byLane[id] = sl
			g.lanes = append(g.lanes, sl)
		}
		sl.entries = append(sl.entries, e)
	}
	ok := func(g *group) bool { s := g.lanes[0].entries[0].status; return s >= 200 && s < 400 }
	rt := &route{bound: map[[sha256.Size]byte]*slot{}}
	for _, pass := range []bool{true, false} {
		for _, g := range files {
			if ok(g) == pass {
				rt.lanes = append(rt.lanes, g.lanes...)
			}
		}
	}
	for _, g := range files {
		if ok(g) {
			rt.join = g.lanes[len(g.lanes)-1]
			break
		}
	}
	if rt.join == nil {
		first := files[0]
		rt.join = first.lanes[len(first.lanes)-1]
	}
	return rt
}

// lane returns the lane of the client with credential id.
func (rt *route) lane(id [sha256.Size]byte) *slot {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if sl, ok := rt.bound[id]; ok {
		return sl
	}
	sl := rt.join
	if rt.taken < len(rt.lanes) {
		sl = rt.lanes[rt.taken]
		rt.taken++
	}
	if len(rt.bound) < maxClients {
		rt.bound[id] = sl
	}
	return sl
}

// reset rewinds every lane and forgets every client.
func (rt *route) reset() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, sl := range rt.lanes {
		sl.next.Store(0)
	}
	rt.taken = 0
	clear(rt.bound)
}

// clientID identifies a live client by its Authorization header; the hash
// keeps credentials out of the server's memory.
func clientID(r *http.Request) [sha256.Size]byte {
	return sha256.Sum256([]byte(r.Header.Get("Authorization")))
}

// index maps matching keys to what replay answers, with the masks to try
// when no key matches exactly.
type index struct {
	// all holds every key of the set, for the default mode.
	all map[string]*route
	// specs holds, per spec, its keys' answers in recorded order.
	specs map[string]map[string]*slot
	// masks holds, per route (routeKey), the distinct masks of its
	// recordings, in recorded order.
	masks map[string][]*mask
}

// maxMasks bounds the masks tried per route: each costs a key computation.
const maxMasks = 16

// buildIndex indexes s: each entry under its exact key and, when it holds
// scrubbed values, under its masked key.
func buildIndex(s *Set) *index {
	ix := &index{all: map[string]*route{}, specs: map[string]map[string]*slot{}, masks: map[string][]*mask{}}
	byKey := map[string][]*entry{}
	var order []string
	put := func(key string, e *entry) {
		if _, ok := byKey[key]; !ok {
			order = append(order, key)
		}
		byKey[key] = append(byKey[key], e)
		m := ix.specs[e.spec]
		if m == nil {
			m = map[string]*slot{}
			ix.specs[e.spec] = m
		}
		add(m, key, e)
	}
	for _, e := range s.entries {
		put(e.key, e)
		if e.mask == nil {
			continue
		}
		if e.maskedKey != e.key {
			put(e.maskedKey, e)
		}
		rk := routeKey(e.method, e.path)
		known := false
		for _, m := range ix.masks[rk] {
			if m.id == e.mask.id {
				known = true
				break
			}
		}
		if !known && len(ix.masks[rk]) < maxMasks {
			ix.masks[rk] = append(ix.masks[rk], e.mask)
		}
	}
	for _, k := range order {
		ix.all[k] = newRoute(byKey[k])
	}
	for _, f := range s.files {
		if ix.specs[f.Metadata.Spec] == nil {
			ix.specs[f.Metadata.Spec] = map[string]*slot{}
		}
	}
	return ix
}

// lookupAll finds the route of rq in the default mode: its exact key, then
// its key under each mask recorded for its route (see lookupMasked).
func (ix *index) lookupAll(rq *request) (*route, bool) {
	if rt := ix.all[rq.key]; rt != nil {
		return rt, false
	}
	return lookupMasked(ix, rq, func(key string) *route { return ix.all[key] })
}

// lookupSpec finds the slot of rq in spec's keys, exact key first (see
// lookupMasked).
func (ix *index) lookupSpec(spec string, rq *request) (*slot, bool) {
	keys := ix.specs[spec]
	if sl := keys[rq.key]; sl != nil {
		return sl, false
	}
	return lookupMasked(ix, rq, func(key string) *slot { return keys[key] })
}

// lookupMasked tries rq's key under each mask recorded for its route: first
// with the placeholders rq sends kept exact, then, when rq sends placeholders
// and that found nothing, with them masked too. The second form is loose
// (its result is true): a client sending back a placeholder it was handed
// (a refresh token) beside a real value of its own (its client secret)
// matches, and the caller must check with placeholdersAgree that the entry
// it serves recorded the very placeholders rq sends.
func lookupMasked[T comparable](ix *index, rq *request, find func(string) T) (T, bool) {
	var zero T
	masks := ix.masks[routeKey(rq.method, rq.path)]
	// Only a request that sends a placeholder has a loose key of its own.
	sends := len(masks) > 0 && (mayHoldPlaceholder([]byte(rq.query)) || mayHoldPlaceholder(rq.body))
	var loose []string
	for _, m := range masks {
		strict := m.apply(rq, true)
		if hit := find(strict); hit != zero {
			return hit, false
		}
		if !sends {
			continue
		}
		if lk := m.apply(rq, false); lk != strict {
			loose = append(loose, lk)
		}
	}
	for _, lk := range loose {
		if hit := find(lk); hit != zero {
			return hit, true
		}
	}
	return zero, false
}
