// Package slapi is a small typed SalesLoft client. Its base is a *url.URL
// that may carry a proxy's path prefix; every request copies the base and
// extends the copy's path by the request path.
package slapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Client talks to one SalesLoft host.
type Client struct {
	root *url.URL
	hc   *http.Client
}

// Open parses root, e.g. "https://api.salesloft.com".
func Open(root string) (*Client, error) {
	u, err := url.Parse(root)
	if err != nil {
		return nil, err
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return &Client{root: u, hc: http.DefaultClient}, nil
}

// CallError names the call that failed.
type CallError struct {
	Verb string
	Path string
	Code int
}

func (e *CallError) Error() string { return fmt.Sprintf("%s %s: %d", e.Verb, e.Path, e.Code) }

// Call sends verb to path below the client's root.
func (c *Client) Call(ctx context.Context, verb, path string) (*http.Response, error) {
	u := *c.root
	u.Path = c.root.Path + path
	resp, err := c.send(ctx, verb, u.String())
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		return resp, &CallError{Verb: verb, Path: path, Code: resp.StatusCode}
	}
	return resp, nil
}

func (c *Client) send(ctx context.Context, verb, target string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, verb, target, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

// Steps lists cadence steps.
func (c *Client) Steps(ctx context.Context) (*http.Response, error) {
	return c.Call(ctx, http.MethodGet, "/v2/steps")
}

// Step fetches one cadence step.
func (c *Client) Step(ctx context.Context, id int) (*http.Response, error) {
	return c.Call(ctx, http.MethodGet, fmt.Sprintf("/v2/steps/%d", id))
}

// Unenroll removes a cadence membership.
func (c *Client) Unenroll(ctx context.Context, id int) (*http.Response, error) {
	return c.Call(ctx, http.MethodDelete, "/v2/cadence_memberships/"+strconv.Itoa(id))
}
