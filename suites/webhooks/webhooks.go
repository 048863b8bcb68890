// Package webhooks holds the specs for webhook subscriptions and deliveries
// (API-FACTS §8): the subscription lifecycle, HMAC-SHA1 signatures over the
// raw body, and three retries 15 seconds apart.
//
// Deliveries are read from the simulator's delivery log, so the delivery
// specs skip on a live target, whose deliveries cannot reach the run's
// loopback receiver.
package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/harness/webhook"
	"github.com/loftgate/loftgate/suites/spec"
)

// Retry policy (API-FACTS §8): "A failing webhook is retried three
// additional times, spaced 15 seconds apart, before being marked as failed."
const (
	wantAttempts  = 4
	retryInterval = 15 * time.Second
	// retryStep is how far HOOK-RETRY moves the clock at a time, and
	// retryWindow how far in all: well past the last retry, so a fifth
	// attempt would show.
	retryStep   = 5 * time.Second
	retryWindow = 2 * wantAttempts * retryInterval
)

var _ = spec.Describe("webhooks", func() {
	It("refuses a subscription without callback_url, callback_token or event_type with a 422 naming the field", spec.Items("HOOK-SUBSCRIBE"), func(ctx context.Context) {
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		// Each create lacks a required field on purpose, to see SalesLoft's 422.
		spec.AllowViolations(contract.DirectionRequest, contract.RuleRequestBody)
		in := newSubscription("person_updated", "/ok")
		full := map[string]any{"callback_url": in.CallbackURL, "callback_token": in.CallbackToken, "event_type": in.EventType}

		for _, field := range []string{"callback_url", "callback_token", "event_type"} {
			body := map[string]any{}
			for k, v := range full {
				if k != field {
					body[k] = v
				}
			}
			var raw json.RawMessage
			resp, err := c.Do(ctx, http.MethodPost, subscriptionsPath, nil, body, &raw)
			if err == nil {
				if id := createdID(raw); id > 0 {
					deleteLater(c, id)
				}
				Fail(fmt.Sprintf("a subscription without %s was created (status %d)", field, resp.Status))
			}
			var verr *salesloft.ValidationError
			Expect(errors.As(err, &verr)).To(BeTrue(), "a create without %s: want 422 with field errors, got %v", field, err)
			Expect(verr.Fields).To(HaveKey(field), "a create without %s: the 422 must name %s", field, field)
		}
	})

	It("creates, lists, disables and deletes a subscription", spec.Items("HOOK-SUBSCRIBE"), func(ctx context.Context) {
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		in := newSubscription("person_updated", "/ok")

		sub := createSubscription(ctx, c, in)
		Expect(sub.Enabled).To(BeTrue(), "a new subscription is enabled")
		Expect(sub.EventType).To(Equal(in.EventType), "event_type of the created subscription")
		Expect(sub.CallbackURL).To(Equal(in.CallbackURL), "callback_url of the created subscription")

		listed := findSubscription(ctx, c, sub.ID)
		Expect(listed).NotTo(BeNil(), "subscription %d is not in GET %s", sub.ID, subscriptionsPath)
		Expect(listed.EventType).To(Equal(in.EventType), "event_type of the listed subscription")
		Expect(listed.Enabled).To(BeTrue(), "enabled of the listed subscription")

		updated, _, err := c.UpdateWebhookSubscription(ctx, sub.ID, false)
		Expect(err).NotTo(HaveOccurred(), "PUT %s/%d enabled=false", subscriptionsPath, sub.ID)
		Expect(updated.Enabled).To(BeFalse(), "the PUT answer shows enabled true after disabling")
		got, _, err := c.GetWebhookSubscription(ctx, sub.ID)
		Expect(err).NotTo(HaveOccurred(), "GET %s/%d after disabling", subscriptionsPath, sub.ID)
		Expect(got.Enabled).To(BeFalse(), "GET shows the disabled subscription as enabled")

		resp, err := c.DeleteWebhookSubscription(ctx, sub.ID)
		Expect(err).NotTo(HaveOccurred(), "DELETE %s/%d", subscriptionsPath, sub.ID)
		Expect(resp.Status).To(Equal(http.StatusNoContent), "DELETE %s/%d", subscriptionsPath, sub.ID)
		_, _, err = c.GetWebhookSubscription(ctx, sub.ID)
		Expect(isNotFound(err)).To(BeTrue(), "GET %s/%d after DELETE: want 404, got %v", subscriptionsPath, sub.ID, err)
	})

	It("signs each delivery with the hex HMAC-SHA1 of the raw body keyed by callback_token", spec.Items("HOOK-SIGNATURE"), func(ctx context.Context) {
		ctl := spec.Control()
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		token := spec.Target().CallbackToken()
		sub := createSubscription(ctx, c, newSubscription("person_created", "/ok"))
		const email = "loftgate.hook-signature@example.com"
		createPerson(ctx, c, email, "Signature")

		d := onlyDelivery(ctx, ctl, sub.ID)
		Expect(header(d, webhook.EventHeader)).To(Equal("person_created"), "the %s header", webhook.EventHeader)
		sig := header(d, webhook.SignatureHeader)
		Expect(sig).NotTo(BeEmpty(), "the delivery has no %s header", webhook.SignatureHeader)
		body := []byte(d.Body)

		Expect(webhook.Verify(body, sig, token)).To(Succeed(), "the %s header is not the hex HMAC-SHA1 of the raw body keyed by callback_token", webhook.SignatureHeader)
		if spec.Target().Kind == config.TargetSim {
			// On the simulator the delivery really crossed the wire: what the
			// receiver got must be what the log says was sent.
			r, err := spec.Target().Receiver()
			Expect(err).NotTo(HaveOccurred())
			var arrived []target.Received
			for _, got := range r.Received() {
				if got.Header.Get(webhook.SignatureHeader) == sig {
					arrived = append(arrived, got)
				}
			}
			Expect(arrived).NotTo(BeEmpty(), "the receiver got no delivery with the logged signature")
			Expect(string(arrived[0].Body)).To(Equal(d.Body), "the receiver got other bytes than the delivery log shows")
			Expect(webhook.Verify(arrived[0].Body, arrived[0].Header.Get(webhook.SignatureHeader), token)).To(Succeed(), "the delivery as received does not verify")
		}

		Expect(body).To(ContainSubstring(email), "the delivery body is the created person")
		tampered := []byte(strings.Replace(string(body), email, "mallory@example.com", 1))
		Expect(webhook.Verify(tampered, sig, token)).To(MatchError(webhook.ErrSignatureMismatch), "a tampered body must be rejected")

		Expect(webhook.Verify(body, sig, token+"-wrong")).To(MatchError(webhook.ErrSignatureMismatch), "a wrong callback token must be rejected")

		var decoded any
		Expect(json.Unmarshal(body, &decoded)).To(Succeed(), "the delivery body is JSON")
		reserialised, err := json.MarshalIndent(decoded, "", "  ")
		Expect(err).NotTo(HaveOccurred())
		Expect(reserialised).NotTo(Equal(body), "re-serialising must change the bytes for this check to mean anything")
		Expect(webhook.Verify(reserialised, sig, token)).To(MatchError(webhook.ErrSignatureMismatch), "re-serialised JSON of the same body must be rejected")

		mac := hmac.New(sha256.New, []byte(token))
		mac.Write(body) // hash.Hash.Write never returns an error
		sha256Sig := hex.EncodeToString(mac.Sum(nil))
		Expect(webhook.Verify(body, sha256Sig, token)).To(MatchError(webhook.ErrWrongAlgorithm), "an HMAC-SHA256 signature must be rejected as the wrong algorithm")
	})

	It("retries a failed delivery 3 more times, 15 s apart on the simulator's clock, then marks it failed", spec.Items("HOOK-RETRY"), func(ctx context.Context) {
		ctl := spec.Control()
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		sub := createSubscription(ctx, c, newSubscription("person_created", "/fail"))
		createPerson(ctx, c, "loftgate.hook-retry@example.com", "Retry")

		first := onlyDelivery(ctx, ctl, sub.ID)
		Expect(first.Attempts).To(HaveLen(1), "attempts right after the event: %s", attempts(first))
		for elapsed := time.Duration(0); elapsed < retryWindow; elapsed += retryStep {
			Expect(ctl.Advance(ctx, retryStep)).To(Succeed(), "advance the simulator's clock")
		}
		d := onlyDelivery(ctx, ctl, sub.ID)

		Expect(d.Attempts).To(HaveLen(wantAttempts), "attempts of a delivery to %s: want %d (1 + 3 retries), got %d: %s", d.CallbackURL, wantAttempts, len(d.Attempts), attempts(d))
		for i, a := range d.Attempts {
			Expect(a.Status < 200 || a.Status >= 300).To(BeTrue(), "attempt %d reached %s, which always fails: %s", i+1, d.CallbackURL, attempts(d))
			if i > 0 {
				Expect(a.At.Sub(d.Attempts[i-1].At)).To(Equal(retryInterval), "time between attempts %d and %d: %s", i, i+1, attempts(d))
			}
		}
		Expect(d.State).To(Equal("failed"), "state after the last retry")
	})
})

