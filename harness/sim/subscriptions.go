package sim

import (
	"net/http"
	"net/url"
	"slices"
)

// eventTypes are the documented webhook event types (API-FACTS §8).
var eventTypes = []string{
	"account_created", "account_updated", "account_deleted", "bulk_job_completed",
	"cadence_created", "cadence_updated", "cadence_deleted",
	"cadence_membership_created", "cadence_membership_updated",
	"call_created", "call_updated", "call_data_record_created", "call_data_record_updated",
	"conversation_created", "conversation_recording_created", "conversation_transcript_created",
	"email_updated", "email_with_body_and_subject_updated", "link_swap",
	"meeting_booked", "meeting_updated", "note_created", "note_updated", "note_deleted",
	"person_created", "person_updated", "person_deleted",
	"step_created", "step_updated", "step_deleted", "success_created",
	"task_created", "task_updated", "task_completed", "task_deleted", "user_created", "user_updated",
}

// subscription is a webhook subscription: one event type to one callback URL.
type subscription struct {
	id        int
	url       string
	token     string
	eventType string
	enabled   bool
	userID    int
}

// render is the Subscription record (SPEC Subscription fields; tenant_id an integer).
func (sub *subscription) render(s *Server) map[string]any {
	guid := ""
	if u := s.userLocked(sub.userID); u != nil {
		guid = u.guid()
	}
	return map[string]any{
		"id":             sub.id,
		"callback_url":   sub.url,
		"callback_token": sub.token,
		"event_type":     sub.eventType,
		"enabled":        sub.enabled,
		"tenant_id":      s.team.id,
		"user_guid":      guid,
	}
}

var subscriptionsList = listSpec{
	defaultSort: "id",
	sorts:       map[string]string{"id": "id"},
	filters: []filter{
		{param: "enabled", field: "enabled", kind: filterBool},
		{param: "event_type", field: "event_type", kind: filterStrings},
	},
}

// subscriptionReply applies the configured envelope (Options.WebhookEnvelope): {"data": ...}
// like every resource, or the bare record or array (API-FACTS §8 conflict).
func (s *Server) subscriptionReply(rep reply) reply {
	if s.cfg.bare && rep.status < 300 {
		if m, ok := rep.body.(map[string]any); ok {
			rep.body = m["data"]
		}
	}
	return rep
}

// listSubscriptions is GET /v2/webhook_subscriptions.
func (s *Server) listSubscriptions(c *call) reply {
	var rows []map[string]any
	for _, sub := range s.subs.all() {
		rows = append(rows, sub.render(s))
	}
	return s.subscriptionReply(s.list(c, rows, subscriptionsList))
}

// getSubscription is GET /v2/webhook_subscriptions/{id}.
func (s *Server) getSubscription(c *call) reply {
	sub, ok := s.subs.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	return s.subscriptionReply(data(sub.render(s)))
}

// createSubscription is POST /v2/webhook_subscriptions: callback_url, callback_token and
// event_type are required (API-FACTS §8). Under FaultLenientValidation nothing is refused:
// what is missing is stored empty and an invalid enabled leaves the subscription enabled.
func (s *Server) createSubscription(c *call) reply {
	errs := fieldErrors{}
	sub := &subscription{enabled: true, userID: c.user}
	sub.url = checkCallbackURL(c.in, errs)
	if tok, _, ok := c.in.str("callback_token"); !ok || tok == "" {
		errs.add("callback_token", blankOrInvalid(c.in["callback_token"]))
	} else {
		sub.token = tok
	}
	et, _, _ := c.in.str("event_type")
	switch {
	case et == "":
		errs.add("event_type", "can't be blank")
	case !slices.Contains(eventTypes, et):
		errs.add("event_type", "is not included in the list")
	}
	sub.eventType = et
	if b, present, ok := c.in.boolean("enabled"); present {
		if !ok {
			errs.add("enabled", "is invalid")
		} else {
			sub.enabled = b
		}
	}
	if rep, _ := s.settleCreateLocked(c, errs); rep != nil {
		return *rep
	}
	rec := s.subs.insert(func(id int) *subscription { sub.id = id; return sub })
	return s.subscriptionReply(data(rec.render(s)))
}

// updateSubscription is PUT /v2/webhook_subscriptions/{id}: enabled, and callback_url as the
// official Postman collection sends it.
func (s *Server) updateSubscription(c *call) reply {
	sub, ok := s.subs.get(c.id)
	if !ok {
		return errorReply(http.StatusNotFound, msgNotFound)
	}
	errs := fieldErrors{}
	next := *sub
	if b, present, ok := c.in.boolean("enabled"); present {
		if !ok {
			errs.add("enabled", "is invalid")
		}
		next.enabled = b
	}
	if _, given := c.in["callback_url"]; given {
		next.url = checkCallbackURL(c.in, errs)
	}
	if rep := errs.reply(); rep != nil {
		return *rep
	}
	*sub = next
	return s.subscriptionReply(data(sub.render(s)))
}

// deleteSubscription is DELETE /v2/webhook_subscriptions/{id}: 204, repeatable.
func (s *Server) deleteSubscription(c *call) reply { return drop(&s.subs, c.id) }

// checkCallbackURL reads callback_url, which must be an absolute http or https URL.
func checkCallbackURL(in fields, errs fieldErrors) string {
	raw, _, _ := in.str("callback_url")
	if raw == "" {
		errs.add("callback_url", "can't be blank")
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs.add("callback_url", "is invalid")
	}
	return raw
}
