package secret

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/loftgate/loftgate/harness/wire"
)

// Kinds of personal data discovered while scrubbing.
const (
	// kindEmail is a person's email address; placeholder person-N@redacted.invalid.
	kindEmail Kind = "email"
	// kindPhone is a person's phone number; placeholder +1-555-000-NNNN.
	kindPhone Kind = "phone"
)

// apiKeyPattern finds strings that look like SalesLoft API keys ("ak_" plus
// hex, or StackOne's "v2_ak_<team>_<hex>"; API-FACTS §1.4).
var apiKeyPattern = regexp.MustCompile(`\b(?:v2_)?ak_[A-Za-z0-9_]{8,}`)

// emailPattern finds email addresses.
var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// fictionalPhone matches numbers reserved for fiction (NANP 555-01XX) and
// this package's own placeholders (555-000-NNNN): test data, kept.
var fictionalPhone = regexp.MustCompile(`(?:55501\d\d$)|(?:^1?555000\d{4}$)`)

// candidate is a secret value found while scrubbing.
type candidate struct {
	kind  Kind
	value string
}

// Discoverer collects candidate secrets from traffic in the order found;
// Commit then gives them numbered placeholders in a Set. Feeding the same
// exchanges in the same order always gives the same placeholders. The zero
// value is ready to use; it is not safe for concurrent use.
type Discoverer struct {
	cands     []candidate
	clientIDs []string
}

// Exchange is what discovery reads of one HTTP exchange.
type Exchange struct {
	// Path is the request path; on the accounts host's OAuth routes a
	// "code" is an authorization code.
	Path string
	// RawQuery is the request's query string.
	RawQuery string
	// RequestHeader and ResponseHeader are the headers (ResponseHeader may be nil).
	RequestHeader, ResponseHeader http.Header
	// RequestBody and ResponseBody are the bodies.
	RequestBody, ResponseBody []byte
}

// Exchange feeds everything secret-looking in one exchange to d: the
// Authorization header, the query, JSON and form bodies, and a redirect's
// Location.
func (d *Discoverer) Exchange(ex Exchange) {
	oauth := IsOAuthPath(ex.Path)
	d.authorization(ex.RequestHeader.Get("Authorization"))
	d.headers(ex.RequestHeader)
	if ex.RawQuery != "" {
		d.values(wire.ParseValues(ex.RawQuery, nil), oauth)
	}
	d.body(ex.RequestHeader.Get("Content-Type"), ex.RequestBody, oauth)
	if ex.ResponseHeader != nil {
		if loc := ex.ResponseHeader.Get("Location"); loc != "" {
			d.location(loc)
			d.text(loc)
		}
		d.body(ex.ResponseHeader.Get("Content-Type"), ex.ResponseBody, oauth)
	}
}

// IsOAuthPath reports whether a path is on the accounts host's OAuth routes,
// where "code" is an authorization code.
func IsOAuthPath(p string) bool {
	return strings.HasPrefix(p, "/oauth/") || strings.Contains(p, "callback")
}

// body feeds the secret fields of a JSON or form body to d.
func (d *Discoverer) body(contentType string, body []byte, oauth bool) {
	if len(body) == 0 {
		return
	}
	mt := wire.MediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		d.values(wire.ParseValues(string(body), nil), oauth)
		return
	case wire.IsJSON(mt) || mt == "":
		if v, err := wire.DecodeJSON(body); err == nil {
			d.json(v, "", oauth)
			return
		}
	}
	d.text(string(body))
}

