package migration

import (
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/wire"
)

func TestCheckFields(t *testing.T) {
	me := `{"data": {"id": 1, "guid": "g-1", "email": "sim.user@example.com", "ratio": 0.5, "team": {"id": 1}, "phone": null}}`
	people := `{"data": [{"id": 1, "email_address": "a@example.com"}, {"id": 2, "email_address": null}, {"id": 3}]}`
	tests := []struct {
		name   string
		body   string
		fields []config.Field
		want   []string
	}{
		{name: "all present", body: me, fields: []config.Field{
			{Path: "data.id", Type: "integer"}, {Path: "data.guid", Type: "string"}, {Path: "data.team.id", Type: "integer"},
			{Path: "data.ratio", Type: "number"}, {Path: "data.id", Type: "number"}, {Path: "data.team", Type: "object"},
			{Path: "data.phone", Type: "string?"}}},
		{name: "missing field", body: me, fields: []config.Field{{Path: "data.name", Type: "string"}},
			want: []string{"data.name: missing"}},
		{name: "wrong type", body: me, fields: []config.Field{{Path: "data.id", Type: "string"}},
			want: []string{"data.id: an integer, want string"}},
		{name: "fraction is not an integer", body: me, fields: []config.Field{{Path: "data.ratio", Type: "integer"}},
			want: []string{"data.ratio: a number, want integer"}},
		{name: "null not declared nullable", body: me, fields: []config.Field{{Path: "data.phone", Type: "string"}},
			want: []string{"data.phone: null, want string (declare string? if it may be null)"}},
		{name: "parent not an object", body: me, fields: []config.Field{{Path: "data.email.domain", Type: "string"}},
			want: []string{"data.email.domain: missing (data.email is a string)"}},
		{name: "every list element", body: people, fields: []config.Field{{Path: "data[].id", Type: "integer"}, {Path: "data[].email_address", Type: "string?"}},
			want: []string{"data[].email_address: missing in 1 of 3 elements, first data[2].email_address"}},
		{name: "list elements summed up per problem", body: people, fields: []config.Field{{Path: "data[].email_address", Type: "string"}},
			want: []string{"data[].email_address: null, want string (declare string? if it may be null) in 1 of 3 elements, first data[1].email_address",
				"data[].email_address: missing in 1 of 3 elements, first data[2].email_address"}},
		{name: "not a list", body: me, fields: []config.Field{{Path: "data[].id", Type: "integer"}},
			want: []string{"data[].id: data is an object, want an array"}},
		{name: "empty list has nothing to check", body: `{"data": []}`, fields: []config.Field{{Path: "data[].id", Type: "integer"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := wire.DecodeJSON([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			got := checkFields(body, tt.fields)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("checkFields:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	decode := func(s string) any {
		v, err := wire.DecodeJSON([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	me := `{"data": {"id": 1, "guid": "g-1", "email": "a@example.com", "name": "A"}}`
	if got := compareIdentity(decode(me), decode(me)); len(got) != 0 {
		t.Errorf("same user: got %q", got)
	}
	other := `{"data": {"id": 1, "guid": "g-1", "email": "b@example.com", "name": "A"}}`
	if got := compareIdentity(decode(me), decode(other)); len(got) != 1 || !strings.Contains(got[0], `data.email: API key "a@example.com", OAuth "b@example.com"`) {
		t.Errorf("other email: got %q", got)
	}

	list := `{"data": [{"id": 1, "name": "x", "tags": ["a"]}, {"id": 2, "name": "y"}]}`
	if got := compareRecords(decode(list), decode(list)); len(got) != 0 {
		t.Errorf("same records: got %q", got)
	}
	tests := []struct{ other, want string }{
		{`{"data": [{"id": 1, "name": "x", "tags": ["a"]}]}`, "data: API key returns ids [1 2], OAuth [1]"},
		{`{"data": [{"id": 1, "name": "z", "tags": ["a"]}, {"id": 2, "name": "y"}]}`, `data[id=1].name: API key "x", OAuth "z"`},
		{`{"data": [{"id": 1, "name": "x", "tags": ["b"]}, {"id": 2, "name": "y"}]}`, `data[id=1].tags[0]: API key "a", OAuth "b"`},
		{`{"data": [{"id": 1, "name": "x", "tags": ["a"]}, {"id": 2}]}`, `data[id=2].name: only API key has it: "y"`},
		{`{"data": [{"id": 1, "name": "x", "tags": ["a"]}, {"id": 2, "name": "y", "extra": 1}]}`, `data[id=2].extra: only OAuth has it: 1`},
	}
	for _, tt := range tests {
		got := compareRecords(decode(list), decode(tt.other))
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("compareRecords with %s:\n got %q\nwant %q", tt.other, got, tt.want)
		}
	}
}

func TestParseOperation(t *testing.T) {
	op, err := parseOperation("get /v2/people/{id}.json")
	if err != nil || op.method != "GET" || op.path != "/v2/people/{id}" {
		t.Errorf("parseOperation = %+v, %v", op, err)
	}
	for _, bad := range []string{"", "GET", "/v2/me", "GET v2/me"} {
		if _, err := parseOperation(bad); err == nil {
			t.Errorf("parseOperation(%q) = nil error", bad)
		}
	}
}
