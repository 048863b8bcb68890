package sim

import (
	"slices"
	"strings"
	"time"
)

// task is a Task: a doc with its person, user, creator and completer.
type task struct {
	doc
	personID, userID, creatorID, completerID int
	completed                                time.Time
}

// Task types and states SPEC allows (API-FACTS §3.2 conventions; SPEC Task).
var (
	taskTypes        = []string{"call", "email", "general"}
	taskCreateStates = []string{"scheduled"}
	taskStates       = []string{"scheduled", "completed"}
)

// render is the Task record (SPEC Task; the shape of a real create answer, docs/real-payloads.md).
func (t *task) render(s *Server) map[string]any {
	m := t.base()
	m["completed_at"] = stampOrNil(t.completed)
	m["person"] = s.ref("people", t.personID)
	m["user"] = s.ref("users", t.userID)
	m["created_by_user"] = s.ref("users", t.creatorID)
	m["completed_by"] = s.ref("users", t.completerID)
	return m
}

var tasksList = listSpec{
	defaultSort: "due_date",
	sorts:       map[string]string{"due_date": "due_date", "due_at": "due_at"},
	filters: []filter{
		{param: "user_id", field: "user.id", kind: filterInts},
		{param: "person_id", field: "person.id", kind: filterInts},
		{param: "account_id", field: "account_id", kind: filterInts},
		{param: "current_state", field: "current_state", kind: filterStrings},
		{param: "task_type", field: "task_type", kind: filterStrings},
		{param: "idempotency_key", field: "idempotency_key", kind: filterStrings},
		{param: "locale", field: "locale", kind: filterStrings},
	},
}

// taskIntervals are the values of time_interval_filter (SPEC GET /v2/tasks).
var taskIntervals = []string{"overdue", "today", "tomorrow", "this_week", "next_week"}

