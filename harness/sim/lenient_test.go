package sim

import (
	"net/http"
	"reflect"
	"testing"
)

// wantRecord fetches path and returns its data object, failing unless it answers 200.
func wantRecord(t *testing.T, h *harness, path string) map[string]any {
	t.Helper()
	r := h.api("GET", path, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	return dataOf(t, r)
}

// refID is the id of an embedded reference, or nil for a null one.
func refID(v any) any {
	if m, ok := v.(map[string]any); ok {
		return m["id"]
	}
	return nil
}

// importWith returns a valid import changed by edit.
func importWith(t *testing.T, edit func(m map[string]any)) map[string]any {
	t.Helper()
	m := validImport(t)
	edit(m)
	return m
}

// lenientCadence checks the cadence created by an accepted import and returns its export.
func lenientCadence(t *testing.T, h *harness, rec map[string]any) map[string]any {
	t.Helper()
	id := jsonNumber(refID(rec["cadence"]))
	if _, ok := wantRecord(t, h, "/v2/cadences/"+id)["name"].(string); !ok {
		t.Errorf("cadence %s name is not a string", id)
	}
	if n := len(listOf(t, h.api("GET", "/v2/cadences?sort_by=name", nil))); n != 3 {
		t.Errorf("%d cadences listed, want 3", n)
	}
	return wantRecord(t, h, "/v2/cadence_exports/"+id)["cadence_content"].(map[string]any)
}

func TestLenientValidation(t *testing.T) {
	tests := []struct {
		name, path string
		body       func(t *testing.T) any
		field      string // named by the 422 without the fault
		check      func(t *testing.T, h *harness, rec map[string]any)
	}{
		{"person without email or phone", "/v2/people", func(*testing.T) any { return map[string]any{"first_name": "Ann"} },
			"email_address", func(t *testing.T, h *harness, rec map[string]any) {
				p := wantRecord(t, h, "/v2/people/"+jsonNumber(rec["id"]))
				if p["email_address"] != nil || p["display_name"] != "Ann" || refID(p["owner"]) != float64(1) {
					t.Errorf("person %v", p)
				}
				if n := len(listOf(t, h.api("GET", "/v2/people?per_page=100", nil))); n != 61 {
					t.Errorf("%d people listed, want 61", n)
				}
			}},
		{"person with phone but no last_name", "/v2/people", func(*testing.T) any { return map[string]any{"phone": "+1-555-0199"} },
			"last_name", func(t *testing.T, h *harness, rec map[string]any) {
				if p := wantRecord(t, h, "/v2/people/"+jsonNumber(rec["id"])); p["phone"] != "+1-555-0199" || p["last_name"] != nil {
					t.Errorf("person %v", p)
				}
			}},
		{"person with invalid values", "/v2/people", func(*testing.T) any {
			return map[string]any{"email_address": "nope", "account_id": 999, "owner_id": 999, "do_not_contact": "maybe", "tags": 5}
		}, "account_id", func(t *testing.T, h *harness, rec map[string]any) {
			p := wantRecord(t, h, "/v2/people/"+jsonNumber(rec["id"]))
			if p["email_address"] != "nope" || p["account"] != nil || refID(p["owner"]) != float64(1) ||
				p["do_not_contact"] != false || !reflect.DeepEqual(p["tags"], []any{}) {
				t.Errorf("person %v", p)
			}
		}},
		{"account without name or domain", "/v2/accounts", func(*testing.T) any { return map[string]any{"industry": "Toys"} },
			"name", func(t *testing.T, h *harness, rec map[string]any) {
				a := wantRecord(t, h, "/v2/accounts/"+jsonNumber(rec["id"]))
				if a["name"] != "" || a["domain"] != nil || a["industry"] != "Toys" {
					t.Errorf("account %v", a)
				}
				if n := len(listOf(t, h.api("GET", "/v2/accounts?sort_by=name", nil))); n != 6 {
					t.Errorf("%d accounts listed, want 6", n)
				}
			}},
		{"account with unknown owner", "/v2/accounts", func(*testing.T) any {
			return map[string]any{"name": "X", "domain": "x.example.com", "owner_id": 999}
		}, "owner_id", func(t *testing.T, h *harness, rec map[string]any) {
			if a := wantRecord(t, h, "/v2/accounts/"+jsonNumber(rec["id"])); refID(a["owner"]) != float64(1) {
				t.Errorf("account %v", a)
			}
		}},
		{"import without settings", "/v2/cadence_imports", func(t *testing.T) any {
			return importWith(t, func(m map[string]any) { delete(m, "settings"); delete(m, "sharing_settings") })
		}, "settings", func(t *testing.T, h *harness, rec map[string]any) {
			content := lenientCadence(t, h, rec)
			want := map[string]any{"name": "", "cadence_function": "outbound", "target_daily_people": float64(0),
				"remove_replied": false, "remove_bounced": false}
			if !reflect.DeepEqual(content["settings"], want) ||
				!reflect.DeepEqual(content["sharing_settings"], map[string]any{"team_cadence": false, "shared": false}) {
				t.Errorf("export %v", content)
			}
			if cd := wantRecord(t, h, "/v2/cadences/3"); cd["name"] != "" || cd["cadence_function"] != "outbound" {
				t.Errorf("cadence %v", cd)
			}
		}},
		{"import with a bad cadence_function", "/v2/cadence_imports", func(t *testing.T) any {
			return importWith(t, func(m map[string]any) { at(m, "settings")["cadence_function"] = "sideways" })
		}, "settings.cadence_function", func(t *testing.T, h *harness, rec map[string]any) {
			lenientCadence(t, h, rec)
			if cd := wantRecord(t, h, "/v2/cadences/3"); cd["cadence_function"] != "sideways" || cd["name"] != "Imported" {
				t.Errorf("cadence %v", cd)
			}
		}},
		{"import with a bad step type and step fields", "/v2/cadence_imports", func(t *testing.T) any {
			return importWith(t, func(m map[string]any) {
				g := at(m, "cadence_content", "step_groups", 1)
				g["day"] = "soon"
				st := at(g, "steps", 0)
				st["type"] = "Fax"
				delete(st, "name")
				st["enabled"] = "yes"
			})
		}, "cadence_content.step_groups[1].steps[0].type", func(t *testing.T, h *harness, rec map[string]any) {
			content := lenientCadence(t, h, rec)
			g := at(content, "step_groups", 1)
			st := at(g, "steps", 0)
			if g["day"] != float64(0) || st["type"] != "Fax" || st["name"] != "" || st["enabled"] != false {
				t.Errorf("step group %v", g)
			}
		}},
		{"import with values of the wrong type", "/v2/cadence_imports", func(t *testing.T) any {
			return importWith(t, func(m map[string]any) {
				m["settings"], m["sharing_settings"] = "x", 7
				at(m, "cadence_content")["step_groups"] = "y"
			})
		}, "settings", func(t *testing.T, h *harness, rec map[string]any) {
			content := lenientCadence(t, h, rec)
			if at(content, "settings")["name"] != "" || !reflect.DeepEqual(content["step_groups"], []any{}) ||
				at(content, "sharing_settings")["shared"] != false {
				t.Errorf("export %v", content)
			}
		}},
		{"import onto an unknown cadence", "/v2/cadence_imports", func(t *testing.T) any {
			return importWith(t, func(m map[string]any) { at(m, "cadence_content")["cadence_id"] = 99 })
		}, "cadence_content.cadence_id", func(t *testing.T, h *harness, rec map[string]any) {
			if refID(rec["cadence"]) != float64(3) {
				t.Errorf("import answered %v, want a new cadence 3", rec)
			}
			lenientCadence(t, h, rec)
		}},
		{"subscription without fields", "/v2/webhook_subscriptions", func(*testing.T) any { return map[string]any{} },
			"callback_token", func(t *testing.T, h *harness, rec map[string]any) {
				sub := wantRecord(t, h, "/v2/webhook_subscriptions/"+jsonNumber(rec["id"]))
				if sub["callback_url"] != "" || sub["callback_token"] != "" || sub["event_type"] != "" || sub["enabled"] != true {
					t.Errorf("subscription %v", sub)
				}
				if n := len(listOf(t, h.api("GET", "/v2/webhook_subscriptions", nil))); n != 1 {
					t.Errorf("%d subscriptions listed, want 1", n)
				}
			}},
		{"subscription with invalid values", "/v2/webhook_subscriptions", func(*testing.T) any {
			return map[string]any{"callback_url": "ftp://x", "callback_token": "t", "event_type": "nope", "enabled": "maybe"}
		}, "event_type", func(t *testing.T, h *harness, rec map[string]any) {
			sub := wantRecord(t, h, "/v2/webhook_subscriptions/"+jsonNumber(rec["id"]))
			if sub["callback_url"] != "ftp://x" || sub["event_type"] != "nope" || sub["enabled"] != true {
				t.Errorf("subscription %v", sub)
			}
		}},
		{"membership without person or cadence", "/v2/cadence_memberships", func(*testing.T) any { return map[string]any{} },
			"person_id", func(t *testing.T, h *harness, rec map[string]any) {
				ms := wantRecord(t, h, "/v2/cadence_memberships/"+jsonNumber(rec["id"]))
				if ms["person"] != nil || ms["cadence"] != nil || refID(ms["user"]) != float64(1) || ms["currently_on_cadence"] != true {
					t.Errorf("membership %v", ms)
				}
				if r := h.api("POST", "/v2/cadence_memberships", map[string]any{}); r.status != http.StatusUnprocessableEntity {
					t.Errorf("second empty membership: %d, want 422 once the count is used", r.status)
				}
			}},
		{"membership with an unknown person", "/v2/cadence_memberships", func(*testing.T) any {
			return map[string]any{"person_id": 999, "cadence_id": 1, "user_id": 999}
		}, "person_id", func(t *testing.T, h *harness, rec map[string]any) {
			ms := wantRecord(t, h, "/v2/cadence_memberships/"+jsonNumber(rec["id"]))
			if ms["person"] != nil || refID(ms["cadence"]) != float64(1) || refID(ms["user"]) != float64(1) {
				t.Errorf("membership %v", ms)
			}
			wantRecord(t, h, "/v2/cadences/1")
		}},
		{"membership on a cadence the user does not own", "/v2/cadence_memberships", func(*testing.T) any {
			return map[string]any{"person_id": 11, "cadence_id": 2, "user_id": 2}
		}, "cadence_id", func(t *testing.T, h *harness, rec map[string]any) {
			ms := wantRecord(t, h, "/v2/cadence_memberships/"+jsonNumber(rec["id"]))
			if refID(ms["person"]) != float64(11) || refID(ms["cadence"]) != float64(2) || refID(ms["user"]) != float64(2) {
				t.Errorf("membership %v", ms)
			}
			if p := wantRecord(t, h, "/v2/people/11"); refID(p["most_recent_cadence"]) != float64(2) {
				t.Errorf("person 11 not shown on cadence 2: %v", p["cadences"])
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			wantFieldNamed(t, h.api("POST", tc.path, tc.body(t)), tc.field)
			h.fault(map[string]any{"fault": "lenient_validation", "operation": "POST " + tc.path, "count": 1})
			r := h.api("POST", tc.path, tc.body(t))
			if r.status != http.StatusOK {
				t.Fatalf("with the fault: %d %s", r.status, r.body)
			}
			tc.check(t, h, dataOf(t, r))
			if r := h.api("POST", tc.path, tc.body(t)); r.status != http.StatusUnprocessableEntity {
				t.Errorf("after the count: %d %s, want 422", r.status, r.body)
			}
		})
	}
}

// wantFieldNamed checks that r is a 422 naming field.
func wantFieldNamed(t *testing.T, r resp, field string) {
	t.Helper()
	errs, _ := r.json(t)["errors"].(map[string]any)
	if r.status != http.StatusUnprocessableEntity || errs[field] == nil {
		t.Fatalf("status %d, want 422 naming %s: %s", r.status, field, r.body)
	}
}

func TestLenientValidationStillRefuses(t *testing.T) {
	lenient := map[string]any{"fault": "lenient_validation"}
	tests := []struct {
		name   string
		faults []map[string]any
		setup  func(t *testing.T, h *harness)
		method string
		path   string
		body   any
		field  string // a field the 422 names
		msg    string
		absent string // a field the 422 must not name (forgiven); "" = none
	}{
		{"taken email", []map[string]any{lenient}, nil, "POST", "/v2/people",
			map[string]any{"email_address": "person01@example.com", "owner_id": 999}, "email_address", msgTaken, "owner_id"},
		{"taken domain", []map[string]any{lenient}, nil, "POST", "/v2/accounts",
			map[string]any{"domain": "ACME.example.com"}, "domain", msgTaken, "name"},
		{"person already on the cadence", []map[string]any{lenient}, func(t *testing.T, h *harness) {
			if r := h.api("POST", "/v2/cadence_memberships", map[string]any{"person_id": 20, "cadence_id": 1}); r.status != http.StatusOK {
				t.Fatalf("first add: %d %s", r.status, r.body)
			}
		}, "POST", "/v2/cadence_memberships", map[string]any{"person_id": 20, "cadence_id": 1, "user_id": 999},
			"cadence_id", msgInProgress, "user_id"},
		{"steps onto a cadence that has steps", []map[string]any{lenient}, nil, "POST", "/v2/cadence_imports",
			map[string]any{"cadence_content": map[string]any{"cadence_id": 1, "step_groups": "x"}},
			"cadence_content.cadence_id", msgHasSteps, "cadence_content.step_groups"},
		{"require_field", []map[string]any{lenient, {"fault": "require_field", "value": "title"}}, nil, "POST", "/v2/people",
			map[string]any{}, "title", "can't be blank", "email_address"},
		{"update", []map[string]any{lenient}, nil, "PUT", "/v2/accounts/1", map[string]any{"name": ""}, "name", "can't be blank", ""},
		{"other operation", []map[string]any{{"fault": "lenient_validation", "operation": "POST /v2/accounts"}}, nil,
			"POST", "/v2/people", map[string]any{}, "email_address", "can't be blank", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{})
			if tc.setup != nil {
				tc.setup(t, h)
			}
			for _, f := range tc.faults {
				h.fault(f)
			}
			r := h.api(tc.method, tc.path, tc.body)
			wantFieldError(t, r, tc.field, tc.msg)
			if errs, _ := r.json(t)["errors"].(map[string]any); tc.absent != "" && errs[tc.absent] != nil {
				t.Errorf("forgiven field %s still named: %s", tc.absent, r.body)
			}
		})
	}
}

