package salesloft

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pagedPeople serves /v2/people as total records in pages, like SalesLoft: per_page is
// corrected into [1,100] (default 25) and echoed; next_page is null on the last page.
func pagedPeople(t *testing.T, total int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		per, err := strconv.Atoi(q.Get("per_page"))
		if err != nil || per < 1 || per > 100 {
			per = 25
		}
		page, err := strconv.Atoi(q.Get("page"))
		if err != nil || page < 1 {
			page = 1
		}
		var data []map[string]any
		for id := (page-1)*per + 1; id <= min(page*per, total); id++ {
			data = append(data, map[string]any{"id": id, "email_address": fmt.Sprintf("person%02d@example.com", id)})
		}
		if data == nil {
			data = []map[string]any{}
		}
		pages := (total + per - 1) / per
		paging := map[string]any{"per_page": per, "current_page": page, "next_page": nil, "prev_page": nil}
		if page < pages {
			paging["next_page"] = page + 1
		}
		if page > 1 {
			paging["prev_page"] = page - 1
		}
		if q.Get("include_paging_counts") == "true" {
			paging["total_pages"], paging["total_count"] = pages, total
		}
		reply(t, w, 200, mustJSON(t, map[string]any{
			"data":     data,
			"metadata": map[string]any{"filtering": map[string]any{}, "paging": paging, "sorting": map[string]any{"sort_by": "updated_at", "sort_direction": "DESC NULLS LAST"}},
		}))
	}
}

func TestPagesFollowsNextPageAndClampsPerPage(t *testing.T) {
	s := newServer(t, pagedPeople(t, 250))
	c := s.client(&sleeps{})
	var ids []int
	pages, err := c.Pages(context.Background(), "/v2/people", ListOptions{PerPage: 500, IncludePagingCounts: true}, func(page json.RawMessage, resp *Response) error {
		var people []Person
		if err := json.Unmarshal(page, &people); err != nil {
			return err
		}
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		if resp.Paging == nil || resp.Paging.TotalCount == nil || *resp.Paging.TotalCount != 250 {
			t.Errorf("paging = %+v, want total_count 250", resp.Paging)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 3 || len(ids) != 250 || ids[0] != 1 || ids[249] != 250 {
		t.Fatalf("pages = %d, records = %d", pages, len(ids))
	}
	for i, r := range s.requests() {
		if got := r.Query["per_page"]; len(got) != 1 || got[0] != "100" {
			t.Errorf("request %d per_page = %v, want [100] (500 is never sent)", i+1, got)
		}
		if got := r.Query["page"]; len(got) != 1 || got[0] != strconv.Itoa(i+1) {
			t.Errorf("request %d page = %v, want %d", i+1, got, i+1)
		}
	}
}

func TestPagesStopping(t *testing.T) {
	tests := []struct {
		name      string
		fn        func(n int) error
		wantPages int
		wantErr   string
	}{
		{name: "ErrStopPaging stops without error", fn: func(n int) error {
			if n == 2 {
				return ErrStopPaging
			}
			return nil
		}, wantPages: 2},
		{name: "callback error is returned as is", fn: func(n int) error { return errors.New("disk full") }, wantPages: 1, wantErr: "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, pagedPeople(t, 100))
			n := 0
			pages, err := s.client(&sleeps{}).Pages(context.Background(), "/v2/people", ListOptions{}, func(json.RawMessage, *Response) error {
				n++
				return tt.fn(n)
			})
			if pages != tt.wantPages || len(s.requests()) != tt.wantPages {
				t.Errorf("pages = %d, requests = %d, want %d", pages, len(s.requests()), tt.wantPages)
			}
			if (tt.wantErr == "") != (err == nil) || (err != nil && err.Error() != tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestPagesBrokenPaging(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{name: "next_page does not advance", body: `{"data":[],"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":1}}}`, want: "does not advance"},
		{name: "no data array", body: `{"metadata":{"paging":{"per_page":25,"current_page":1,"next_page":null}}}`, want: `no "data" array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, tt.body) })
			_, err := s.client(&sleeps{}).Pages(context.Background(), "/v2/people", ListOptions{}, func(json.RawMessage, *Response) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if len(s.requests()) != 1 {
				t.Errorf("requests = %d, want 1", len(s.requests()))
			}
		})
	}
}

func TestPagesWithoutPagingStopsAfterOnePage(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, `{"data":[{"id":1}]}`) })
	pages, err := s.client(&sleeps{}).Pages(context.Background(), "/v2/users", ListOptions{}, func(json.RawMessage, *Response) error { return nil })
	if err != nil || pages != 1 {
		t.Fatalf("pages = %d, err = %v", pages, err)
	}
}

func TestListOptionsValues(t *testing.T) {
	after := time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)
	tests := []struct {
		name string
		opts ListOptions
		want string // encoded query
		err  string
	}{
		{name: "zero sends nothing", opts: ListOptions{}, want: ""},
		{name: "all fields", opts: ListOptions{Page: 2, PerPage: 50, SortBy: "updated_at", SortDirection: "ASC", UpdatedAfter: &after, IncludePagingCounts: true},
			want: "include_paging_counts=true&page=2&per_page=50&sort_by=updated_at&sort_direction=ASC&updated_at%5Bgt%5D=2026-01-02T03%3A04%3A05.123456Z"},
		{name: "per_page clamped", opts: ListOptions{PerPage: 101}, want: "per_page=100"},
		{name: "extra filters", opts: ListOptions{Extra: url.Values{"email_addresses[]": {"a@x", "b@x"}}}, want: "email_addresses%5B%5D=a%40x&email_addresses%5B%5D=b%40x"},
		{name: "extra may not bypass the clamp", opts: ListOptions{Extra: url.Values{"per_page": {"500"}}}, err: "set per_page with its field"},
		{name: "negative page", opts: ListOptions{Page: -1}, err: "may not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.opts.Values()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Encode(); got != tt.want {
				t.Errorf("query = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestPagesStopsOnEndlessEmptyPages: a server that names a next page after
// every empty page must not be walked forever.
func TestPagesStopsOnEndlessEmptyPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":[],"metadata":{"paging":{"per_page":25,"current_page":%d,"next_page":%d,"prev_page":null}}}`, page, page+1)
	}))
	defer srv.Close()
	c, err := New(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.Pages(context.Background(), "/v2/people", ListOptions{}, func(json.RawMessage, *Response) error { return nil })
	if err == nil || n != 1 {
		t.Fatalf("pages %d, err %v: want an error after the first empty page", n, err)
	}
}
