package contract

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// realShapes are bodies of our own with the shapes of real SalesLoft answers captured in public
// test suites (docs/real-payloads.md lists each capture with repository, path and commit). The
// contract must accept every one: a live run against SalesLoft sees these shapes.
var realShapes = []struct {
	file, method, path string
	status             int
}{
	{"users-unpaged.json", "GET", "/v2/users", 200},
	{"accounts-counts-null.json", "GET", "/v2/accounts", 200},
	{"accounts-counts-null.json", "GET", "/v2/accounts?updated_at[gte]=2025-01-01T00:00:00Z", 200},
	{"accounts-sparse.json", "GET", "/v2/accounts?ids=5550001,5550002&per_page=100", 200},
	{"account-create.json", "POST", "/v2/accounts", 200},
	{"people-list.json", "GET", "/v2/people", 200},
	{"people-sparse.json", "GET", "/v2/people?ids[]=880001&ids[]=880002&per_page=100", 200},
	{"empty-list.json", "GET", "/v2/people", 200},
	{"empty-list.json", "GET", "/v2/accounts", 200},
	{"custom-fields-page.json", "GET", "/v2/custom_fields", 200},
	{"task-create.json", "POST", "/v2/tasks", 200},
	{"me.json", "GET", "/v2/me", 200},
	{"validation-error-type.json", "POST", "/v2/people", 422},
}

// realExchange is the exchange a captured body stands for, with conforming headers.
func realExchange(t *testing.T, method, rawURL string, status int, body []byte) Exchange {
	t.Helper()
	u, err := url.Parse(apiURL + rawURL)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {jsonCT}}
	for k, v := range rateHeaders {
		h.Set(k, v)
	}
	return Exchange{Method: method, URL: u, RequestHeader: http.Header{"Authorization": {"Bearer x"}},
		Status: status, ResponseHeader: h, ResponseBody: body}
}

func TestRealShapesConform(t *testing.T) {
	c := mustLoad(t)
	for _, tc := range realShapes {
		t.Run(tc.file+" "+tc.method+" "+tc.path, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "realshape", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range c.ValidateResponse(context.Background(), realExchange(t, tc.method, tc.path, tc.status, body)) {
				t.Errorf("%s", v)
			}
		})
	}
}

// TestRealShapesStillChecked: the shapes conform because the contract allows what SalesLoft
// sends, not because it stopped checking: a broken copy of each is refused.
func TestRealShapesStillChecked(t *testing.T) {
	c := mustLoad(t)
	breaks := map[string]func(doc map[string]any){
		"users-unpaged.json":        func(d map[string]any) { first(d)["id"] = "7001" },
		"accounts-counts-null.json": func(d map[string]any) { first(d)["counts"].(map[string]any)["people"] = "many" },
		"account-create.json":       func(d map[string]any) { delete(d["data"].(map[string]any), "id") },
		"accounts-sparse.json":      func(d map[string]any) { first(d)["do_not_contact"] = "no" },
		"people-list.json":          func(d map[string]any) { d["metadata"].(map[string]any)["paging"] = map[string]any{"per_page": 25} },
		"empty-list.json":           func(d map[string]any) { delete(d, "data") },
		"people-sparse.json":        func(d map[string]any) { first(d)["custom_fields"] = []any{} },
		"custom-fields-page.json":   func(d map[string]any) { first(d)["name"] = nil },
		"task-create.json":          func(d map[string]any) { d["data"].(map[string]any)["person"] = "880001" },
		"me.json":                   func(d map[string]any) { d["data"].(map[string]any)["guid"] = 7 },
		"validation-error-type.json": func(d map[string]any) {
			d["errors"] = []any{map[string]any{"attribute": "type", "message": "bad"}}
		},
	}
	for _, tc := range realShapes {
		body, err := os.ReadFile(filepath.Join("testdata", "realshape", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		breaks[tc.file](doc)
		broken, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if vs := c.ValidateResponse(context.Background(), realExchange(t, tc.method, tc.path, tc.status, broken)); len(vs) == 0 {
			t.Errorf("%s %s: a broken %s conforms", tc.method, tc.path, tc.file)
		}
	}
}

// first is the first record of a list body.
func first(doc map[string]any) map[string]any {
	return doc["data"].([]any)[0].(map[string]any)
}
