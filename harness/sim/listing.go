package sim

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging defaults (API-FACTS §7).
const (
	defaultPerPage = 25
	maxPerPage     = 100
)

// filterKind says how a list filter's values are read and compared.
type filterKind int

const (
	filterInts    filterKind = iota // integers, comma list or name[] list; any may match
	filterStrings                   // strings, compared ignoring case; any may match
	filterBool                      // "true" or "false"
	filterTags                      // strings matched against a list field (tags), ignoring case; any may match
)

// filter is one list filter: query parameter param compared with the record's field
// (a dotted path such as "account.id").
type filter struct {
	param, field string
	kind         filterKind
}

// listSpec describes how one resource lists.
type listSpec struct {
	// defaultSort is the sort_by used when none is given.
	defaultSort string
	// sorts maps each allowed sort_by value to the record field it orders by.
	sorts map[string]string
	// ranges are timestamp fields filterable by field[gt|gte|lt|lte].
	ranges []string
	// filters are the resource's equality filters; "ids" is always available.
	filters []filter
	// pagedOnlyWith names a parameter without which the whole list is returned in one page
	// (users: "Defaults to returning all users", API-FACTS §3.2).
	pagedOnlyWith string
}

// list filters, sorts and pages rows (rendered records) and wraps them in
// {"data": [...], "metadata": {...}} (API-FACTS §7). Invalid sort_by, sort_direction
// or filter values answer 422; out-of-range per_page and page are silently corrected.
func (s *Server) list(c *call, rows []map[string]any, spec listSpec) reply {
	errs := fieldErrors{}
	sortBy := cmp.Or(c.q.Get("sort_by"), spec.defaultSort)
	sortField, ok := spec.sorts[sortBy]
	if !ok {
		errs.add("sort_by", "must be one of: "+strings.Join(slices.Sorted(maps.Keys(spec.sorts)), ", "))
	}
	dir := strings.ToUpper(cmp.Or(c.q.Get("sort_direction"), "DESC"))
	if dir != "ASC" && dir != "DESC" {
		errs.add("sort_direction", "must be one of: ASC, DESC")
	}
	keep := rangeFilters(c.q, spec.ranges, errs)
	for _, f := range append([]filter{{param: "ids", field: "id", kind: filterInts}}, spec.filters...) {
		if p := equalityFilter(c.q, f, errs); p != nil {
			keep = append(keep, p)
		}
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	rows = slices.DeleteFunc(rows, func(row map[string]any) bool {
		for _, p := range keep {
			if !p(row) {
				return true
			}
		}
		return false
	})
	slices.SortStableFunc(rows, func(a, b map[string]any) int {
		c := compareValues(lookup(a, sortField), lookup(b, sortField))
		if c == 0 {
			c = compareValues(a["id"], b["id"])
		}
		if dir == "DESC" {
			c = -c
		}
		return c
	})
	return reply{status: http.StatusOK, records: true, body: map[string]any{
		"data":     pageOf(c.q, rows, spec),
		"metadata": metadata(c.q, len(rows), spec, sortBy, dir),
	}}
}

// paging reads per_page (1..100, else 25) and page (>= 1, else 1).
func paging(q url.Values) (perPage, page int) {
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage < 1 || perPage > maxPerPage {
		perPage = defaultPerPage
	}
	page, err = strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	return perPage, page
}

// pageOf cuts the requested page out of rows.
func pageOf(q url.Values, rows []map[string]any, spec listSpec) []any {
	perPage, page := paging(q)
	if spec.pagedOnlyWith != "" && !q.Has(spec.pagedOnlyWith) {
		perPage, page = max(len(rows), 1), 1
	}
	out := []any{}
	if page-1 > len(rows)/perPage {
		return out
	}
	for _, row := range rows[min((page-1)*perPage, len(rows)):min(page*perPage, len(rows))] {
		out = append(out, row)
	}
	return out
}

// metadata is the list envelope's metadata for total matching rows.
func metadata(q url.Values, total int, spec listSpec, sortBy, dir string) map[string]any {
	perPage, page := paging(q)
	unpaged := spec.pagedOnlyWith != "" && !q.Has(spec.pagedOnlyWith)
	if unpaged {
		page = 1
	}
	p := map[string]any{"per_page": perPage, "current_page": page, "next_page": nil, "prev_page": nil}
	if !unpaged && page-1 < total/perPage && page*perPage < total {
		p["next_page"] = page + 1
	}
	if page > 1 {
		p["prev_page"] = page - 1
	}
	if b, err := strconv.ParseBool(q.Get("include_paging_counts")); err == nil && b {
		p["total_count"] = total
		p["total_pages"] = (total + perPage - 1) / perPage
	}
	nulls := " NULLS LAST"
	if dir == "ASC" {
		nulls = " NULLS FIRST"
	}
	m := map[string]any{
		"filtering": map[string]any{},
		"paging":    p,
		"sorting":   map[string]any{"sort_by": sortBy, "sort_direction": dir + nulls},
	}
	if unpaged {
		// An unpaged answer carries no paging at all, as real /v2/users answers without
		// `page` show (docs/real-payloads.md).
		delete(m, "paging")
	}
	return m
}

// queryList reads a multi-valued parameter in every form a Rails app accepts (decided in
// doc.go, "Request forms"): the comma list SPEC declares ("ids=1,2"), the Rails bracket form
// real clients send ("ids[]=1&ids[]=2", API-FACTS §7), the indexed form PHP and qs-style
// encoders send ("ids[0]=1&ids[1]=2", which Rack parses as a hash whose values Rails takes in
// index order), and a repeated plain name ("ids=1&ids=2"). All forms given are merged.
func queryList(q url.Values, param string) []string {
	vals := slices.Clone(q[param])
	vals = append(vals, q[param+"[]"]...)
	vals = append(vals, indexedValues(q, param)...)
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// indexedValues returns the values of name[0], name[1], ... in index order.
func indexedValues(vals url.Values, name string) []string {
	type entry struct {
		i int
		v []string
	}
	var found []entry
	prefix := name + "["
	for k, vs := range vals {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		digits, ok := strings.CutSuffix(rest, "]")
		if !ok || digits == "" {
			continue
		}
		i, err := strconv.Atoi(digits)
		if err != nil || i < 0 {
			continue
		}
		found = append(found, entry{i, vs})
	}
	slices.SortFunc(found, func(a, b entry) int { return cmp.Compare(a.i, b.i) })
	var out []string
	for _, e := range found {
		out = append(out, e.v...)
	}
	return out
}

// equalityFilter builds the predicate for f, or nil when the parameter is absent.
func equalityFilter(q url.Values, f filter, errs fieldErrors) func(map[string]any) bool {
	vals := queryList(q, f.param)
	if len(vals) == 0 {
		return nil
	}
	switch f.kind {
	case filterInts:
		want := make([]int, 0, len(vals))
		for _, v := range vals {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs.add(f.param, "is invalid")
				return nil
			}
			want = append(want, n)
		}
		return func(row map[string]any) bool {
			return slices.ContainsFunc(lookupAll(row, f.field), func(v any) bool {
				n, ok := v.(int)
				return ok && slices.Contains(want, n)
			})
		}
	case filterBool:
		want, err := strconv.ParseBool(vals[0])
		if err != nil || len(vals) > 1 {
			errs.add(f.param, "is invalid")
			return nil
		}
		return func(row map[string]any) bool { return lookup(row, f.field) == want }
	case filterTags:
		return func(row map[string]any) bool {
			list, _ := lookup(row, f.field).([]any)
			return slices.ContainsFunc(list, func(e any) bool {
				got, _ := e.(string)
				return slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, got) })
			})
		}
	default:
		return func(row map[string]any) bool {
			got, _ := lookup(row, f.field).(string)
			return slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, got) })
		}
	}
}

