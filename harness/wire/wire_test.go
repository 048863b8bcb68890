package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestMediaType(t *testing.T) {
	for ct, want := range map[string]string{
		"": "", "application/json; charset=utf-8": "application/json", "Application/JSON": "application/json",
		"application/x-www-form-urlencoded;;bad": "application/x-www-form-urlencoded",
	} {
		if got := MediaType(ct); got != want {
			t.Errorf("MediaType(%q) = %q, want %q", ct, got, want)
		}
	}
	for mt, want := range map[string]bool{"application/json": true, "application/vnd.api+json": true, "text/json": true, "text/plain": false, "": false} {
		if IsJSON(mt) != want {
			t.Errorf("IsJSON(%q) = %v", mt, !want)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	v, err := DecodeJSON([]byte(`{"id":12345678901234567890}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := v.(map[string]any)["id"]; n != json.Number("12345678901234567890") {
		t.Errorf("number not kept exact: %v", n)
	}
	for _, bad := range []string{`{"a":1} {"b":2}`, `{`, ``} {
		if _, err := DecodeJSON([]byte(bad)); err == nil {
			t.Errorf("DecodeJSON(%q) accepted", bad)
		}
	}
}

func TestParseValues(t *testing.T) {
	got := ParseValues("a=1&&b=%zz&a=2&c=x%20y", func(s string) string { return s + "!" })
	want := map[string][]string{"a": {"1!", "2!"}, "b": {"%zz!"}, "c": {"x y!"}}
	if !reflect.DeepEqual(map[string][]string(got), want) {
		t.Errorf("ParseValues = %v, want %v", got, want)
	}
	if got := ParseValues("", nil); len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
}
