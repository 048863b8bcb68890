package paging

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("paging", func() {
	It("follows metadata.paging.next_page until it is null, fetching every record the paging counts announce", spec.Items("PAGE-FOLLOW"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		perPage, total, pages := walkSize(ctx, c)
		before := len(spec.Calls(http.MethodGet, peoplePath))

		var got []int
		n, err := c.Pages(ctx, peoplePath, salesloft.ListOptions{PerPage: perPage}, func(page json.RawMessage, _ *salesloft.Response) error {
			got = append(got, ids(page)...)
			return nil
		})

		Expect(err).NotTo(HaveOccurred())
		Expect(n).To(Equal(pages), "pages walked; metadata.paging.total_pages is %d at %d per page", pages, perPage)
		Expect(got).To(HaveLen(total), "records fetched; metadata.paging.total_count is %d", total)
		Expect(got).To(HaveLen(len(unique(got))), "a record came twice: the walk did not follow next_page")

		walk := spec.Calls(http.MethodGet, peoplePath)[before:]
		Expect(walk).To(HaveLen(n), "one request per page")
		for i, e := range walk {
			q := query(e)
			Expect(q.Get("per_page")).To(Equal(strconv.Itoa(perPage)), "request %d: per_page", i+1)
			if i == 0 {
				Expect(q.Get("page")).To(BeElementOf("", "1"), "the walk starts at page 1")
				continue
			}
			next := nextPage(walk[i-1])
			Expect(next).NotTo(BeNil(), "request %d followed a page whose next_page was null", i+1)
			Expect(q.Get("page")).To(Equal(strconv.Itoa(*next)), "request %d must ask for the previous answer's next_page", i+1)
		}
		Expect(nextPage(walk[len(walk)-1])).To(BeNil(), "the walk stopped before next_page was null")
	})

	It("returns the same records, in the same order, as a walk by hand over next_page", spec.Items("PAGE-FOLLOW"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		perPage, _, _ := walkSize(ctx, c)

		var byHand []int
		for page, steps := 1, 0; ; steps++ {
			Expect(steps).To(BeNumerically("<", maxWalk+1), "next_page never became null")
			var body struct {
				Data json.RawMessage `json:"data"`
			}
			q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(perPage)}}
			resp, err := c.Do(ctx, http.MethodGet, peoplePath, q, nil, &body)
			Expect(err).NotTo(HaveOccurred())
			byHand = append(byHand, ids(body.Data)...)
			if resp.Paging == nil || resp.Paging.NextPage == nil {
				break
			}
			page = *resp.Paging.NextPage
		}

		var got []int
		_, err := c.Pages(ctx, peoplePath, salesloft.ListOptions{PerPage: perPage}, func(page json.RawMessage, _ *salesloft.Response) error {
			got = append(got, ids(page)...)
			return nil
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(got).To(Equal(byHand))
	})

	It("never asks for more than 100 records per page", spec.Items("PAGE-FOLLOW"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		total, pages := counts(ctx, c, salesloft.MaxPerPage)
		if pages > maxWalk {
			Skip("the team has " + strconv.Itoa(total) + " people; a full walk would take more than " + strconv.Itoa(maxWalk) + " pages")
		}
		before := len(spec.Calls(http.MethodGet, peoplePath))

		var got []int
		_, err := c.Pages(ctx, peoplePath, salesloft.ListOptions{PerPage: 500}, func(page json.RawMessage, resp *salesloft.Response) error {
			got = append(got, ids(page)...)
			if resp.Paging != nil {
				Expect(resp.Paging.PerPage).To(BeNumerically("<=", salesloft.MaxPerPage), "metadata.paging.per_page")
			}
			return nil
		})

		Expect(err).NotTo(HaveOccurred())
		Expect(got).To(HaveLen(total), "records fetched; metadata.paging.total_count is %d", total)
		walk := spec.Calls(http.MethodGet, peoplePath)[before:]
		Expect(walk).NotTo(BeEmpty())
		for i, e := range walk {
			perPage, err := strconv.Atoi(query(e).Get("per_page"))
			Expect(err).NotTo(HaveOccurred(), "request %d (?%s) must send per_page, asked for 500", i+1, e.Query)
			Expect(perPage).To(And(BeNumerically(">=", 1), BeNumerically("<=", salesloft.MaxPerPage)),
				"request %d asked for per_page=%d; SalesLoft allows 1 to 100", i+1, perPage)
		}
	})
})

// unique returns the distinct values of xs.
func unique(xs []int) map[int]bool {
	seen := make(map[int]bool, len(xs))
	for _, x := range xs {
		seen[x] = true
	}
	return seen
}
