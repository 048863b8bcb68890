package webhooks

import (
	"context"
	"errors"
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"
)

// subscriptionsPath is the webhook subscriptions collection (API-FACTS §8).
const subscriptionsPath = "/v2/webhook_subscriptions"

// receiverURL is the run's webhook receiver URL for path (/ok or /fail).
func receiverURL(path string) string {
	u, err := spec.Target().CallbackURL(path)
	Expect(err).NotTo(HaveOccurred(), "start the webhook receiver")
	return u
}

// newSubscription subscribes to eventType, delivered to the receiver's
// path and keyed with the run's callback token.
func newSubscription(eventType, path string) salesloft.WebhookSubscriptionInput {
	return salesloft.WebhookSubscriptionInput{
		CallbackURL:   receiverURL(path),
		CallbackToken: spec.Target().CallbackToken(),
		EventType:     eventType,
	}
}

// createSubscription creates a subscription and deletes it when the spec
// ends, even when it fails.
func createSubscription(ctx context.Context, c *salesloft.Client, in salesloft.WebhookSubscriptionInput) *salesloft.WebhookSubscription {
	sub, _, err := c.CreateWebhookSubscription(ctx, in)
	Expect(err).NotTo(HaveOccurred(), "POST %s (event_type %s)", subscriptionsPath, in.EventType)
	Expect(sub.ID).To(BeNumerically(">", 0), "id of the created subscription")
	deleteLater(c, sub.ID)
	return sub
}

// deleteLater deletes subscription id when the spec ends; DELETE may be
// repeated (API-FACTS §8), so a spec that deleted it already is fine.
func deleteLater(c *salesloft.Client, id int) {
	DeferCleanup(func(ctx context.Context) {
		if _, err := c.DeleteWebhookSubscription(ctx, id); err != nil && !isNotFound(err) {
			Fail(fmt.Sprintf("cleanup: delete webhook subscription %d: %v", id, err))
		}
	})
}

// maxPages bounds how many pages findSubscription reads.
const maxPages = 20

// findSubscription looks for subscription id in GET
// /v2/webhook_subscriptions, page by page (a bare array has one page).
func findSubscription(ctx context.Context, c *salesloft.Client, id int) *salesloft.WebhookSubscription {
	for page := 1; page <= maxPages; page++ {
		subs, resp, err := c.ListWebhookSubscriptions(ctx, salesloft.ListOptions{Page: page, PerPage: salesloft.MaxPerPage})
		Expect(err).NotTo(HaveOccurred(), "GET %s page %d", subscriptionsPath, page)
		for i := range subs {
			if subs[i].ID == id {
				return &subs[i]
			}
		}
		if resp.Paging == nil || resp.Paging.NextPage == nil {
			return nil
		}
	}
	return nil
}

// createPerson creates a person with a fixed example.com address (so the
// request replays) and deletes it when the spec ends.
func createPerson(ctx context.Context, c *salesloft.Client, email, lastName string) int {
	p, _, err := c.CreatePerson(ctx, salesloft.PersonInput{EmailAddress: email, FirstName: "Loftgate", LastName: lastName})
	Expect(err).NotTo(HaveOccurred(), "POST /v2/people %s (the event that triggers the delivery)", email)
	Expect(p.ID).To(BeNumerically(">", 0), "data.id of the created person")
	DeferCleanup(func(ctx context.Context) {
		if _, err := c.DeletePerson(ctx, p.ID); err != nil && !isNotFound(err) {
			Fail(fmt.Sprintf("cleanup: delete person %d: %v", p.ID, err))
		}
	})
	return p.ID
}

// deliveriesTo returns the simulator's deliveries for subscription id.
func deliveriesTo(ctx context.Context, ctl *target.Control, id int) []target.Delivery {
	all, err := ctl.Deliveries(ctx)
	Expect(err).NotTo(HaveOccurred(), "read the simulator's delivery log")
	var out []target.Delivery
	for _, d := range all {
		if d.SubscriptionID == id {
			out = append(out, d)
		}
	}
	return out
}

// header reads a delivery header by name, ignoring case.
func header(d target.Delivery, name string) string {
	for k, v := range d.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// isNotFound reports whether err is SalesLoft's 404.
func isNotFound(err error) bool { return errors.Is(err, salesloft.ErrNotFound) }
