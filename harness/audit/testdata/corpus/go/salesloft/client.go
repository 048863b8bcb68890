package salesloft

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Client talks to the SalesLoft REST API.
type Client struct {
	baseURL string
	http    *http.Client
	token   string
}

// New returns a client for the production API.
func New(token string) *Client {
	return &Client{baseURL: DefaultBaseURL + apiVersion, http: http.DefaultClient, token: token}
}

func (c *Client) do(ctx context.Context, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	return c.http.Do(req)
}

// ListPeople returns one page of people.
func (c *Client) ListPeople(ctx context.Context, page int) (*http.Response, error) {
	return c.do(ctx, http.MethodGet, "/people?per_page=100&page="+strconv.Itoa(page), nil)
}

// GetPerson fetches one person.
func (c *Client) GetPerson(ctx context.Context, id int) (*http.Response, error) {
	return c.do(ctx, "GET", fmt.Sprintf("/people/%d", id), nil)
}

// AddToCadence enrolls a person.
func (c *Client) AddToCadence(ctx context.Context, personID, cadenceID int) (*http.Response, error) {
	body := fmt.Sprintf(`{"person_id":%d,"cadence_id":%d}`, personID, cadenceID)
	return c.do(ctx, http.MethodPost, "/cadence_memberships", strings.NewReader(body))
}

// DeleteAccount removes an account.
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	resp, err := c.do(ctx, http.MethodDelete, "/accounts/"+id, nil)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
