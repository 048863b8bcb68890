package salesloft

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Response describes the last HTTP response of a call, kept even when the call failed.
type Response struct {
	// Status is the HTTP status code of the last response.
	Status int
	// Header is the last response's header.
	Header http.Header
	// Cost is x-ratelimit-endpoint-cost, the cost of the request (API-FACTS §6); -1 if absent.
	Cost int
	// Remaining is x-ratelimit-remaining-minute, the team's budget left this minute; -1 if absent.
	Remaining int
	// Paging is metadata.paging of a list response; nil when the body has none.
	Paging *Paging
	// Attempts is how many requests the call sent (1 when nothing was retried).
	Attempts int
	// Refreshed is true when a 401 made the client renew the token and retry.
	Refreshed bool
}

// Paging is metadata.paging of a list response (API-FACTS §7).
type Paging struct {
	// PerPage is the page size the server applied (it silently corrects out-of-range values).
	PerPage int `json:"per_page"`
	// CurrentPage is the 1-based page returned.
	CurrentPage int `json:"current_page"`
	// NextPage is the next page number, nil on the last page.
	NextPage *int `json:"next_page"`
	// PrevPage is the previous page number, nil on the first page.
	PrevPage *int `json:"prev_page"`
	// TotalPages is present only when include_paging_counts=true was sent.
	TotalPages *int `json:"total_pages,omitempty"`
	// TotalCount is present only when include_paging_counts=true was sent.
	TotalCount *int `json:"total_count,omitempty"`
}

func (r *Response) fill(hr *http.Response) {
	r.Status = hr.StatusCode
	r.Header = hr.Header
	r.Cost, r.Remaining = RateHeaders(hr.Header)
	r.Paging = nil
}

// The rate headers SalesLoft sends on every API answer (API-FACTS §6).
const (
	// HeaderCost is the cost of the request just answered.
	HeaderCost = "x-ratelimit-endpoint-cost"
	// HeaderRemaining is what is left of the team's budget this minute.
	HeaderRemaining = "x-ratelimit-remaining-minute"
)

// RateHeaders reads the two rate headers of an answer; each is -1 when
// absent or not an integer.
func RateHeaders(h http.Header) (cost, remaining int) {
	return headerInt(h, HeaderCost), headerInt(h, HeaderRemaining)
}

func headerInt(h http.Header, name string) int {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return -1
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// decode reads metadata.paging (when the body is an object) and decodes raw into out.
func (r *Response) decode(raw []byte, out any) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] == '{' {
		var env struct {
			Metadata *struct {
				Paging *Paging `json:"paging"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(trimmed, &env); err != nil {
			return err
		}
		if env.Metadata != nil {
			r.Paging = env.Metadata.Paging
		}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(trimmed, out)
}
