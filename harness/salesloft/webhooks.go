package salesloft

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// WebhookSubscription is a webhook subscription: one event type delivered to one
// callback URL (API-FACTS §8).
type WebhookSubscription struct {
	// ID is the subscription's id.
	ID int `json:"id"`
	// CallbackURL receives the deliveries.
	CallbackURL string `json:"callback_url"`
	// CallbackToken is the HMAC-SHA1 key of the x-salesloft-signature header. It is a
	// secret: never log it.
	CallbackToken string `json:"callback_token"`
	// Enabled is false for a paused subscription.
	Enabled bool `json:"enabled"`
	// EventType is the event delivered, e.g. person_updated.
	EventType string `json:"event_type"`
	// TenantID is the tenant; an integer in SalesLoft's spec but a string in some clients,
	// so it is kept raw.
	TenantID json.RawMessage `json:"tenant_id,omitempty"`
	// UserGUID is the GUID of the user who subscribed.
	UserGUID string `json:"user_guid"`
	// Raw is the record exactly as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (w *WebhookSubscription) UnmarshalJSON(b []byte) error {
	type plain WebhookSubscription
	return keepRaw(b, (*plain)(w), &w.Raw)
}

// WebhookSubscriptionInput creates a subscription; all three fields are required.
type WebhookSubscriptionInput struct {
	// CallbackURL receives the deliveries.
	CallbackURL string `json:"callback_url"`
	// CallbackToken is the key SalesLoft signs deliveries with.
	CallbackToken string `json:"callback_token"`
	// EventType is the one event type to deliver.
	EventType string `json:"event_type"`
}

const webhookPath = "/v2/webhook_subscriptions"

// ListWebhookSubscriptions lists this application's subscriptions (GET
// /v2/webhook_subscriptions; scope webhooks:read). Filter with Extra {"enabled": {"true"}}.
// The answer may be {"data": [...]} or a bare array; both are read (API-FACTS §8).
func (c *Client) ListWebhookSubscriptions(ctx context.Context, opts ListOptions) ([]WebhookSubscription, *Response, error) {
	q, err := opts.Values()
	if err != nil {
		return nil, nil, err
	}
	var out []WebhookSubscription
	resp, err := c.flexible(ctx, http.MethodGet, webhookPath, q, nil, &out)
	return out, resp, err
}

// CreateWebhookSubscription subscribes to one event type (POST /v2/webhook_subscriptions;
// scope webhooks:write).
func (c *Client) CreateWebhookSubscription(ctx context.Context, in WebhookSubscriptionInput) (*WebhookSubscription, *Response, error) {
	var out WebhookSubscription
	resp, err := c.flexible(ctx, http.MethodPost, webhookPath, nil, in, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// GetWebhookSubscription returns one subscription (GET /v2/webhook_subscriptions/{id}).
func (c *Client) GetWebhookSubscription(ctx context.Context, id int) (*WebhookSubscription, *Response, error) {
	var out WebhookSubscription
	resp, err := c.flexible(ctx, http.MethodGet, idPath(webhookPath, id), nil, nil, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// UpdateWebhookSubscription enables or disables a subscription (PUT
// /v2/webhook_subscriptions/{id} with {"enabled": ...}; scope webhooks:write).
func (c *Client) UpdateWebhookSubscription(ctx context.Context, id int, enabled bool) (*WebhookSubscription, *Response, error) {
	var out WebhookSubscription
	body := struct {
		Enabled bool `json:"enabled"`
	}{enabled}
	resp, err := c.flexible(ctx, http.MethodPut, idPath(webhookPath, id), nil, body, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// DeleteWebhookSubscription deletes a subscription (DELETE
// /v2/webhook_subscriptions/{id}; scope webhooks:delete). Repeated deletes succeed.
func (c *Client) DeleteWebhookSubscription(ctx context.Context, id int) (*Response, error) {
	return remove(ctx, c, idPath(webhookPath, id))
}

// flexible decodes an answer that is either wrapped in {"data": ...} or bare, as the
// webhook subscription envelope is uncertain (API-FACTS §8).
func (c *Client) flexible(ctx context.Context, method, path string, q url.Values, body, out any) (*Response, error) {
	var raw json.RawMessage
	resp, err := c.Do(ctx, method, path, q, body, &raw)
	if err != nil {
		return resp, err
	}
	payload := bytes.TrimSpace(raw)
	if len(payload) > 0 && payload[0] == '{' {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(payload, &probe); err != nil {
			return resp, fmt.Errorf("salesloft: %s %s: decoding response: %w", method, path, err)
		}
		if d, ok := probe["data"]; ok {
			payload = d
		}
	}
	if len(payload) == 0 || bytes.Equal(payload, []byte("null")) {
		return resp, fmt.Errorf("salesloft: %s %s: empty response", method, path)
	}
	if err := json.Unmarshal(payload, out); err != nil {
		return resp, fmt.Errorf("salesloft: %s %s: decoding response: %w", method, path, err)
	}
	return resp, nil
}
