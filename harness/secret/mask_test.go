package secret

import (
	"strings"
	"testing"
)

func TestMaskHidesByRule(t *testing.T) {
	for _, tc := range []struct{ in, leak string }{
		{`POST https://user:pw-canary-1@api.example.test/v2/me`, "pw-canary-1"},
		{`https://api.example.test/v2/me?access_token=canary-2&page=1`, "canary-2"},
		{`grant_type=authorization_code&code=canary-code-3&redirect_uri=x`, "canary-code-3"},
		{`{"session_token": "canary-4", "id": 1}`, "canary-4"},
		{`{\"accessToken\":\"canary-5\"}`, "canary-5"},
		{`{"api_token":"canary-6"}`, "canary-6"},
		{`{"secret":"canary-7"}`, "canary-7"},
		{"X-Api-Key: canary-8\n", "canary-8"},
		{`map[X-Auth-Token:[canary-9]]`, "canary-9"},
		{`Authorization: Bearer canary-10-token`, "canary-10-token"},
		{`Basic Y2FuYXJ5OmNhbmFyeS0xMQ==`, "Y2FuYXJ5OmNhbmFyeS0xMQ"},
		{`?token=canary-12`, "canary-12"},
		{`password=canary-13`, "canary-13"},
	} {
		out := Mask(tc.in)
		if strings.Contains(out, tc.leak) {
			t.Errorf("Mask(%q) = %q: still holds the secret", tc.in, out)
		}
	}
	// What is not secret stays readable.
	for _, keep := range []string{`token_type=bearer`, `{"page": 2, "email": "a@example.com"}`, `https://api.example.test/v2/people?per_page=100`, "status: 500"} {
		if out := Mask(keep); out != keep {
			t.Errorf("Mask(%q) = %q, want it unchanged", keep, out)
		}
	}
}

// TestMaskKeepsStructFieldsAndErrorPrefixes: "Code:" in a printed Go
// struct and an "auth:" error prefix are not headers; their values stay.
func TestMaskKeepsStructFieldsAndErrorPrefixes(t *testing.T) {
	in := "auth: access_denied\n  {\n    Code: \"access_denied\",\n  }\nX-Api-Key: canary-key-1"
	out := Mask(in)
	for _, keep := range []string{"auth: access_denied", `Code: "access_denied"`} {
		if !strings.Contains(out, keep) {
			t.Errorf("Mask lost %q:\n%s", keep, out)
		}
	}
	if strings.Contains(out, "canary-key-1") {
		t.Errorf("Mask kept the X-Api-Key value:\n%s", out)
	}
}