func TestLenientValidationCountsOnlyForgivenRequests(t *testing.T) {
	h := newHarness(t, Options{})
	h.fault(map[string]any{"fault": "lenient_validation", "count": 1})
	valid := map[string]any{"name": "Valid", "domain": "valid.example.com"}
	if r := h.api("POST", "/v2/accounts", valid); r.status != http.StatusOK {
		t.Fatalf("valid create: %d %s", r.status, r.body)
	}
	wantFieldError(t, h.api("POST", "/v2/accounts", map[string]any{"domain": "valid.example.com"}), "domain", msgTaken)
	if r := h.api("POST", "/v2/people", map[string]any{}); r.status != http.StatusOK {
		t.Fatalf("first invalid create: %d %s, want the fault still unused", r.status, r.body)
	}
	wantFieldError(t, h.api("POST", "/v2/accounts", map[string]any{}), "name", "can't be blank")
}

func TestLenientValidationRunWide(t *testing.T) {
	f, err := ParseFault("lenient_validation@POST /v2/webhook_subscriptions")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Faults: []Fault{f}})
	if r := h.do("DELETE", "/_sim/faults", nil); r.status != http.StatusNoContent {
		t.Fatalf("clear: %d", r.status)
	}
	for i := 0; i < 2; i++ {
		if r := h.api("POST", "/v2/webhook_subscriptions", map[string]any{}); r.status != http.StatusOK {
			t.Fatalf("create #%d: %d %s", i+1, r.status, r.body)
		}
	}
}
