package migration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/wire"
)

// operation is a configured "METHOD /path" operation, e.g.
// "GET /v2/people/{id}".
type operation struct {
	key, method, path string
}

// parseOperation reads a configured operation; the path may carry the
// legacy .json suffix.
func parseOperation(key string) (operation, error) {
	method, path, ok := strings.Cut(strings.TrimSpace(key), " ")
	path = strings.TrimSpace(path)
	if !ok || method == "" || !strings.HasPrefix(path, "/") {
		return operation{}, fmt.Errorf("%q is not an operation; write it as \"GET /v2/people\"", key)
	}
	return operation{key: key, method: strings.ToUpper(method), path: strings.TrimSuffix(path, ".json")}, nil
}

// listFor names the list that holds the ids of a path's parameter when it
// is not the path's own parent: an export's id is a cadence id.
var listFor = map[string]string{
	"/v2/cadence_exports": "/v2/cadences",
}

// errNoRecord means an operation needs a record id and its list is empty.
type errNoRecord struct{ list string }

func (e errNoRecord) Error() string {
	return fmt.Sprintf("GET %s is empty, so there is no record to read", e.list)
}

// resolve fills each {param} of op's path with the id of the first record
// of the list before it (GET /v2/people/{id} reads GET /v2/people), so
// the operation can be called on whatever the target holds.
func resolve(ctx context.Context, c *salesloft.Client, path string) (string, error) {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") || !strings.HasSuffix(seg, "}") {
			continue
		}
		list := strings.Join(segs[:i], "/")
		if l, ok := listFor[list]; ok {
			list = l
		}
		var out struct {
			Data []struct {
				ID json.Number `json:"id"`
			} `json:"data"`
		}
		if _, err := c.Do(ctx, http.MethodGet, list, url.Values{"per_page": {"1"}}, nil, &out); err != nil {
			return "", fmt.Errorf("listing %s for an id: %w", list, err)
		}
		if len(out.Data) == 0 || out.Data[0].ID == "" {
			return "", errNoRecord{list: list}
		}
		segs[i] = out.Data[0].ID.String()
	}
	return strings.Join(segs, "/"), nil
}

// get calls GET on a concrete path (see resolve) and returns the decoded
// body.
func get(ctx context.Context, c *salesloft.Client, concrete string) (any, error) {
	var raw json.RawMessage
	if _, err := c.Do(ctx, http.MethodGet, concrete, nil, nil, &raw); err != nil {
		return nil, err
	}
	body, err := wire.DecodeJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("GET %s: the body is not JSON: %w", concrete, err)
	}
	return body, nil
}