// maxPolls bounds how often onlyDelivery looks at the log, moving the
// clock one second between looks.
const maxPolls = 3

// onlyDelivery returns the one delivery to subscription id, failing when
// there is none or more than one.
func onlyDelivery(ctx context.Context, ctl *target.Control, id int) target.Delivery {
	ds := deliveriesTo(ctx, ctl, id)
	for i := 1; i < maxPolls && len(ds) == 0; i++ {
		Expect(ctl.Advance(ctx, time.Second)).To(Succeed(), "advance the simulator's clock")
		ds = deliveriesTo(ctx, ctl, id)
	}
	Expect(ds).To(HaveLen(1), "deliveries to subscription %d after one event", id)
	return ds[0]
}

// createdID reads the id of a subscription a server created by mistake,
// from either envelope (API-FACTS §8), so it can be deleted.
func createdID(raw json.RawMessage) int {
	var rec struct {
		ID   int `json:"id"`
		Data struct {
			ID int `json:"id"`
		} `json:"data"`
	}
	if json.Unmarshal(raw, &rec) != nil {
		return 0
	}
	return max(rec.ID, rec.Data.ID)
}

// attempts renders a delivery's attempts for failure messages.
func attempts(d target.Delivery) string {
	if len(d.Attempts) == 0 {
		return "no attempt"
	}
	parts := make([]string, len(d.Attempts))
	for i, a := range d.Attempts {
		parts[i] = fmt.Sprintf("%s → %d", a.At.Format(time.RFC3339), a.Status)
		if a.Error != "" {
			parts[i] += " (" + a.Error + ")"
		}
	}
	return strings.Join(parts, ", ") + "; state " + d.State
}
