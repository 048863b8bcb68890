package records

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("records: steps and tags", func() {
	It("lists a cadence's steps by cadence_id, fetches one, and lists tags by search", spec.Items("REC-STEPS-TAGS"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		cadences, _, err := c.ListCadences(ctx, salesloft.ListOptions{SortBy: "created_at", SortDirection: "ASC"})
		Expect(err).NotTo(HaveOccurred(), "GET /v2/cadences")
		Expect(cadences).NotTo(BeEmpty(), "the team needs a cadence")
		cadence := cadences[0].ID

		steps := list(ctx, c, "/v2/steps", url.Values{"cadence_id": {strconv.Itoa(cadence)}})
		Expect(steps).NotTo(BeEmpty(), "GET /v2/steps?cadence_id=%d lists the cadence's steps", cadence)
		for _, s := range steps {
			Expect(refID(s, "cadence")).To(Equal(cadence), "cadence_id filters: step %d", idOf(s))
			Expect(s).To(HaveKey("day"), "step %d: day", idOf(s))
			Expect(s).To(HaveKey("type"), "step %d: type", idOf(s))
		}
		one, err := send(ctx, c, http.MethodGet, "/v2/steps/"+strconv.Itoa(idOf(steps[0])), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(idOf(one)).To(Equal(idOf(steps[0])), "GET /v2/steps/{id} answers that step")
		expectNotFound(ctx, c, "/v2/steps")

		all := list(ctx, c, "/v2/tags", url.Values{"per_page": {"100"}})
		if len(all) == 0 {
			spec.Note("REC-STEPS-TAGS: the team has no tags, so the tag search was not checked")
			return
		}
		name, _ := all[0]["name"].(string)
		Expect(name).NotTo(BeEmpty(), "a tag has a name")
		found := list(ctx, c, "/v2/tags", url.Values{"search": {name}})
		Expect(found).NotTo(BeEmpty(), "search=%s finds the tag", name)
		for _, t := range found {
			got, _ := t["name"].(string)
			Expect(strings.ToLower(got)).To(ContainSubstring(strings.ToLower(name)), "search filters: tag %q", got)
		}
	})
})
