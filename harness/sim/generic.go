package sim

import (
	"fmt"
	"strings"
	"time"
)

// genShape is what a generic operation answers.
type genShape int

const (
	genPaged  genShape = iota // a paged list: {data, metadata.paging}
	genLoose                  // a list paged only when `page` is given (no paging otherwise)
	genRecord                 // one record: {data}
	genDelete                 // 204, repeatable; 404 for an id that never existed
)

// genericOp is one catalog operation that the contract describes to its envelope only
// (`x-depth: envelope`) and the simulator answers from one generic, table-driven store:
// lists filter by ids and updated_at/created_at ranges and sort by the contract's sort_by
// vocabulary; GET by id answers the record or 404; POST creates a record from the body's
// fields; PUT merges them; DELETE removes. Every answer carries the rate headers and is
// charged like any other operation.
type genericOp struct {
	method, pattern, scope string
	shape                  genShape
	// collection is the store the operation reads or writes; "{id}" in it is the parent's id
	// (bulk_jobs/{id}/job_data keeps one collection per job).
	collection string
	// status is the success status (200, 201 for the creates SalesLoft documents so, 204).
	status int
	// defaultSort and sorts are the list's sort_by default and vocabulary, as the contract
	// lists them; a list without sort_by sorts by id.
	defaultSort string
	sorts       []string
}

