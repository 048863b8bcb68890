package records

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("records: calls", func() {
	It("logs a call on a person, fetches it, lists calls by person, and answers 404 and 422", spec.Items("REC-CALLS"), func(ctx context.Context) {
		c := writingClient(ctx)
		person := firstPerson(ctx, c)

		created, err := send(ctx, c, http.MethodPost, "/v2/activities/calls", map[string]any{"person_id": person,
			"to": "+1 555 0100", "duration": 60, "disposition": "Connected"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/activities/calls")
		id := idOf(created)
		Expect(id).To(BeNumerically(">", 0), "data.id")

		fetched, err := send(ctx, c, http.MethodGet, "/v2/activities/calls/"+strconv.Itoa(id), nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(refID(fetched, "called_person")).To(Equal(person), "data.called_person.id")
		Expect(fetched).To(HaveKeyWithValue("disposition", "Connected"), "data.disposition")

		q := url.Values{"person_id": {strconv.Itoa(person)}, "sort_by": {"updated_at"}, "sort_direction": {"DESC"}}
		rows := list(ctx, c, "/v2/activities/calls", q)
		Expect(ids(rows)).To(ContainElement(id), "the list filtered by person_id holds the call")
		for _, r := range rows {
			Expect(refID(r, "called_person")).To(Equal(person), "person_id filters: call %d", idOf(r))
		}
		expectSorted(rows, q)

		expectNotFound(ctx, c, "/v2/activities/calls")
		_, err = send(ctx, c, http.MethodPost, "/v2/activities/calls", map[string]any{"to": "+1 555 0100", "duration": -1})
		expectInvalid(err, "person_id", "duration")
	})
})
