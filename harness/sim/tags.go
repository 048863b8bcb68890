package sim

import "strings"

// tagIDLocked returns the id of the tag name (compared ignoring case), numbering tags in the
// order they are first seen so ids are stable for the life of the simulator.
func (s *Server) tagIDLocked(name string) int {
	key := strings.ToLower(name)
	if id, ok := s.tagIDs[key]; ok {
		return id
	}
	if s.tagIDs == nil {
		s.tagIDs = map[string]int{}
	}
	s.tagIDs[key] = len(s.tagIDs) + 1
	return s.tagIDs[key]
}

// tagRowsLocked renders the Tag records: every tag on a live cadence, account or person.
func (s *Server) tagRowsLocked() []map[string]any {
	var names []string
	for _, cd := range s.cadences.all() {
		for _, t := range cadenceTags(cd.settings["tags"]) {
			names = append(names, t.(string))
		}
	}
	for _, a := range s.accounts.all() {
		names = append(names, a.tags...)
	}
	for _, p := range s.people.all() {
		names = append(names, p.tags...)
	}
	seen := map[int]bool{}
	var rows []map[string]any
	for _, n := range names {
		id := s.tagIDLocked(n)
		if !seen[id] {
			seen[id] = true
			rows = append(rows, map[string]any{"id": id, "name": n})
		}
	}
	return rows
}

var tagsList = listSpec{
	defaultSort: "name",
	sorts:       map[string]string{"name": "name"},
}

// listTags is GET /v2/tags: search matches names containing the text, ignoring case.
func (s *Server) listTags(c *call) reply {
	rows := s.tagRowsLocked()
	if q := strings.ToLower(strings.TrimSpace(c.q.Get("search"))); q != "" {
		kept := rows[:0]
		for _, r := range rows {
			if strings.Contains(strings.ToLower(r["name"].(string)), q) {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	return s.list(c, rows, tagsList)
}
