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

var _ = spec.Describe("records: custom fields", func() {
	It("creates a person custom field, reads, lists by field_type, renames and deletes it, and refuses a duplicate name", spec.Items("REC-CUSTOM-FIELDS"), func(ctx context.Context) {
		c := writingClient(ctx)

		created, err := send(ctx, c, http.MethodPost, "/v2/custom_fields", map[string]any{"name": "Loftgate Region", "field_type": "person"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/custom_fields")
		id := idOf(created)
		path := "/v2/custom_fields/" + strconv.Itoa(id)
		DeferCleanup(func(ctx context.Context) { _, _ = send(ctx, c, http.MethodDelete, path, nil) })

		fetched, err := send(ctx, c, http.MethodGet, path, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(fetched).To(HaveKeyWithValue("name", "Loftgate Region"), "data.name")
		Expect(fetched).To(HaveKeyWithValue("field_type", "person"), "data.field_type")

		q := url.Values{"field_type": {"person"}, "sort_by": {"name"}, "sort_direction": {"ASC"}}
		rows := list(ctx, c, "/v2/custom_fields", q)
		Expect(ids(rows)).To(ContainElement(id), "the list filtered by field_type holds the field")
		for _, r := range rows {
			Expect(r).To(HaveKeyWithValue("field_type", "person"), "field_type filters: field %d", idOf(r))
		}
		expectSorted(rows, q)

		_, err = send(ctx, c, http.MethodPost, "/v2/custom_fields", map[string]any{"name": "Loftgate Region", "field_type": "person"})
		expectInvalid(err, "name")

		renamed, err := send(ctx, c, http.MethodPut, path, map[string]any{"name": "Loftgate Territory"})
		Expect(err).NotTo(HaveOccurred())
		Expect(renamed).To(HaveKeyWithValue("name", "Loftgate Territory"), "PUT renames the field")

		_, err = send(ctx, c, http.MethodDelete, path, nil)
		Expect(err).NotTo(HaveOccurred(), "DELETE %s", path)
		expectNotFound(ctx, c, "/v2/custom_fields")
	})
})
