package salesloft

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Cadence is a SalesLoft cadence (a sequence of steps), from /v2/cadences. Cadences cannot
// be created or changed through /v2/cadences; use ImportCadence.
type Cadence struct {
	// ID is the cadence's id.
	ID int `json:"id"`
	// Name is the cadence's name.
	Name string `json:"name"`
	// TeamCadence is true for a team cadence, which teammates may add people to.
	TeamCadence bool `json:"team_cadence"`
	// Shared is true when the cadence is visible to the team.
	Shared bool `json:"shared"`
	// Draft is true while the cadence is a draft.
	Draft bool `json:"draft"`
	// CadenceFunction is outbound, inbound, event or other.
	CadenceFunction string `json:"cadence_function"`
	// CurrentState is draft, active, archived, expired or deleted (read-only).
	CurrentState string `json:"current_state"`
	// Tags are the cadence's tags.
	Tags []string `json:"tags"`
	// Owner references the owning user.
	Owner *Ref `json:"owner"`
	// Creator references the creating user.
	Creator *Ref `json:"creator"`
	// ArchivedAt is when the cadence was archived; nil if it is not.
	ArchivedAt *time.Time `json:"archived_at"`
	// CreatedAt is when the cadence was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the cadence last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received, including fields not named above
	// (counts, stages, groups, external_identifier, cadence_priority...).
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (cd *Cadence) UnmarshalJSON(b []byte) error {
	type plain Cadence
	return keepRaw(b, (*plain)(cd), &cd.Raw)
}

// CadenceMembership is a person's membership of a cadence, from /v2/cadence_memberships.
type CadenceMembership struct {
	// ID is the membership's id. Re-adding a person reuses the same record.
	ID int `json:"id"`
	// CurrentState is processing, staged, active, scheduled, completed, removed,
	// removed_no_action or reassigned.
	CurrentState string `json:"current_state"`
	// CurrentlyOnCadence is true while the person is on the cadence.
	CurrentlyOnCadence bool `json:"currently_on_cadence"`
	// PersonDeleted is true when the person has been deleted.
	PersonDeleted bool `json:"person_deleted"`
	// Person references the person.
	Person *Ref `json:"person"`
	// Cadence references the cadence.
	Cadence *Ref `json:"cadence"`
	// User references the user the person was added for.
	User *Ref `json:"user"`
	// LatestAction references the latest action, if any.
	LatestAction *Ref `json:"latest_action"`
	// Counts holds activity counts (sent_emails, replies, calls, ...).
	Counts map[string]int `json:"counts"`
	// AddedAt is when the person was added.
	AddedAt *time.Time `json:"added_at"`
	// CreatedAt is when the membership was created.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is when the membership last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// Raw is the record exactly as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the record and keeps it in Raw.
func (m *CadenceMembership) UnmarshalJSON(b []byte) error {
	type plain CadenceMembership
	return keepRaw(b, (*plain)(m), &m.Raw)
}

// CadenceMembershipInput adds a person to a cadence. It is sent as a JSON body, as public
// clients do (API-FACTS §3.2).
type CadenceMembershipInput struct {
	// PersonID is the person to add (required).
	PersonID int `json:"person_id"`
	// CadenceID is the cadence to add them to (required).
	CadenceID int `json:"cadence_id"`
	// UserID adds the person on a teammate's behalf; allowed only for a team cadence, a
	// cadence the teammate owns, or with Personal Cadence Admin permission.
	UserID *int `json:"user_id,omitempty"`
	// StepID starts the person at this step.
	StepID *int `json:"step_id,omitempty"`
}

// ListCadences returns one page of cadences (GET /v2/cadences; scope cadences:read).
func (c *Client) ListCadences(ctx context.Context, opts ListOptions) ([]Cadence, *Response, error) {
	return list[Cadence](ctx, c, "/v2/cadences", opts)
}

// GetCadence returns one cadence (GET /v2/cadences/{id}; scope cadences:read).
func (c *Client) GetCadence(ctx context.Context, id int) (*Cadence, *Response, error) {
	return one[Cadence](ctx, c, http.MethodGet, idPath("/v2/cadences", id), nil)
}

// ListCadenceMemberships returns one page of memberships (GET /v2/cadence_memberships;
// scope cadences:read). Filter with Extra, e.g. {"person_id": {"12"}}.
func (c *Client) ListCadenceMemberships(ctx context.Context, opts ListOptions) ([]CadenceMembership, *Response, error) {
	return list[CadenceMembership](ctx, c, "/v2/cadence_memberships", opts)
}

// CreateCadenceMembership adds a person to a cadence (POST /v2/cadence_memberships;
// scope cadences:write).
func (c *Client) CreateCadenceMembership(ctx context.Context, in CadenceMembershipInput) (*CadenceMembership, *Response, error) {
	return one[CadenceMembership](ctx, c, http.MethodPost, "/v2/cadence_memberships", in)
}
