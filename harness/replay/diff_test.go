package replay

import (
	"bytes"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

func withCost(in Interaction, cost string) Interaction {
	h := map[string]string{"x-ratelimit-endpoint-cost": cost}
	for k, v := range in.Response.Header {
		h[k] = v
	}
	in.Response.Header = h
	return in
}

func TestDiff(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	match := func(method, path string) (string, bool) {
		op, _, ok := c.Match(method, path)
		return op.Key, ok
	}
	old, err := NewSet([]*File{
		file("me/get me",
			withCost(ix("GET", "/v2/me", "", "", "", 200, `{"data":{"id":1,"email":"a@example.com","name":"x","team":{"id":1}}}`), "1"),
			withCost(ix("GET", "/v2/people", "", "", "", 200, `{"data":[{"id":1,"phone":"1"}]}`), "1"),
			withCost(ix("GET", "/v2/people/7", "", "", "", 200, `{"data":{"id":7}}`), "1"),
		),
		file("oauth/x", ix("POST", "/oauth/token", "", "application/json", `{"grant_type":"client_credentials"}`, 200, `{"access_token":"redacted-access-token-1"}`)),
	})
	if err != nil {
		t.Fatal(err)
	}
	newSet, err := NewSet([]*File{
		file("me/get me",
			withCost(ix("GET", "/v2/me.json", "", "", "", 200, `{"data":{"id":"1","name":"x","nickname":"n","team":{"id":1,"name":"t"}}}`), "2"),
			withCost(ix("GET", "/v2/me", "", "", "", 429, `{"error":"rate"}`), "2"),
			withCost(ix("GET", "/v2/people", "", "", "", 200, `{"data":[{"id":1,"phone":"1","extra":{"a":1}}]}`), "1"),
			withCost(ix("GET", "/v2/people/8", "", "", "", 200, `{"data":{"id":8}}`), "1"),
			withCost(ix("GET", "/v2/team", "", "", "", 200, `{"data":{"id":1}}`), "1"),
		),
	})
	if err != nil {
		t.Fatal(err)
	}
	consumed := map[string][]string{"GET /v2/me": {"data.email", "data.id"}, "POST /oauth/token": {"access_token"}}
	changes := Diff(old, newSet, consumed, match)
	type key struct{ op, kind, path string }
	got := map[key]Change{}
	for _, ch := range changes {
		got[key{ch.Operation, ch.Kind, ch.Path}] = ch
	}
	want := []struct {
		key
		old, new string
		breaking bool
	}{
		{key{"GET /v2/me", ChangeFieldRemoved, "data.email"}, "string", "", true},
		{key{"GET /v2/me", ChangeFieldRetyped, "data.id"}, "integer", "string", true},
		{key{"GET /v2/me", ChangeFieldAdded, "data.nickname"}, "", "string", false},
		{key{"GET /v2/me", ChangeFieldAdded, "data.team.name"}, "", "string", false},
		{key{"GET /v2/me", ChangeStatus, ""}, "200", "200, 429", false},
		{key{"GET /v2/me", ChangeCost, ""}, "1", "2", false},
		{key{"GET /v2/me", ChangeInteractionNew, "me/get me: GET /v2/me (#2)"}, "", "", false}, // /v2/me.json and /v2/me are one request
		{key{"GET /v2/people", ChangeFieldAdded, "data[].extra"}, "", "object", false},
		{key{"GET /v2/people/{id}", ChangeInteractionVanished, "me/get me: GET /v2/people/7"}, "", "", false},
		{key{"GET /v2/people/{id}", ChangeInteractionNew, "me/get me: GET /v2/people/8"}, "", "", false},
		{key{"GET /v2/team", ChangeInteractionNew, "me/get me: GET /v2/team"}, "", "", false},
		{key{"POST /oauth/token", ChangeInteractionVanished, "oauth/x: POST /oauth/token"}, "", "", true},
	}
	for _, w := range want {
		ch, ok := got[w.key]
		if !ok {
			t.Errorf("missing change %+v", w.key)
			continue
		}
		if ch.Old != w.old || ch.New != w.new || ch.Breaking != w.breaking {
			t.Errorf("%+v: got old=%q new=%q breaking=%v; want %q %q %v", w.key, ch.Old, ch.New, ch.Breaking, w.old, w.new, w.breaking)
		}
		delete(got, w.key)
	}
	for k := range got {
		t.Errorf("unexpected change %+v", k)
	}
	if !changes[0].Breaking || !changes[2].Breaking || changes[3].Breaking {
		t.Errorf("breaking changes do not come first: %+v", changes[:4])
	}
	var b bytes.Buffer
	if err := FormatDiff(&b, changes); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{"drift: 12 change(s), 3 breaking", "BREAKING GET /v2/me: field removed data.email (was string)", "GET /v2/me: rate cost (x-ratelimit-endpoint-cost) 1 -> 2"} {
		if !strings.Contains(out, s) {
			t.Errorf("FormatDiff output lacks %q:\n%s", s, out)
		}
	}
	if strings.Index(out, "BREAKING") > strings.Index(out, "field added") {
		t.Errorf("breaking lines not first:\n%s", out)
	}
}

func TestDiffOfIdenticalSetsIsEmpty(t *testing.T) {
	set := matchSet(t)
	if ch := Diff(set, set, nil, nil); len(ch) != 0 {
		t.Errorf("changes = %+v", ch)
	}
	var b bytes.Buffer
	if err := FormatDiff(&b, nil); err != nil || !strings.HasPrefix(b.String(), "drift: none") {
		t.Errorf("FormatDiff(nil) = %q, %v", b.String(), err)
	}
}