// fieldKind classifies a JSON field, form field or query parameter name.
// "code" is an OAuth code only on the accounts host's paths (oauth), where
// it cannot be, say, a country code.
func fieldKind(name string, oauth bool) Kind {
	n := strings.ToLower(strings.TrimSuffix(name, "[]"))
	switch n {
	case "access_token", "id_token":
		return KindAccessToken
	case "refresh_token":
		return KindRefreshToken
	case "client_secret":
		return KindClientSecret
	case "callback_token":
		return KindCallbackToken
	case "api_key", "apikey":
		return KindAPIKey
	case "password":
		return KindPassword
	case "code":
		if oauth {
			return KindCode
		}
		return ""
	}
	if SecretName(name) {
		return KindSecret
	}
	switch {
	case strings.Contains(n, "email"):
		return kindEmail
	case strings.Contains(n, "phone") || n == "mobile" || n == "fax":
		return kindPhone
	}
	return ""
}

// value adds a value found under a field of the given kind.
func (d *Discoverer) value(kind Kind, v string) {
	switch kind {
	case "":
	case kindEmail:
		for _, e := range emailPattern.FindAllString(v, -1) {
			if !reservedEmail(e) {
				d.cands = append(d.cands, candidate{kindEmail, e})
			}
		}
	case kindPhone:
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, v)
		if len(digits) >= 7 && !fictionalPhone.MatchString(digits) {
			d.cands = append(d.cands, candidate{kindPhone, strings.TrimSpace(v)})
		}
	default:
		d.cands = append(d.cands, candidate{kind, v})
	}
}

// reservedEmail reports whether an address is in a domain reserved for
// tests and documentation (RFC 2606, RFC 6761): test data, kept.
func reservedEmail(addr string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(addr), "@")
	if !ok {
		return false
	}
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	for _, tld := range []string{".invalid", ".test", ".example", ".localhost"} {
		if strings.HasSuffix(domain, tld) {
			return true
		}
	}
	return domain == "localhost"
}

// text scans free text for API-key-looking strings.
func (d *Discoverer) text(s string) {
	if !strings.Contains(s, "ak_") {
		return
	}
	for _, k := range apiKeyPattern.FindAllString(s, -1) {
		d.cands = append(d.cands, candidate{KindAPIKey, k})
	}
}

// json walks a decoded JSON value (maps in sorted key order, so discovery
// order is deterministic) and adds the values of secret and personal fields.
// Strings holding JSON (a webhook delivery's raw body) are walked too.
func (d *Discoverer) json(v any, field string, oauth bool) {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			d.json(t[k], k, oauth)
		}
	case []any:
		for _, e := range t {
			d.json(e, field, oauth)
		}
	case string:
		d.value(fieldKind(field, oauth), t)
		d.text(t)
		if s := strings.TrimSpace(t); len(s) > 1 && (s[0] == '{' || s[0] == '[') {
			if inner, err := wire.DecodeJSON([]byte(s)); err == nil {
				d.json(inner, "", oauth)
			}
		}
	}
}

// values adds the values of secret and personal query or form fields.
func (d *Discoverer) values(v url.Values, oauth bool) {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kind := fieldKind(k, oauth)
		for _, val := range v[k] {
			d.value(kind, val)
			d.text(val)
		}
	}
}

// location adds the secrets of a redirect's query and fragment (code=,
// access_token=...): the authorize step redirects with the code.
func (d *Discoverer) location(loc string) {
	u, err := url.Parse(loc)
	if err != nil {
		return
	}
	d.values(wire.ParseValues(u.RawQuery, nil), true)
	if u.Fragment != "" {
		d.values(wire.ParseValues(u.Fragment, nil), true)
	}
}

// authorization adds the credentials of an Authorization header: a bearer
// token (an API key when it looks like one) or Basic client credentials.
func (d *Discoverer) authorization(h string) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok {
		return
	}
	cred = strings.TrimSpace(cred)
	switch strings.ToLower(scheme) {
	case "bearer", "token":
		if apiKeyPattern.FindString(cred) == cred {
			d.cands = append(d.cands, candidate{KindAPIKey, cred})
		} else {
			d.cands = append(d.cands, candidate{KindAccessToken, cred})
		}
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return
		}
		id, secret, ok := strings.Cut(string(raw), ":")
		if !ok {
			return
		}
		if uid, err := url.QueryUnescape(id); err == nil {
			id = uid
		}
		if us, err := url.QueryUnescape(secret); err == nil {
			secret = us
		}
		d.clientIDs = append(d.clientIDs, id)
		d.cands = append(d.cands, candidate{KindClientSecret, secret})
	}
}

