package sim

import (
	"maps"
	"slices"
	"strconv"
)

// table holds the records of one resource by id, with sequential ids and tombstones for
// deleted records (SalesLoft's DELETE "can be called multiple times successfully").
type table[T any] struct {
	rows    map[int]*T
	deleted map[int]bool
	last    int
}

// insert stores the record built by make for the next id and returns it.
func (t *table[T]) insert(make func(id int) *T) *T {
	if t.rows == nil {
		t.rows, t.deleted = map[int]*T{}, map[int]bool{}
	}
	t.last++
	rec := make(t.last)
	t.rows[t.last] = rec
	return rec
}

// get finds the live record whose id is the decimal string id.
func (t *table[T]) get(id string) (*T, bool) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return nil, false
	}
	rec, ok := t.rows[n]
	return rec, ok
}

// remove deletes the record with the decimal id and reports whether it existed or had
// already been deleted (both answer 204).
func (t *table[T]) remove(id string) bool {
	n, err := strconv.Atoi(id)
	if err != nil {
		return false
	}
	if _, ok := t.rows[n]; ok {
		delete(t.rows, n)
		t.deleted[n] = true
		return true
	}
	return t.deleted[n]
}

// all returns the live records in id order.
func (t *table[T]) all() []*T {
	ids := slices.Sorted(maps.Keys(t.rows))
	out := make([]*T, len(ids))
	for i, id := range ids {
		out[i] = t.rows[id]
	}
	return out
}

// ref is SalesLoft's embedded reference to another record: {"id": 10, "_href": ".../v2/widgets/10"}.
func (s *Server) ref(collection string, id int) any {
	if id == 0 {
		return nil
	}
	return map[string]any{"id": id, "_href": s.cfg.base + "/v2/" + collection + "/" + strconv.Itoa(id)}
}

// fetch answers GET of one record: the live record of t with the decimal id, rendered by
// render, or 404. Every GET /v2/<resource>/{id} of a stored resource is this.
func fetch[T any](t *table[T], id string, render func(*T) map[string]any) reply {
	rec, ok := t.get(id)
	if !ok {
		return notFound()
	}
	return data(render(rec))
}

// drop answers DELETE of one record of t: 204 when it existed or had already been deleted
// (SalesLoft's DELETE is repeatable), 404 for an id that never existed.
func drop[T any](t *table[T], id string) reply {
	if !t.remove(id) {
		return notFound()
	}
	return noContent()
}
