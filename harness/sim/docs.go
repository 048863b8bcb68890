package sim

import (
	"net/http"
	"strings"
	"time"
)

// doc is a record of a resource the simulator keeps as plain fields: tasks, notes, calls,
// custom fields and stages. Its render function adds the references and timestamps.
type doc struct {
	id               int
	created, updated time.Time
	// f holds the record's own fields as they are rendered (strings, ints, bools or nil).
	f map[string]any
}

// base renders d's timestamps and fields; refs are added by the caller.
func (d *doc) base() map[string]any {
	m := map[string]any{"id": d.id, "created_at": stamp(d.created), "updated_at": stamp(d.updated)}
	for k, v := range d.f {
		m[k] = v
	}
	return m
}

// applyStrings copies the string fields names from in into d.f: null or "" clears a field (to
// nil), a non-scalar value is "is invalid".
func applyStrings(f map[string]any, in fields, names []string, errs fieldErrors) {
	for _, name := range names {
		if _, given := in[name]; !given {
			continue
		}
		v, _, ok := in.str(name)
		if !ok {
			errs.add(name, "is invalid")
			continue
		}
		f[name] = textOrNil(strings.TrimSpace(v))
	}
}

// oneOf reads key as one of allowed (compared ignoring case, stored lower case), adding a 422
// message when it is missing and required or not allowed. It returns "" when absent.
func oneOf(in fields, key string, allowed []string, required bool, errs fieldErrors) string {
	v, present, ok := in.str(key)
	v = strings.ToLower(strings.TrimSpace(v))
	switch {
	case !present || v == "":
		if required {
			errs.add(key, "can't be blank")
		}
		return ""
	case !ok:
		errs.add(key, "is invalid")
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	errs.add(key, "must be one of: "+strings.Join(allowed, ", "))
	return ""
}

// liveID reads key as the id of a live row of t, adding a 422 message when it is missing and
// required, not an integer, or names no record. It returns 0 when absent or invalid.
func liveID[T any](in fields, key string, t *table[T], required bool, errs fieldErrors) int {
	id, present, ok := in.integer(key)
	switch {
	case !present:
		if required {
			errs.add(key, "can't be blank")
		}
		return 0
	case !ok:
		errs.add(key, "is invalid")
		return 0
	}
	if _, live := t.rows[id]; !live {
		errs.add(key, "is invalid")
		return 0
	}
	return id
}

// notFound is the 404 answer for an unknown record.
func notFound() reply { return errorReply(http.StatusNotFound, msgNotFound) }
