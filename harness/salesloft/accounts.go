package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Account is a SalesLoft account (a company), from /v2/accounts.
type Account struct {
	// ID is the account's id.
	ID int `json:"id"`
	// Name is the company name.
	Name string `json:"name"`
	// Domain is the company's web domain; unique on the team.
	Domain string `json:"domain"`
	// ConversationalName is the informal company name.
	ConversationalName string `json:"conversational_name"`
	// Description describes the company.
	Description string `json:"description"`
	// Phone is the main phone number.
	Phone string `json:"phone"`
	// Website is the company website.
	Website string `json:"website"`
	// City is the company's city.
	City string `json:"city"`
	// State is the company's state or region.
	State string `json:"state"`
	// Country is the company's country.
	Country string `json:"country"`
	// Industry is the company's industry.
	Industry string `json:"industry"`
	// DoNotContact is true when the company must not be contacted.
	DoNotContact bool `json:"do_not_contact"`
	// Tags are the account's tags.
	Tags []string `json:"tags"`
	// CustomFields maps custom field names to values.
	CustomFields map[string]any `json:"custom_fields"`
	// Owner references the owning user, if any.
	Owner *Ref `json:"owner"`
	// Creator references the creating user, if any.
	Creator *Ref `json:"creator"`
	// ArchivedAt is when the account was archived; nil if it is not.
	ArchivedAt *time.Time `json:"archived_at"`
	// CreatedAt is when the account was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the account last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received, including fields not named above.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (a *Account) UnmarshalJSON(b []byte) error {
	type plain Account
	return keepRaw(b, (*plain)(a), &a.Raw)
}

// AccountInput is the body of an account create or update. Empty fields are not sent.
// A create needs Name and Domain.
type AccountInput struct {
	// Name is the company name (required on create).
	Name string `json:"name,omitempty"`
	// Domain is the company's web domain (required on create; unique on the team).
	Domain string `json:"domain,omitempty"`
	// Description describes the company.
	Description string `json:"description,omitempty"`
	// Phone is the main phone number.
	Phone string `json:"phone,omitempty"`
	// Website is the company website.
	Website string `json:"website,omitempty"`
	// City is the company's city.
	City string `json:"city,omitempty"`
	// State is the company's state or region.
	State string `json:"state,omitempty"`
	// Country is the company's country.
	Country string `json:"country,omitempty"`
	// Industry is the company's industry.
	Industry string `json:"industry,omitempty"`
	// OwnerID sets the owning user.
	OwnerID *int `json:"owner_id,omitempty"`
	// Tags replaces the account's tags.
	Tags []string `json:"tags,omitempty"`
	// CustomFields sets custom field values by name.
	CustomFields map[string]any `json:"custom_fields,omitempty"`
	// Extra adds any other fields to the body; it wins over a field above with the same name.
	Extra map[string]any `json:"-"`
}

// MarshalJSON encodes the set fields plus Extra.
func (in AccountInput) MarshalJSON() ([]byte, error) {
	type plain AccountInput
	return withExtra(plain(in), in.Extra)
}

// ListAccounts returns one page of accounts (GET /v2/accounts; scope accounts:read).
func (c *Client) ListAccounts(ctx context.Context, opts ListOptions) ([]Account, *Response, error) {
	return list[Account](ctx, c, "/v2/accounts", opts)
}

// GetAccount returns one account (GET /v2/accounts/{id}; scope accounts:read).
func (c *Client) GetAccount(ctx context.Context, id int) (*Account, *Response, error) {
	return one[Account](ctx, c, http.MethodGet, idPath("/v2/accounts", id), nil)
}

// CreateAccount creates an account (POST /v2/accounts; scope accounts:write).
func (c *Client) CreateAccount(ctx context.Context, in AccountInput) (*Account, *Response, error) {
	return one[Account](ctx, c, http.MethodPost, "/v2/accounts", in)
}

// UpdateAccount changes the fields set in in (PUT /v2/accounts/{id}; scope accounts:write).
func (c *Client) UpdateAccount(ctx context.Context, id int, in AccountInput) (*Account, *Response, error) {
	return one[Account](ctx, c, http.MethodPut, idPath("/v2/accounts", id), in)
}

// DeleteAccount deletes an account and unlinks its people (DELETE /v2/accounts/{id};
// scope accounts:delete). SalesLoft answers 204.
func (c *Client) DeleteAccount(ctx context.Context, id int) (*Response, error) {
	return remove(ctx, c, idPath("/v2/accounts", id))
}
