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

var _ = spec.Describe("records: notes", func() {
	It("creates a note on a person, reads, lists, updates and deletes it, and answers 404 and 422", spec.Items("REC-NOTES"), func(ctx context.Context) {
		c := writingClient(ctx)
		person := firstPerson(ctx, c)

		created, err := send(ctx, c, http.MethodPost, "/v2/notes", map[string]any{"content": "Met at the spring conference.",
			"associated_with_type": "person", "associated_with_id": person})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/notes")
		id := idOf(created)
		path := "/v2/notes/" + strconv.Itoa(id)
		DeferCleanup(func(ctx context.Context) { _, _ = send(ctx, c, http.MethodDelete, path, nil) })

		fetched, err := send(ctx, c, http.MethodGet, path, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(fetched).To(HaveKeyWithValue("content", "Met at the spring conference."), "data.content")
		Expect(fetched).To(HaveKeyWithValue("associated_type", "person"), "data.associated_type")
		Expect(refID(fetched, "associated_with")).To(Equal(person), "data.associated_with.id")

		q := url.Values{"associated_with_type": {"person"}, "associated_with_id": {strconv.Itoa(person)},
			"sort_by": {"created_at"}, "sort_direction": {"DESC"}}
		rows := list(ctx, c, "/v2/notes", q)
		Expect(ids(rows)).To(ContainElement(id), "the list filtered by the person holds the note")
		for _, r := range rows {
			Expect(refID(r, "associated_with")).To(Equal(person), "associated_with_id filters: note %d", idOf(r))
		}
		expectSorted(rows, q)

		updated, err := send(ctx, c, http.MethodPut, path, map[string]any{"content": "Call again in March."})
		Expect(err).NotTo(HaveOccurred())
		Expect(updated).To(HaveKeyWithValue("content", "Call again in March."), "PUT updates data.content")

		_, err = send(ctx, c, http.MethodDelete, path, nil)
		Expect(err).NotTo(HaveOccurred(), "DELETE %s", path)
		_, err = send(ctx, c, http.MethodGet, path, nil)
		Expect(err).To(HaveOccurred(), "a deleted note is gone")

		expectNotFound(ctx, c, "/v2/notes")
		_, err = send(ctx, c, http.MethodPost, "/v2/notes", map[string]any{"associated_with_type": "person", "associated_with_id": person})
		expectInvalid(err, "content")
	})
})
