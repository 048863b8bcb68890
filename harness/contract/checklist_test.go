package contract

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/sim"
)

func TestLoadChecklist(t *testing.T) {
	cl, err := LoadChecklist()
	if err != nil {
		t.Fatal(err)
	}
	if cl.Version != "1.0.0" {
		t.Errorf("Version = %q, want 1.0.0", cl.Version)
	}
	wantIDs := []string{
		"AUTH-CODE-EXCHANGE", "AUTH-CODE-SINGLE-USE", "AUTH-REFRESH-ROTATION", "AUTH-REFRESH-EARLY",
		"AUTH-REFRESH-ON-401", "AUTH-REFRESH-SINGLE-FLIGHT", "AUTH-CC-TOKEN", "AUTH-CC-INVALID-CLIENT",
		"AUTH-API-KEY", "AUTH-SCOPE", "AUTH-PARITY", "ME-IDENTITY", "ME-UNAUTHENTICATED", "ERR-404",
		"ERR-422-FIELDS", "ERR-429-BACKOFF", "ERR-5XX-RETRY", "RATE-HEADERS", "RATE-COST-UNCHANGED",
		"RATE-DEEP-PAGE", "PAGE-FOLLOW", "CAD-EXPORT", "CAD-IMPORT", "CAD-ROUNDTRIP", "CAD-IMPORT-INVALID",
		"HOOK-SUBSCRIBE", "HOOK-SIGNATURE", "HOOK-RETRY", "MIG-FIELDS-CONSUMED", "MIG-ENDPOINT-AUDIT",
		"REC-TASKS", "REC-NOTES", "REC-CUSTOM-FIELDS", "REC-PERSON-UPSERT", "REC-STEPS-TAGS", "REC-CALLS",
	}
	var ids []string
	prefixArea := map[string]string{"AUTH": "oauth", "ME": "me", "ERR": "errors", "RATE": "ratelimit",
		"PAGE": "paging", "CAD": "cadence", "HOOK": "webhooks", "MIG": "migration", "REC": "records"}
	for _, it := range cl.Items {
		ids = append(ids, it.ID)
		if it.Title == "" || it.Source == "" || it.Description == "" {
			t.Errorf("%s: title, source and description must be filled in", it.ID)
		}
		if want := prefixArea[strings.SplitN(it.ID, "-", 2)[0]]; it.Area != want {
			t.Errorf("%s: area %q, want %q", it.ID, it.Area, want)
		}
		if !strings.Contains(it.Description, string(it.Level)) {
			t.Errorf("%s: a %s item's description must say %s", it.ID, it.Level, it.Level)
		}
		if it.Fault != "" {
			if _, err := sim.ParseFault(it.Fault); err != nil {
				t.Errorf("%s: fault %q: %v", it.ID, it.Fault, err)
			}
		}
		if it.Fault == "" && it.Note == "" {
			t.Errorf("%s: no fault and no note", it.ID)
		}
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("item IDs = %v\nwant %v", ids, wantIDs)
	}
	audit, ok := cl.Item("MIG-ENDPOINT-AUDIT")
	if !ok || audit.Level != LevelMust || audit.Area != "migration" ||
		audit.Source != "guide: SalesLoft Upgrade & Migration, Migration Checklist: audit all endpoints used" {
		t.Errorf("MIG-ENDPOINT-AUDIT = %+v", audit)
	}
	if _, ok := cl.Item("NOPE-1"); ok {
		t.Error("Item found an unknown ID")
	}
}

func TestParseChecklistRejects(t *testing.T) {
	const good = "  - id: A-ONE\n    title: t\n    level: MUST\n    area: oauth\n    source: s\n    fault: slow\n    description: It MUST.\n"
	tests := []struct {
		name, data, want string
		line             int
	}{
		{"broken YAML", "version: \"1\"\nitems: [\n", "invalid YAML", 2},
		{"unknown field", "version: \"1\"\nitems:\n  - id: A-ONE\n    colour: red\n", "colour", 4},
		{"no version", "items:\n" + good, "no version", 0},
		{"no items", "version: \"1\"\n", "no items", 0},
		{"duplicate id", "version: \"1\"\nitems:\n" + good + good, "used twice", 10},
		{"bad id", "version: \"1\"\nitems:\n" + strings.Replace(good, "A-ONE", "a one", 1), "upper-case", 3},
		{"bad level", "version: \"1\"\nitems:\n" + strings.Replace(good, "MUST", "MAY", 1), "MUST or SHOULD", 3},
		{"bad area", "version: \"1\"\nitems:\n" + strings.Replace(good, "oauth", "billing", 1), "area", 3},
		{"no title", "version: \"1\"\nitems:\n" + strings.Replace(good, "title: t", "title: \"\"", 1), "required", 3},
		{"no fault, no note", "version: \"1\"\nitems:\n" + strings.Replace(good, "fault: slow", "fault: \"\"", 1), "note", 3},
		{"bad fault", "version: \"1\"\nitems:\n" + strings.Replace(good, "fault: slow", "fault: Slow Down", 1), "fault", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseChecklist([]byte(tt.data), "my-checklist.yaml")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.Source != "my-checklist.yaml" || pe.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q (line %d), want source my-checklist.yaml, line %d, mention of %q", err, pe.Line, tt.line, tt.want)
			}
		})
	}
}
