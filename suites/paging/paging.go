// Package paging holds the specs for walking SalesLoft's lists
// (PAGE-FOLLOW): following metadata.paging.next_page until it is null, and
// never asking for more than 100 records per page.
//
// The walk under test is the client's Pages over GET /v2/people; the specs
// compare it with the list's own counts and with a walk done by hand, and
// read the requests it sent from the spec's journal.
package paging

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/salesloft"
)

// peoplePath is the list the specs walk.
const peoplePath = "/v2/people"

// maxWalk bounds the pages a spec walks, so a large live team is not paged
// through at great cost (pages above 100 cost extra, API-FACTS §6).
const maxWalk = 20

// counts asks the list for its totals at perPage records a page.
func counts(ctx context.Context, c *salesloft.Client, perPage int) (total, pages int) {
	_, resp, err := c.ListPeople(ctx, salesloft.ListOptions{PerPage: perPage, IncludePagingCounts: true})
	Expect(err).NotTo(HaveOccurred())
	Expect(resp.Paging).NotTo(BeNil(), "GET %s answered without metadata.paging", peoplePath)
	Expect(resp.Paging.TotalCount).NotTo(BeNil(), "include_paging_counts=true must add metadata.paging.total_count")
	Expect(resp.Paging.TotalPages).NotTo(BeNil(), "include_paging_counts=true must add metadata.paging.total_pages")
	return *resp.Paging.TotalCount, *resp.Paging.TotalPages
}

// walkSize picks a page size that makes the walk take several pages but no
// more than maxWalk, skipping when the team has nothing (or too much) to walk.
func walkSize(ctx context.Context, c *salesloft.Client) (perPage, total, pages int) {
	perPage = 25
	total, pages = counts(ctx, c, perPage)
	if total == 0 {
		Skip("the team has no people to page through")
	}
	if pages > maxWalk {
		perPage = salesloft.MaxPerPage
		total, pages = counts(ctx, c, perPage)
		if pages > maxWalk {
			Skip("the team has " + strconv.Itoa(total) + " people; a full walk would take more than " + strconv.Itoa(maxWalk) + " pages")
		}
	}
	return perPage, total, pages
}

// ids decodes the ids of one page's records.
func ids(page json.RawMessage) []int {
	var recs []struct {
		ID int `json:"id"`
	}
	Expect(json.Unmarshal(page, &recs)).To(Succeed(), "a page's data must be an array of records")
	out := make([]int, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// nextPage reads metadata.paging.next_page of a list answer (nil when null).
func nextPage(e run.Exchange) *int {
	var body struct {
		Metadata struct {
			Paging struct {
				NextPage *int `json:"next_page"`
			} `json:"paging"`
		} `json:"metadata"`
	}
	Expect(json.Unmarshal(e.ResponseBody, &body)).To(Succeed(), "GET %s?%s: the answer is not a list envelope", e.Path, e.Query)
	return body.Metadata.Paging.NextPage
}

// query parses e's query string.
func query(e run.Exchange) url.Values {
	q, err := url.ParseQuery(e.Query)
	Expect(err).NotTo(HaveOccurred(), "the request's query %q", e.Query)
	return q
}
