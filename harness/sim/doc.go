// Package sim is a stateful SalesLoft REST API v2 simulator served over real HTTP.
//
// One [Server] answers three families of paths on a single listener, so the
// accounts host and the API host may share one base URL:
//
//   - /oauth/authorize and /oauth/token: an OAuth 2.0 authorization server with
//     single-use authorization codes, rotating refresh tokens, client
//     credentials, client authentication by body or HTTP Basic, and token
//     requests encoded as JSON, form or query parameters (API-FACTS §1).
//   - /v2/...: the API itself (me, team, users, people, person upserts, accounts,
//     account and person stages, cadences, steps, cadence exports and imports,
//     cadence memberships, tasks, notes, calls, activities, custom fields, tags,
//     webhook subscriptions) with SalesLoft's envelopes, errors, scopes, the per-team
//     cost budget and its headers, paging, sorting and filtering, and signed,
//     retried webhook deliveries (API-FACTS §2-§8); every other operation the contract
//     describes to its envelope only is answered from one generic, table-driven store
//     (generic.go).
//   - /_sim/...: the control API used by specs: faults, the clock, the
//     webhook delivery log and request counts.
//
// Time never moves on its own: the server runs on a simulated clock that only
// [Server.Advance] (or POST /_sim/clock) moves, so token expiry, rate windows
// and webhook retries are testable without sleeping. Identifiers, tokens and
// seed data are deterministic: two fresh servers fed the same requests answer
// byte-identical bodies.
//
// Where the public facts leave a choice open, the simulator answers as follows:
//
//   - 401: no Bearer credential gives the documented "No Bearer Token attached ..."
//     body; an unknown token {"error":"The access token is invalid"}; an expired one
//     {"error":"The access token expired"} (Doorkeeper's wording), both with a
//     WWW-Authenticate: Bearer error="invalid_token" challenge.
//   - 404 for an unknown id, an unknown route, or a known path with another method is
//     JSON {"error":"Not Found"}, never an HTML page, so every client can parse it. A body
//     that cannot be parsed is 400 {"error": ...}. Creates answer 200 (SPEC; a generic one
//     201 where SalesLoft documents it), deletes 204, and deleting an already deleted record
//     answers 204 again.
//   - Every /v2 answer, errors included, carries the rate headers. Unauthenticated
//     requests and unknown routes are not charged and claim x-ratelimit-endpoint-cost 0;
//     everything authenticated is charged what it claims. A 429 claims the cost it refused.
//   - Webhooks are posted only to loopback hosts unless Options.AllowRemoteWebhooks is set;
//     the /_sim control API demands "Authorization: Bearer <token>" when
//     Options.ControlToken is set.
//   - Client credentials act as user 1 (the admin who created the app). Old access tokens
//     stay valid until they expire when their refresh token rotates.
//   - With ManualApprove, the page's form POSTs client_id, redirect_uri, response_type,
//     state, scope, email, password and decision ("approve" or "deny") to
//     /oauth/authorize; any non-empty password signs in an active seeded user. The
//     callback's context parameter is the opaque "sim-team-1".
//   - Events emitted: person_created/updated/deleted, account_created/updated/deleted,
//     cadence_created (import) and cadence_updated (steps imported onto a cadence),
//     cadence_membership_created, cadence_membership_updated (re-added or removed),
//     task_created/updated/completed, note_created/updated/deleted and call_created.
//     Deliveries due are sent before every request is handled, again after every /v2
//     request (before its answer is written), and on Advance.
//   - DELETE /_sim/faults clears the faults added through the control API; run-wide
//     faults from Options.Faults stay for the server's life.
//
// # Request forms
//
// SalesLoft runs on Rails, and the simulator accepts what a Rails router accepts:
//
//   - a trailing slash (/v2/people/ and /v2/people/7/) and a .json suffix, alone or together;
//   - HEAD on any GET route: the GET answer's status and headers, no body, the same cost;
//   - PATCH on any PUT route (Rails maps both verbs to update); PATCH elsewhere is a 404;
//   - array parameters as a comma list (ids=1,2, SPEC's style: form, explode: false), the
//     Rails bracket form (ids[]=1&ids[]=2, what real clients send, API-FACTS §7), the indexed
//     form of PHP and qs encoders (ids[0]=1&ids[1]=2, taken in index order) and a repeated
//     plain name (ids=1&ids=2); forms given together are merged;
//   - the timestamp filters field[gt|gte|lt|lte]=t and the plain equality form field=t
//     (a comma list matches any), at microsecond precision;
//   - the sort_by keys SPEC lists for each list (people: call_count, job_seniority, ...).
//
// Faults ([FaultNames], [ParseFault]) make the simulator misbehave on purpose. Besides the
// list, four faults each break checklist items a client should notice:
//
//   - accept_any_secret: POST /oauth/token does not check client_secret for a known
//     client_id, so a wrong secret gets a token instead of 401 invalid_client
//     (AUTH-CC-INVALID-CLIENT). Unknown clients are still refused.
//   - ignore_scopes: the API does not enforce scopes; a credential lacking an
//     operation's scope is served as if it held it, with no 403 (AUTH-SCOPE).
//   - token_lifetime=N: token responses of every grant carry expires_in N (seconds,
//     1 or more) and their access tokens expire N seconds later on the simulated clock,
//     so a client refreshing a fixed margin before expiry may see every token as due
//     at once (AUTH-REFRESH-SINGLE-FLIGHT).
//   - lenient_validation: the creates (POST /v2/people, /v2/accounts, /v2/cadence_imports,
//     /v2/cadence_memberships, /v2/webhook_subscriptions) stop validating: a request missing
//     required fields or holding invalid values gets 200 and a record instead of 422. What is
//     missing or of the wrong JSON type gets a default (an empty name, the caller as owner,
//     null for an unknown person, account or cadence, cadence_function "outbound", steps of
//     type "Other", false and 0), so later GETs and exports render documented types; invalid
//     strings (cadence_function "sideways", step type "Fax", event type "nope") are stored as
//     sent, and an import naming an unknown cadence_id creates a new cadence. Conflicts with
//     stored data (a taken email or domain, a person already on the cadence, steps onto a
//     cadence that has steps) and require_field faults still answer 422; updates still
//     validate (ERR-422-FIELDS, CAD-IMPORT-INVALID, HOOK-SUBSCRIBE).
//
// The simulator shares no code with the client side it tests (harness/salesloft,
// harness/auth, harness/webhook, harness/contract): a fact computed the same
// wrong way on both sides would otherwise pass unnoticed.
package sim
