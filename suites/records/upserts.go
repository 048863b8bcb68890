package records

import (
	"context"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("records: person upserts", func() {
	It("creates a person by email, then updates the same person, and refuses an upsert key that is not sent", spec.Items("REC-PERSON-UPSERT"), func(ctx context.Context) {
		c := writingClient(ctx)
		const email = "loftgate.upsert@example.com"

		first, err := send(ctx, c, http.MethodPost, "/v2/person_upserts", map[string]any{"upsert_key": "email_address",
			"email_address": email, "first_name": "Upsert", "last_name": "Check"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/person_upserts for a new email")
		Expect(first).To(HaveKeyWithValue("upsert_type", "create"), "data.upsert_type of a new person")
		person, _ := first["person"].(map[string]any)
		id := idOf(person)
		Expect(id).To(BeNumerically(">", 0), "data.person.id")
		DeferCleanup(func(ctx context.Context) { _, _ = c.DeletePerson(ctx, id) })

		second, err := send(ctx, c, http.MethodPost, "/v2/person_upserts", map[string]any{"upsert_key": "email_address",
			"email_address": email, "title": "Director"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/person_upserts for the same email")
		Expect(second).To(HaveKeyWithValue("upsert_type", "update"), "data.upsert_type of a known person")
		again, _ := second["person"].(map[string]any)
		Expect(idOf(again)).To(Equal(id), "the upsert updates the same person")
		Expect(again).To(HaveKeyWithValue("title", "Director"), "the upsert applies the new title")

		_, err = send(ctx, c, http.MethodPost, "/v2/person_upserts", map[string]any{"upsert_key": "email_address", "first_name": "Nobody"})
		expectInvalid(err, "email_address")
	})
})
