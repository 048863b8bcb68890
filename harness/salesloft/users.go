package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// User is a SalesLoft user, as returned by GET /v2/me and GET /v2/users (API-FACTS §2).
type User struct {
	// ID is the user's id.
	ID int `json:"id"`
	// GUID is the user's UUID.
	GUID string `json:"guid"`
	// Name is the full name.
	Name string `json:"name"`
	// FirstName is the first name.
	FirstName string `json:"first_name"`
	// LastName is the last name.
	LastName string `json:"last_name"`
	// Email is the login email address.
	Email string `json:"email"`
	// Active is false for deactivated users.
	Active bool `json:"active"`
	// TimeZone is an IANA-like zone name, e.g. "US/Eastern".
	TimeZone string `json:"time_zone"`
	// TeamAdmin is true for team administrators.
	TeamAdmin bool `json:"team_admin"`
	// Team references the user's team ({"id", "_href"}).
	Team *Ref `json:"team"`
	// Group references the user's group, if any.
	Group *Ref `json:"group"`
	// Role references the user's role, if any.
	// It is kept raw: SalesLoft's old description gives the role an integer
	// id, while role ids seen elsewhere are strings, and a client must not
	// fail on a field the integration may not even read.
	Role json.RawMessage `json:"role"`
	// CreatedAt is when the user was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the user last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received, including fields not named above.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	return keepRaw(b, (*plain)(u), &u.Raw)
}

// Team is the authenticated user's team, from GET /v2/team.
type Team struct {
	// ID is the team's id.
	ID int `json:"id"`
	// Name is the team's name.
	Name string `json:"name"`
	// Plan is the team's SalesLoft plan.
	Plan string `json:"plan"`
	// LicenseLimit is the number of user licences.
	LicenseLimit int `json:"license_limit"`
	// EmailDailyLimit is the per-user daily email limit.
	EmailDailyLimit int `json:"email_daily_limit"`
	// GroupPrivacySetting controls record visibility across groups; it is why a record
	// can answer 404 to one user and 200 to another.
	GroupPrivacySetting string `json:"group_privacy_setting"`
	// CreatedAt is when the team was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the team last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (t *Team) UnmarshalJSON(b []byte) error {
	type plain Team
	return keepRaw(b, (*plain)(t), &t.Raw)
}

// Me returns the authenticated user (GET /v2/me). Any valid token may call it.
func (c *Client) Me(ctx context.Context) (*User, *Response, error) {
	return one[User](ctx, c, http.MethodGet, "/v2/me", nil)
}

// Team returns the authenticated user's team (GET /v2/team; scope team:read).
func (c *Client) Team(ctx context.Context) (*Team, *Response, error) {
	return one[Team](ctx, c, http.MethodGet, "/v2/team", nil)
}

// ListUsers returns one page of users (GET /v2/users; scope users:read). SalesLoft returns
// every user unless a page is given.
func (c *Client) ListUsers(ctx context.Context, opts ListOptions) ([]User, *Response, error) {
	return list[User](ctx, c, "/v2/users", opts)
}