// rangeFilters builds the predicates for field[gt|gte|lt|lte] and for the plain equality
// form field=<ts> (any of a list), all compared at microsecond precision (API-FACTS §7; SPEC:
// "Equality filters that are applied to the updated_at field").
func rangeFilters(q url.Values, fields []string, errs fieldErrors) []func(map[string]any) bool {
	var out []func(map[string]any) bool
	for _, field := range fields {
		if eq := queryList(q, field); len(eq) > 0 {
			var want []time.Time
			for _, v := range eq {
				t, ok := parseStamp(v)
				if !ok {
					errs.add(field, "is invalid")
					break
				}
				want = append(want, t.Truncate(time.Microsecond))
			}
			out = append(out, func(row map[string]any) bool {
				t, ok := rowStamp(row, field)
				return ok && slices.ContainsFunc(want, t.Equal)
			})
		}
		for _, op := range []string{"gt", "gte", "lt", "lte"} {
			v := q.Get(field + "[" + op + "]")
			if v == "" {
				continue
			}
			bound, ok := parseStamp(v)
			if !ok {
				errs.add(field, "is invalid")
				continue
			}
			bound = bound.Truncate(time.Microsecond)
			out = append(out, func(row map[string]any) bool {
				t, ok := rowStamp(row, field)
				if !ok {
					return false
				}
				c := t.Compare(bound)
				return op == "gt" && c > 0 || op == "gte" && c >= 0 || op == "lt" && c < 0 || op == "lte" && c <= 0
			})
		}
	}
	return out
}

// rowStamp reads a timestamp field of a rendered record.
func rowStamp(row map[string]any, field string) (time.Time, bool) {
	s, _ := row[field].(string)
	t, err := time.Parse(timestampLayout, s)
	return t, err == nil
}

// lookup follows a dotted path ("account.id") through nested records.
func lookup(row map[string]any, path string) any {
	var v any = row
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// lookupAll follows a dotted path like lookup, but through lists too, and returns every
// value found ("cadences.id" of a person gives the id of each cadence reference).
func lookupAll(v any, path string) []any {
	head, rest, more := strings.Cut(path, ".")
	switch t := v.(type) {
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, lookupAll(e, path)...)
		}
		return out
	case map[string]any:
		next, ok := t[head]
		if !ok {
			return nil
		}
		if !more {
			if list, isList := next.([]any); isList {
				return list
			}
			return []any{next}
		}
		return lookupAll(next, rest)
	}
	return nil
}

// compareValues orders two field values of the same kind, nil before everything. The
// caller negates the result for DESC, so nulls come first in ASC and last in DESC
// (API-FACTS §7; "DESC NULLS LAST").
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case int:
		y, _ := b.(int)
		return cmp.Compare(x, y)
	case string:
		y, _ := b.(string)
		return cmp.Compare(strings.ToLower(x), strings.ToLower(y))
	case bool:
		y, _ := b.(bool)
		return cmp.Compare(strconv.FormatBool(x), strconv.FormatBool(y))
	}
	return 0
}