// genericOps are the envelope-depth operations of contracts/catalog.yaml. The simulator may
// not import the contract (DESIGN.md "Independence"), so the table is its own; the
// conformance walk (harness/sim/conformance) checks every row against the contract.
var genericOps = []genericOp{
	{"GET", "/v2/account_tiers", "accounts:read", genPaged, "/v2/account_tiers", 200, "updated_at", []string{"created_at", "updated_at", "order"}},
	{"GET", "/v2/account_tiers/{id}", "accounts:read", genRecord, "/v2/account_tiers", 200, "", nil},
	{"POST", "/v2/account_upserts", "accounts:write", genRecord, "/v2/account_upserts", 200, "", nil},
	{"GET", "/v2/action_details/call_instructions", "cadences:read", genPaged, "/v2/action_details/call_instructions", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/action_details/call_instructions/{id}", "cadences:read", genRecord, "/v2/action_details/call_instructions", 200, "", nil},
	{"GET", "/v2/actions", "cadences:read", genPaged, "/v2/actions", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/actions/{id}", "cadences:read", genRecord, "/v2/actions", 200, "", nil},
	{"GET", "/v2/activities/emails", "emails:read", genPaged, "/v2/activities/emails", 200, "updated_at", []string{"updated_at", "send_time"}},
	{"GET", "/v2/activities/emails/{id}", "emails:read", genRecord, "/v2/activities/emails", 200, "", nil},
	{"GET", "/v2/activity_histories", "activities:read", genPaged, "/v2/activity_histories", 200, "occurred_at", []string{"occurred_at", "updated_at"}},
	{"GET", "/v2/bulk_jobs", "people:read", genLoose, "/v2/bulk_jobs", 200, "", nil},
	{"POST", "/v2/bulk_jobs", "people:write", genRecord, "/v2/bulk_jobs", 200, "", nil},
	{"GET", "/v2/bulk_jobs/{id}", "people:read", genRecord, "/v2/bulk_jobs", 200, "", nil},
	{"PUT", "/v2/bulk_jobs/{id}", "people:write", genRecord, "/v2/bulk_jobs", 200, "", nil},
	{"GET", "/v2/bulk_jobs/{id}/job_data", "people:read", genLoose, "/v2/bulk_jobs/{id}/job_data", 200, "", nil},
	{"POST", "/v2/bulk_jobs/{id}/job_data", "people:write", genRecord, "/v2/bulk_jobs/{id}/job_data", 200, "", nil},
	{"GET", "/v2/bulk_jobs/{id}/results", "people:read", genLoose, "/v2/bulk_jobs/{id}/results", 200, "", nil},
	{"GET", "/v2/calendar/events", "meetings:read", genPaged, "/v2/calendar/events", 200, "start_time", []string{"start_time"}},
	{"POST", "/v2/calendar/events/upsert", "meetings:write", genRecord, "/v2/calendar/events", 201, "", nil},
	{"GET", "/v2/call_data_records", "calls:read", genPaged, "/v2/call_data_records", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/call_data_records/{id}", "calls:read", genRecord, "/v2/call_data_records", 200, "", nil},
	{"GET", "/v2/call_dispositions", "calls:read", genPaged, "/v2/call_dispositions", 200, "name", []string{"name", "updated_at"}},
	{"GET", "/v2/call_sentiments", "calls:read", genPaged, "/v2/call_sentiments", 200, "name", []string{"name", "updated_at"}},
	{"POST", "/v2/conversations/calls", "calls:write", genRecord, "/v2/conversations/calls", 201, "", nil},
	{"GET", "/v2/crm_activities", "crm:read", genPaged, "/v2/crm_activities", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/crm_activities/{id}", "crm:read", genRecord, "/v2/crm_activities", 200, "", nil},
	{"GET", "/v2/crm_activity_fields", "crm:read", genPaged, "/v2/crm_activity_fields", 200, "title", []string{"title", "updated_at"}},
	{"GET", "/v2/crm_users", "crm:read", genPaged, "/v2/crm_users", 200, "id", []string{"id", "updated_at"}},
	{"GET", "/v2/custom_roles", "team:read", genPaged, "/v2/custom_roles", 200, "id", []string{"id", "name"}},
	{"GET", "/v2/custom_roles/{id}", "team:read", genRecord, "/v2/custom_roles", 200, "", nil},
	{"GET", "/v2/email_template_attachments", "emails:read", genPaged, "/v2/email_template_attachments", 200, "", nil},
	{"GET", "/v2/email_templates", "emails:read", genPaged, "/v2/email_templates", 200, "updated_at", []string{"created_at", "updated_at", "last_used_at"}},
	{"GET", "/v2/email_templates/{id}", "emails:read", genRecord, "/v2/email_templates", 200, "", nil},
	{"POST", "/v2/external_emails", "emails:write", genRecord, "/v2/external_emails", 201, "", nil},
	{"GET", "/v2/groups", "team:read", genLoose, "/v2/groups", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/groups/{id}", "team:read", genRecord, "/v2/groups", 200, "", nil},
	{"GET", "/v2/imports", "people:read", genPaged, "/v2/imports", 200, "created_at", []string{"created_at", "updated_at"}},
	{"POST", "/v2/imports", "people:write", genRecord, "/v2/imports", 200, "", nil},
	{"GET", "/v2/imports/{id}", "people:read", genRecord, "/v2/imports", 200, "", nil},
	{"PUT", "/v2/imports/{id}", "people:write", genRecord, "/v2/imports", 200, "", nil},
	{"DELETE", "/v2/imports/{id}", "people:delete", genDelete, "/v2/imports", 204, "", nil},
	{"POST", "/v2/live_website_tracking_parameters", "people:write", genRecord, "/v2/live_website_tracking_parameters", 200, "", nil},
	{"GET", "/v2/meetings", "meetings:read", genPaged, "/v2/meetings", 200, "start_time", []string{"start_time", "created_at", "updated_at"}},
	{"POST", "/v2/meetings/settings/searches", "meetings:write", genRecord, "/v2/meetings/settings/searches", 200, "", nil},
	{"PUT", "/v2/meetings/settings/{id}", "meetings:write", genRecord, "/v2/meetings/settings", 200, "", nil},
	{"PUT", "/v2/meetings/{id}", "meetings:write", genRecord, "/v2/meetings", 200, "", nil},
	{"GET", "/v2/mime_email_payloads/{id}", "emails:read", genRecord, "/v2/mime_email_payloads", 200, "", nil},
	{"POST", "/v2/ongoing_actions", "cadences:write", genRecord, "/v2/ongoing_actions", 200, "", nil},
	{"GET", "/v2/pending_emails", "emails:read", genPaged, "/v2/pending_emails", 200, "", nil},
	{"PUT", "/v2/pending_emails/{id}", "emails:write", genRecord, "/v2/pending_emails", 200, "", nil},
	{"GET", "/v2/phone_number_assignments", "calls:read", genPaged, "/v2/phone_number_assignments", 200, "updated_at", []string{"created_at", "updated_at"}},
	{"GET", "/v2/phone_number_assignments/{id}", "calls:read", genRecord, "/v2/phone_number_assignments", 200, "", nil},
	{"GET", "/v2/phone_numbers/caller_ids", "calls:read", genLoose, "/v2/phone_numbers/caller_ids", 200, "", nil},
	{"GET", "/v2/phone_numbers/recording_settings/{id}", "calls:read", genRecord, "/v2/phone_numbers/recording_settings", 200, "", nil},
	{"GET", "/v2/saved_list_views", "people:read", genPaged, "/v2/saved_list_views", 200, "name", []string{"name"}},
	{"POST", "/v2/saved_list_views", "people:write", genRecord, "/v2/saved_list_views", 200, "", nil},
	{"GET", "/v2/saved_list_views/{id}", "people:read", genRecord, "/v2/saved_list_views", 200, "", nil},
	{"PUT", "/v2/saved_list_views/{id}", "people:write", genRecord, "/v2/saved_list_views", 200, "", nil},
	{"DELETE", "/v2/saved_list_views/{id}", "people:delete", genDelete, "/v2/saved_list_views", 204, "", nil},
	{"GET", "/v2/successes", "activities:read", genPaged, "/v2/successes", 200, "updated_at", []string{"created_at", "updated_at", "succeeded_at"}},
	{"GET", "/v2/team_template_attachments", "emails:read", genPaged, "/v2/team_template_attachments", 200, "", nil},
	{"GET", "/v2/team_templates", "emails:read", genPaged, "/v2/team_templates", 200, "updated_at", []string{"created_at", "updated_at", "last_used_at"}},
	{"GET", "/v2/team_templates/{id}", "emails:read", genRecord, "/v2/team_templates", 200, "", nil},
	{"POST", "/v2/third_party_live_feed_items", "signals:write", genRecord, "/v2/third_party_live_feed_items", 200, "", nil},
}

func init() {
	for i := range genericOps {
		op := &genericOps[i]
		list := op.shape == genPaged || op.shape == genLoose
		routes = append(routes, route{op.method, op.pattern, op.scope, list,
			func(s *Server, c *call) reply { return s.serveGenericLocked(op, c) }})
	}
}

// genericSeedsPerCollection is how many records each generic collection starts with, so a
// client's list-then-fetch finds something, as on a team in use.
const genericSeedsPerCollection = 2

// seedGeneric gives every top-level generic collection its first records. A record holds
// id, timestamps, a name and a value for each sort field of its list.
func (s *Server) seedGeneric(base time.Time) {
	s.generic = map[string]*table[doc]{}
	for _, op := range genericOps {
		if strings.Contains(op.collection, "{id}") || s.generic[op.collection] != nil {
			continue
		}
		t := &table[doc]{}
		s.generic[op.collection] = t
		noun := op.collection[strings.LastIndex(op.collection, "/")+1:]
		for n := 1; n <= genericSeedsPerCollection; n++ {
			at := base.Add(time.Duration(n) * time.Hour)
			t.insert(func(id int) *doc {
				d := &doc{id: id, created: at, updated: at, f: map[string]any{"name": fmt.Sprintf("Seeded %s %d", noun, id)}}
				for _, field := range sortsOf(op.collection) {
					if v := seedValue(field, at, id); v != nil {
						d.f[field] = v
					}
				}
				return d
			})
		}
	}
}

// sortsOf gathers the sort fields of every list of collection.
func sortsOf(collection string) []string {
	var out []string
	for _, op := range genericOps {
		if op.collection == collection {
			out = append(out, op.sorts...)
		}
	}
	return out
}

// seedValue is a plausible value of a sort field: a timestamp for *_at and *_time, a number
// for order, otherwise a string; nil for id and the timestamps every record has already.
func seedValue(field string, at time.Time, id int) any {
	switch {
	case field == "id" || field == "created_at" || field == "updated_at":
		return nil
	case strings.HasSuffix(field, "_at") || strings.HasSuffix(field, "_time"):
		return stamp(at)
	case field == "order":
		return id
	default:
		return fmt.Sprintf("Seeded %s %d", field, id)
	}
}

// genericTableLocked is the store of op for call c, made on first use. For a nested
// collection (bulk_jobs/{id}/job_data) the parent must exist.
func (s *Server) genericTableLocked(op *genericOp, c *call) (*table[doc], bool) {
	key := op.collection
	if strings.Contains(key, "{id}") {
		parent, _, _ := strings.Cut(key, "/{id}")
		if _, ok := s.generic[parent].get(c.id); !ok {
			return nil, false
		}
		key = strings.Replace(key, "{id}", c.id, 1)
	}
	t := s.generic[key]
	if t == nil {
		t = &table[doc]{}
		s.generic[key] = t
	}
	return t, true
}

// serveGenericLocked answers one generic operation (see genericOp).
func (s *Server) serveGenericLocked(op *genericOp, c *call) reply {
	t, ok := s.genericTableLocked(op, c)
	if !ok {
		return notFound()
	}
	switch {
	case op.shape == genPaged || op.shape == genLoose:
		return s.listGeneric(op, c, t)
	case op.shape == genDelete:
		return drop(t, c.id)
	case op.method == "GET":
		return fetch(t, c.id, (*doc).base)
	case op.method == "PUT": // every generic PUT is by id
		d, ok := t.get(c.id)
		if !ok {
			return notFound()
		}
		next := cloneAny(d.f)
		applyAny(next, c.in)
		d.f, d.updated = next, s.now
		return data(d.base())
	default: // a create, upsert or search: a new record from the body's fields
		errs := fieldErrors{}
		f := map[string]any{}
		applyAny(f, c.in)
		if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
			return *rep
		}
		rec := t.insert(func(id int) *doc { return &doc{id: id, created: s.now, updated: s.now, f: f} })
		rep := data(rec.base())
		rep.status = op.status
		return rep
	}
}

// listGeneric lists t with op's sort vocabulary, the ids filter and timestamp ranges.
func (s *Server) listGeneric(op *genericOp, c *call, t *table[doc]) reply {
	spec := listSpec{defaultSort: op.defaultSort, sorts: map[string]string{}, ranges: []string{"updated_at", "created_at"}}
	for _, f := range op.sorts {
		spec.sorts[f] = f
	}
	if len(op.sorts) == 0 {
		spec.defaultSort, spec.sorts["id"] = "id", "id"
	}
	if op.shape == genLoose {
		spec.pagedOnlyWith = "page"
	}
	var rows []map[string]any
	for _, d := range t.all() {
		rows = append(rows, d.base())
	}
	return s.list(c, rows, spec)
}

// applyAny copies every body field but the reserved ones (id and the timestamps) into f, as
// sent (form values arrive as strings).
func applyAny(f map[string]any, in fields) {
	for k, v := range in {
		switch k {
		case "id", "created_at", "updated_at":
			continue
		}
		f[k] = v
	}
}