// Commit gives the candidates placeholders in the order found, skipping
// values already known, placeholders, values too short to replace safely,
// and values that contain another secret (derived values such as
// secret+"-wrong" are scrubbed through the secret they contain, so replay
// can derive them again from the placeholder).
func (d *Discoverer) Commit(sec *Set) {
	sec.mu.Lock()
	defer sec.mu.Unlock()
	for _, id := range d.clientIDs {
		sec.addClientID(id)
	}
	distinct := map[string]bool{}
	var secretVals []string
	for _, c := range d.cands {
		if c.kind != kindEmail && c.kind != kindPhone && !distinct[c.value] {
			distinct[c.value] = true
			secretVals = append(secretVals, c.value)
		}
	}
	for v, k := range sec.kinds {
		if k != kindEmail && k != kindPhone && !distinct[v] {
			distinct[v] = true
			secretVals = append(secretVals, v)
		}
	}
	for v := range sec.pending {
		if !distinct[v] {
			distinct[v] = true
			secretVals = append(secretVals, v)
		}
	}
	for _, c := range d.cands {
		if _, known := sec.values[c.value]; known || isPlaceholder(c.value) {
			continue
		}
		if _, learnt := sec.pending[c.value]; learnt {
			sec.discover(c.kind, c.value)
			continue
		}
		if c.kind != kindEmail && c.kind != kindPhone {
			if len(c.value) < MinSecretLen || containsOther(c.value, secretVals) {
				continue
			}
		}
		sec.discover(c.kind, c.value)
	}
}

// Learn registers the candidates with sec as Set.Learn does, so that they
// are scrubbed from now on (output printed while the run goes on) without
// being numbered: Commit numbers them later, in the order that keeps
// recordings deterministic. The client ids of Basic credentials are
// remembered too. Values Commit would skip (too short, a placeholder, or
// containing another secret) are skipped.
func (d *Discoverer) Learn(sec *Set) {
	sec.mu.Lock()
	for _, id := range d.clientIDs {
		sec.addClientID(id)
	}
	known := make([]string, 0, len(sec.order)+len(sec.pendOrder))
	known = append(known, sec.order...)
	known = append(known, sec.pendOrder...)
	sec.mu.Unlock()
	var vals []string
	for _, c := range d.cands {
		vals = append(vals, c.value)
	}
	vals = append(vals, known...)
	for _, c := range d.cands {
		if c.kind == kindEmail || c.kind == kindPhone || containsOther(c.value, vals) {
			continue
		}
		sec.Learn(c.kind, c.value)
	}
}

// isPlaceholder reports whether v is (or is built from) a placeholder.
func isPlaceholder(v string) bool {
	return strings.HasPrefix(v, "redacted-") || strings.HasSuffix(v, "@redacted.invalid")
}

// containsOther reports whether v contains another of vals as a proper substring.
func containsOther(v string, vals []string) bool {
	for _, o := range vals {
		if o != v && len(o) >= MinSecretLen && strings.Contains(v, o) {
			return true
		}
	}
	return false
}

// headers adds the values of request headers with secret names (X-Api-Key,
// X-Auth-Token); Authorization is read by authorization.
func (d *Discoverer) headers(h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		if secretHeader(k) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			d.value(KindSecret, strings.TrimSpace(v))
		}
	}
}

// LooksLikeAPIKey reports whether s holds something shaped like a SalesLoft
// API key ("ak_" plus at least eight key characters).
func LooksLikeAPIKey(s string) bool {
	return strings.Contains(s, "ak_") && apiKeyPattern.MatchString(s)
}
