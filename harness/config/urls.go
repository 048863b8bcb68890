package config

import (
	"fmt"
	"net/url"

	"github.com/loftgate/loftgate/harness/secret"
)

// credentialsHelp says where credentials go instead of a URL.
const credentialsHelp = "credentials never go in a URL: set SALESLOFT_CLIENT_ID and SALESLOFT_CLIENT_SECRET " +
	"(or SALESLOFT_API_KEY, SALESLOFT_REFRESH_TOKEN) in the environment or in .env, and give the URL without them"

// checkURL checks one URL setting: an http(s) URL with a host, without userinfo and, when
// noSecretQuery is set, without a secret-like query parameter. Its messages never quote the
// URL's password or query values.
func checkURL(key, value string, noSecretQuery bool) error {
	u, err := url.Parse(value)
	if err != nil {
		return &Error{Source: key, Msg: "not a valid URL; give an http(s) URL such as https://api.salesloft.com"}
	}
	if u.User != nil {
		return &Error{Source: key, Msg: fmt.Sprintf("%s carries a user name or password (user:password@); %s", Redact(u), credentialsHelp)}
	}
	if noSecretQuery {
		for name := range u.Query() {
			if secret.SecretName(name) {
				return &Error{Source: key, Msg: fmt.Sprintf("%s carries the query parameter %q, which looks like a credential; %s", Redact(u), name, credentialsHelp)}
			}
		}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &Error{Source: key, Msg: fmt.Sprintf("%q is not an http(s) URL", Redact(u))}
	}
	return nil
}

// Redact returns a URL for messages: no user name or password, every query value masked.
func Redact(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for k, vs := range q {
			for i := range vs {
				vs[i] = "REDACTED"
			}
			q[k] = vs
		}
		c.RawQuery = q.Encode()
	}
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}
