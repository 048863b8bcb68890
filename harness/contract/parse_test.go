package contract

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// userDoc is a small user-supplied contract in the style of SalesLoft's own v2_api_def.json:
// `.json` paths, a parameter named other than id, an invalid example, no x-cost.
const userDoc = `openapi: 3.0.0
info:
  title: user
  version: "1"
paths:
  /v2/people/{person_id}.json:
    get:
      operationId: getPerson
      parameters:
        - name: person_id
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id:
                    type: integer
                example:
                  id: not-a-number
`

func TestParseUserDocument(t *testing.T) {
	c, err := Parse([]byte(userDoc), "v2_api_def.yaml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	op, params, ok := c.Match("GET", "/v2/people/7")
	if !ok || op.Key != "GET /v2/people/{person_id}" || params["person_id"] != "7" {
		t.Fatalf("Match = %+v %v %v", op, params, ok)
	}
	if op.Cost != 1 || op.Host != HostAPI {
		t.Errorf("defaults: %+v", op)
	}
	u, err := url.Parse("https://api.salesloft.com/v2/people/7.json")
	if err != nil {
		t.Fatal(err)
	}
	vs := c.Validate(context.Background(), Exchange{Method: "GET", URL: u, Status: 200,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(`{"id":"7"}`)})
	if len(vs) != 1 || vs[0].Pointer != "$.id" {
		t.Errorf("violations = %v, want one at $.id", vs)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, data, want string
		line             int
	}{
		{"broken YAML", "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\"\npaths:\n  /v2/me:\n    get: [\n", "invalid YAML", 7},
		{"YAML with a bad indent", "openapi: 3.0.3\ninfo:\n  title: x\n version: 1\n", "invalid YAML", 3},
		{"broken JSON", "{\"openapi\": \"3.0.3\",\n \"info\": }\n", "invalid JSON", 2},
		{"empty", "  \n", "empty", 0},
		{"not OpenAPI", "openapi: 3.0.3\ninfo:\n  title: x\n", "OpenAPI", 0},
		{"no paths", "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\"\npaths: {}\n", "no paths", 0},
		{"same path with and without .json", "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\"\npaths:\n" +
			"  /v2/me:\n    get:\n      responses:\n        \"200\":\n          description: ok\n" +
			"  /v2/me.json:\n    get:\n      responses:\n        \"200\":\n          description: ok\n", "both define GET /v2/me", 0},
		{"x-cost not a number", "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\"\npaths:\n" +
			"  /v2/me:\n    get:\n      x-cost: cheap\n      responses:\n        \"200\":\n          description: ok\n", "x-cost", 0},
		{"x-scope not text", "openapi: 3.0.3\ninfo:\n  title: x\n  version: \"1\"\npaths:\n" +
			"  /v2/me:\n    get:\n      x-scope: 3\n      responses:\n        \"200\":\n          description: ok\n", "x-scope", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data), "user.yaml")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "contract: user.yaml") || pe.Line != tt.line || !strings.Contains(msg, tt.want) {
				t.Errorf("err = %q (line %d); want it to name user.yaml, line %d, and %q", msg, pe.Line, tt.line, tt.want)
			}
			if tt.line > 0 && !strings.HasPrefix(msg, "contract: user.yaml:") {
				t.Errorf("err = %q does not name the line", msg)
			}
			if pe.Hint == "" {
				t.Errorf("err = %q says nothing about what to do", msg)
			}
		})
	}
}
