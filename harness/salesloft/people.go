package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Person is a SalesLoft person (a contact), from /v2/people.
type Person struct {
	// ID is the person's id.
	ID int `json:"id"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// DisplayName is the name SalesLoft shows.
	DisplayName string `json:"display_name"`
	// EmailAddress is the primary email; unique on the team.
	EmailAddress string `json:"email_address"`
	// SecondaryEmailAddress is another email address.
	SecondaryEmailAddress string `json:"secondary_email_address"`
	// PersonalEmailAddress is a personal email address.
	PersonalEmailAddress string `json:"personal_email_address"`
	// Phone is the main phone number.
	Phone string `json:"phone"`
	// PhoneExtension is the main phone's extension.
	PhoneExtension string `json:"phone_extension"`
	// MobilePhone is the mobile number.
	MobilePhone string `json:"mobile_phone"`
	// HomePhone is the home number.
	HomePhone string `json:"home_phone"`
	// Title is the job title.
	Title string `json:"title"`
	// City is the person's city.
	City string `json:"city"`
	// State is the person's state or region.
	State string `json:"state"`
	// Country is the person's country.
	Country string `json:"country"`
	// PersonCompanyName is the company name stored on the person.
	PersonCompanyName string `json:"person_company_name"`
	// LinkedinURL is the LinkedIn profile URL.
	LinkedinURL string `json:"linkedin_url"`
	// DoNotContact is true when the person must not be contacted.
	DoNotContact bool `json:"do_not_contact"`
	// Bouncing is true when email to the person bounces.
	Bouncing bool `json:"bouncing"`
	// Tags are the person's tags.
	Tags []string `json:"tags"`
	// CustomFields maps custom field names to values.
	CustomFields map[string]any `json:"custom_fields"`
	// Account references the person's account, if any.
	Account *Ref `json:"account"`
	// Owner references the owning user, if any.
	Owner *Ref `json:"owner"`
	// LastContactedAt is when the person was last contacted; nil if never.
	LastContactedAt *time.Time `json:"last_contacted_at"`
	// CreatedAt is when the person was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the person last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received, including fields not named above.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (p *Person) UnmarshalJSON(b []byte) error {
	type plain Person
	return keepRaw(b, (*plain)(p), &p.Raw)
}

// PersonInput is the body of a person create or update. Empty fields are not sent.
// A create needs EmailAddress, or Phone and LastName, as a unique lookup on the team.
type PersonInput struct {
	// EmailAddress is the primary email; a duplicate gives a 422 on email_address.
	EmailAddress string `json:"email_address,omitempty"`
	// FirstName is the first name.
	FirstName string `json:"first_name,omitempty"`
	// LastName is the last name.
	LastName string `json:"last_name,omitempty"`
	// Phone is the main phone number.
	Phone string `json:"phone,omitempty"`
	// Title is the job title.
	Title string `json:"title,omitempty"`
	// City is the person's city.
	City string `json:"city,omitempty"`
	// State is the person's state or region.
	State string `json:"state,omitempty"`
	// Country is the person's country.
	Country string `json:"country,omitempty"`
	// PersonCompanyName is the company name stored on the person.
	PersonCompanyName string `json:"person_company_name,omitempty"`
	// AccountID links the person to an account.
	AccountID *int `json:"account_id,omitempty"`
	// OwnerID sets the owning user.
	OwnerID *int `json:"owner_id,omitempty"`
	// Tags replaces the person's tags.
	Tags []string `json:"tags,omitempty"`
	// CustomFields sets custom field values by name.
	CustomFields map[string]any `json:"custom_fields,omitempty"`
	// Extra adds any other fields to the body (a field newly required by SalesLoft, say);
	// it wins over a field above with the same name.
	Extra map[string]any `json:"-"`
}

// MarshalJSON encodes the set fields plus Extra.
func (in PersonInput) MarshalJSON() ([]byte, error) {
	type plain PersonInput
	return withExtra(plain(in), in.Extra)
}

// ListPeople returns one page of people (GET /v2/people; scope people:read).
func (c *Client) ListPeople(ctx context.Context, opts ListOptions) ([]Person, *Response, error) {
	return list[Person](ctx, c, "/v2/people", opts)
}

// GetPerson returns one person (GET /v2/people/{id}; scope people:read).
func (c *Client) GetPerson(ctx context.Context, id int) (*Person, *Response, error) {
	return one[Person](ctx, c, http.MethodGet, idPath("/v2/people", id), nil)
}

// CreatePerson creates a person (POST /v2/people; scope people:write). It is never retried
// after a 5xx, which could have created the person.
func (c *Client) CreatePerson(ctx context.Context, in PersonInput) (*Person, *Response, error) {
	return one[Person](ctx, c, http.MethodPost, "/v2/people", in)
}

// UpdatePerson changes the fields set in in (PUT /v2/people/{id}; scope people:write).
func (c *Client) UpdatePerson(ctx context.Context, id int, in PersonInput) (*Person, *Response, error) {
	return one[Person](ctx, c, http.MethodPut, idPath("/v2/people", id), in)
}

// DeletePerson deletes a person (DELETE /v2/people/{id}; scope people:delete). SalesLoft
// answers 204 and accepts repeated deletes.
func (c *Client) DeletePerson(ctx context.Context, id int) (*Response, error) {
	return remove(ctx, c, idPath("/v2/people", id))
}