// inInterval reports whether a task due on due (YYYY-MM-DD) and in state falls in interval
// on the simulated day now. Weeks start on Monday; overdue is a scheduled task due before today.
func inInterval(interval, due, state string, now time.Time) bool {
	day, err := time.Parse(time.DateOnly, due)
	if err != nil {
		return false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	within := func(from time.Time, days int) bool { return !day.Before(from) && day.Before(from.AddDate(0, 0, days)) }
	switch interval {
	case "overdue":
		return state == "scheduled" && day.Before(today)
	case "today":
		return day.Equal(today)
	case "tomorrow":
		return day.Equal(today.AddDate(0, 0, 1))
	case "this_week":
		return within(monday, 7)
	case "next_week":
		return within(monday.AddDate(0, 0, 7), 7)
	}
	return false
}

// listTasks is GET /v2/tasks.
func (s *Server) listTasks(c *call) reply {
	interval := strings.ToLower(c.q.Get("time_interval_filter"))
	if interval != "" && !slices.Contains(taskIntervals, interval) {
		errs := fieldErrors{}
		errs.add("time_interval_filter", "must be one of: "+strings.Join(taskIntervals, ", "))
		return *errs.reply()
	}
	var rows []map[string]any
	for _, t := range s.tasks.all() {
		due, _ := t.f["due_date"].(string)
		state, _ := t.f["current_state"].(string)
		if interval != "" && !inInterval(interval, due, state, s.now) {
			continue
		}
		row := t.render(s)
		if p, ok := s.people.rows[t.personID]; ok {
			row["account_id"], row["locale"] = p.accountID, textOrNil(p.text["locale"])
		}
		rows = append(rows, row)
	}
	rep := s.list(c, rows, tasksList)
	for _, row := range rows {
		delete(row, "account_id")
		delete(row, "locale")
	}
	return rep
}

// getTask is GET /v2/tasks/{id}.
func (s *Server) getTask(c *call) reply {
	return fetch(&s.tasks, c.id, func(t *task) map[string]any { return t.render(s) })
}

// createTask is POST /v2/tasks: subject, person_id, user_id, task_type, due_date and
// current_state (only "scheduled") are required (SPEC). An idempotency_key already used
// answers the task it created.
func (s *Server) createTask(c *call) reply {
	errs := fieldErrors{}
	t := &task{doc: doc{f: map[string]any{"description": nil, "due_at": nil, "remind_at": nil, "expires_after": nil,
		"source": "salesloft.api", "custom_attributes": map[string]any{}, "idempotency_key": nil}}, creatorID: c.user}
	if !c.in.has("subject") {
		errs.add("subject", "can't be blank")
	}
	applyStrings(t.f, c.in, []string{"subject", "description", "idempotency_key"}, errs)
	t.personID = liveID(c.in, "person_id", &s.people, true, errs)
	t.userID = s.userRef(c.in, "user_id", true, errs)
	t.f["task_type"] = oneOf(c.in, "task_type", taskTypes, true, errs)
	t.f["current_state"] = oneOf(c.in, "current_state", taskCreateStates, true, errs)
	t.f["due_date"] = dateField(c.in, "due_date", true, errs)
	t.f["remind_at"] = stampField(c.in, "remind_at", errs)
	if key, _ := t.f["idempotency_key"].(string); key != "" && len(errs) == 0 {
		for _, other := range s.tasks.all() {
			if other.f["idempotency_key"] == key {
				return data(other.render(s))
			}
		}
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.tasks.insert(func(id int) *task {
		t.id, t.created, t.updated = id, s.now, s.now
		return t
	})
	body := rec.render(s)
	s.emitLocked("task_created", body, c.k)
	return data(body)
}

// updateTask is PUT /v2/tasks/{id}: subject, description, current_state (completing a
// task stamps completed_at and completed_by), due_date and remind_at.
func (s *Server) updateTask(c *call) reply {
	t, ok := s.tasks.get(c.id)
	if !ok {
		return notFound()
	}
	errs := fieldErrors{}
	next := *t
	next.f = cloneAny(t.f)
	applyStrings(next.f, c.in, []string{"subject", "description"}, errs)
	if _, given := c.in["subject"]; given && next.f["subject"] == nil {
		errs.add("subject", "can't be blank")
	}
	if st := oneOf(c.in, "current_state", taskStates, false, errs); st != "" {
		next.f["current_state"] = st
	}
	if _, given := c.in["due_date"]; given {
		next.f["due_date"] = dateField(c.in, "due_date", true, errs)
	}
	if _, given := c.in["remind_at"]; given {
		next.f["remind_at"] = stampField(c.in, "remind_at", errs)
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	return s.saveTaskLocked(t, next, c)
}

// saveTaskLocked stores next over t, stamping completion, and emits task_updated, plus
// task_completed when the task has just been completed.
func (s *Server) saveTaskLocked(t *task, next task, c *call) reply {
	completing := next.f["current_state"] == "completed" && t.f["current_state"] != "completed"
	if completing {
		next.completed, next.completerID = s.now, c.user
	}
	if next.f["current_state"] == "scheduled" {
		next.completed, next.completerID = time.Time{}, 0
	}
	next.updated = s.now
	*t = next
	body := t.render(s)
	s.emitLocked("task_updated", body, c.k)
	if completing {
		s.emitLocked("task_completed", body, c.k)
	}
	return data(body)
}

// userRef reads key as the id of a user of the team.
func (s *Server) userRef(in fields, key string, required bool, errs fieldErrors) int {
	id, present, ok := in.integer(key)
	switch {
	case !present:
		if required {
			errs.add(key, "can't be blank")
		}
		return 0
	case !ok || s.userLocked(id) == nil:
		errs.add(key, "is invalid")
		return 0
	}
	return id
}

// dateField reads key as a YYYY-MM-DD date.
func dateField(in fields, key string, required bool, errs fieldErrors) any {
	v, present, ok := in.str(key)
	if !present || v == "" {
		if required {
			errs.add(key, "can't be blank")
		}
		return nil
	}
	if _, err := time.Parse(time.DateOnly, v); !ok || err != nil {
		errs.add(key, "is invalid")
		return nil
	}
	return v
}

// stampField reads key as an ISO 8601 timestamp and renders it in SalesLoft's form.
func stampField(in fields, key string, errs fieldErrors) any {
	v, present, ok := in.str(key)
	if !present || v == "" {
		return nil
	}
	t, parsed := parseStamp(v)
	if !ok || !parsed {
		errs.add(key, "is invalid")
		return nil
	}
	return stamp(t)
}

// cloneAny copies a field map.
func cloneAny(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
