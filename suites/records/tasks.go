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

var _ = spec.Describe("records: tasks", func() {
	It("creates a task, reads it back, lists it by person sorted by due date, updates and completes it, and answers 404 and 422", spec.Items("REC-TASKS"), func(ctx context.Context) {
		c := writingClient(ctx)
		me, _, err := c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())
		person := firstPerson(ctx, c)

		created, err := send(ctx, c, http.MethodPost, "/v2/tasks", map[string]any{"subject": "Call about the renewal",
			"person_id": person, "user_id": me.ID, "task_type": "call", "due_date": "2030-01-15", "current_state": "scheduled"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/tasks with every required field")
		id := idOf(created)
		Expect(id).To(BeNumerically(">", 0), "data.id")
		path := "/v2/tasks/" + strconv.Itoa(id)

		fetched, err := send(ctx, c, http.MethodGet, path, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(fetched).To(HaveKeyWithValue("subject", "Call about the renewal"), "data.subject")
		Expect(fetched).To(HaveKeyWithValue("task_type", "call"), "data.task_type")
		Expect(fetched).To(HaveKeyWithValue("current_state", "scheduled"), "data.current_state")
		Expect(fetched).To(HaveKeyWithValue("due_date", "2030-01-15"), "data.due_date")
		Expect(refID(fetched, "person")).To(Equal(person), "data.person.id")

		q := url.Values{"person_id": {strconv.Itoa(person)}, "sort_by": {"due_date"}, "sort_direction": {"ASC"}}
		rows := list(ctx, c, "/v2/tasks", q)
		Expect(ids(rows)).To(ContainElement(id), "the list filtered by person_id holds the new task")
		for _, r := range rows {
			Expect(refID(r, "person")).To(Equal(person), "person_id filters: task %d", idOf(r))
		}
		expectSorted(rows, q)

		updated, err := send(ctx, c, http.MethodPut, path, map[string]any{"description": "Ask about the renewal date"})
		Expect(err).NotTo(HaveOccurred())
		Expect(updated).To(HaveKeyWithValue("description", "Ask about the renewal date"), "PUT updates data.description")

		// SPEC's PUT takes current_state=completed; POST /v2/activities completes only tasks of
		// type integration, so it is not how an integration completes a call task.
		_, err = send(ctx, c, http.MethodPut, path, map[string]any{"current_state": "completed"})
		Expect(err).NotTo(HaveOccurred(), "PUT current_state=completed completes the task")
		done, err := send(ctx, c, http.MethodGet, path, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(done).To(HaveKeyWithValue("current_state", "completed"), "a completed task reads back completed")
		Expect(done["completed_at"]).NotTo(BeNil(), "a completed task carries completed_at")

		expectNotFound(ctx, c, "/v2/tasks")
		_, err = send(ctx, c, http.MethodPost, "/v2/tasks", map[string]any{"subject": "Incomplete"})
		expectInvalid(err, "person_id", "user_id", "task_type", "due_date", "current_state")
	})
})
