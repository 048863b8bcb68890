package salesloft

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// MaxPerPage is the largest per_page SalesLoft accepts (API-FACTS §7); larger values are
// clamped before sending.
const MaxPerPage = 100

// ListOptions are the common parameters of list endpoints. Zero values are not sent, so
// the server's defaults apply (page 1, 25 per page, its own sort).
type ListOptions struct {
	// Page is the 1-based page to fetch; 0 sends none (page 1). Pages starts here.
	Page int
	// PerPage is the page size, 1..100; larger values are sent as 100, 0 sends none (25).
	PerPage int
	// SortBy is the sort_by field, e.g. "updated_at"; the allowed values vary by endpoint.
	SortBy string
	// SortDirection is "ASC" or "DESC".
	SortDirection string
	// UpdatedAfter, when set, sends updated_at[gt] with microsecond precision, the
	// cursor-style filter SalesLoft recommends over deep paging.
	UpdatedAfter *time.Time
	// IncludePagingCounts asks for total_pages and total_count in metadata.paging.
	IncludePagingCounts bool
	// Extra holds further filters, e.g. "email_addresses[]" or "enabled". It may not set
	// the parameters above.
	Extra url.Values
}

// named are the parameters ListOptions sets through its fields.
var named = []string{"page", "per_page", "sort_by", "sort_direction", "include_paging_counts", "updated_at[gt]"}

// Values returns the query parameters for o.
func (o ListOptions) Values() (url.Values, error) {
	if o.Page < 0 || o.PerPage < 0 {
		return nil, fmt.Errorf("salesloft: ListOptions: page %d and per_page %d may not be negative", o.Page, o.PerPage)
	}
	q := url.Values{}
	for k, vs := range o.Extra {
		for _, n := range named {
			if k == n {
				return nil, fmt.Errorf("salesloft: ListOptions: set %s with its field, not Extra", k)
			}
		}
		q[k] = append([]string(nil), vs...)
	}
	if o.Page > 0 {
		q.Set("page", strconv.Itoa(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", strconv.Itoa(min(o.PerPage, MaxPerPage)))
	}
	if o.SortBy != "" {
		q.Set("sort_by", o.SortBy)
	}
	if o.SortDirection != "" {
		q.Set("sort_direction", o.SortDirection)
	}
	if o.UpdatedAfter != nil {
		q.Set("updated_at[gt]", o.UpdatedAfter.Format("2006-01-02T15:04:05.000000Z07:00"))
	}
	if o.IncludePagingCounts {
		q.Set("include_paging_counts", "true")
	}
	return q, nil
}

// ErrStopPaging may be returned by a Pages callback to stop early without an error.
var ErrStopPaging = errors.New("salesloft: stop paging")

// Pages fetches path page by page, starting at opts.Page (default 1), and calls fn with
// each page's data array and response. It follows metadata.paging.next_page until it is
// null (or absent), and stops at the first error: a request error, or fn's error returned
// as is (ErrStopPaging stops with a nil error). It returns how many pages it fetched.
// Pages above 100 cost more (API-FACTS §6); prefer UpdatedAfter for large walks.
func (c *Client) Pages(ctx context.Context, path string, opts ListOptions, fn func(page json.RawMessage, resp *Response) error) (int, error) {
	if fn == nil {
		return 0, errors.New("salesloft: Pages: the callback is nil")
	}
	page := max(opts.Page, 1)
	for n := 1; ; n++ {
		opts.Page = page
		q, err := opts.Values()
		if err != nil {
			return n - 1, err
		}
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		resp, err := c.Do(ctx, http.MethodGet, path, q, nil, &env)
		if err != nil {
			return n - 1, err
		}
		if len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) {
			return n, fmt.Errorf("salesloft: GET %s: page %d has no \"data\" array", path, page)
		}
		if err := fn(env.Data, resp); err != nil {
			if errors.Is(err, ErrStopPaging) {
				return n, nil
			}
			return n, err
		}
		if resp.Paging == nil || resp.Paging.NextPage == nil {
			return n, nil
		}
		next := *resp.Paging.NextPage
		if next <= page {
			return n, fmt.Errorf("salesloft: GET %s: metadata.paging.next_page %d does not advance past page %d; stopping", path, next, page)
		}
		// A page past the end is empty (API-FACTS §7); a server that keeps
		// naming a next page after an empty one would otherwise be walked
		// forever.
		if bytes.Equal(bytes.TrimSpace(env.Data), []byte("[]")) {
			return n, fmt.Errorf("salesloft: GET %s: page %d is empty but metadata.paging.next_page is %d; stopping", path, page, *resp.Paging.NextPage)
		}
		page = next
	}
}

// list fetches one page of a list endpoint into []T.
func list[T any](ctx context.Context, c *Client, path string, opts ListOptions) ([]T, *Response, error) {
	q, err := opts.Values()
	if err != nil {
		return nil, nil, err
	}
	var env struct {
		Data *[]T `json:"data"`
	}
	resp, err := c.Do(ctx, http.MethodGet, path, q, nil, &env)
	if err != nil {
		return nil, resp, err
	}
	if env.Data == nil {
		return nil, resp, fmt.Errorf("salesloft: GET %s: response has no \"data\" array", path)
	}
	return *env.Data, resp, nil
}

// one sends a call whose answer is {"data": {...}} and returns the record.
func one[T any](ctx context.Context, c *Client, method, path string, body any) (*T, *Response, error) {
	var env struct {
		Data *T `json:"data"`
	}
	resp, err := c.Do(ctx, method, path, nil, body, &env)
	if err != nil {
		return nil, resp, err
	}
	if env.Data == nil {
		return nil, resp, fmt.Errorf("salesloft: %s %s: response has no \"data\" object", method, path)
	}
	return env.Data, resp, nil
}

// remove sends a DELETE; SalesLoft answers 204 with no body.
func remove(ctx context.Context, c *Client, path string) (*Response, error) {
	return c.Do(ctx, http.MethodDelete, path, nil, nil, nil)
}

func idPath(prefix string, id int) string { return prefix + "/" + strconv.Itoa(id) }

// Ref is an embedded reference to another record, e.g.
// {"id": 10, "_href": "https://api.salesloft.com/v2/users/10"}.
type Ref struct {
	// ID is the referenced record's id.
	ID int `json:"id"`
	// Href is the record's API URL, when given.
	Href string `json:"_href,omitempty"`
}

// keepRaw decodes b into v (a plain alias of a record type) and keeps b in raw, so fields
// the struct does not name are still available.
func keepRaw(b []byte, v any, raw *json.RawMessage) error {
	if err := json.Unmarshal(b, v); err != nil {
		return err
	}
	*raw = append(json.RawMessage(nil), b...)
	return nil
}

// withExtra encodes v (a plain alias of an input type) and adds the extra fields; extra
// wins when both set a field.
func withExtra(v any, extra map[string]any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, x := range extra {
		xb, err := json.Marshal(x)
		if err != nil {
			return nil, fmt.Errorf("extra field %q: %w", k, err)
		}
		m[k] = xb
	}
	return json.Marshal(m)
}
