// Package sim is a stateful SalesLoft REST API v2 simulator served over real HTTP.
//
// One [Server] answers three families of paths on a single listener, so the
// accounts host and the API host may share one base URL:
//
//   - /oauth/authorize and /oauth/token: an OAuth 2.0 authorization server with
//     single-use authorization codes, rotating refresh tokens, client
//     credentials, client authentication by body or HTTP Basic, and token
//     requests encoded as JSON, form or query parameters (API-FACTS §1).
//   - /v2/...: the API itself (me, team, users, people, accounts, cadences,
//     cadence exports and imports, cadence memberships, webhook
//     subscriptions) with SalesLoft's envelopes, errors, scopes, the per-team
//     cost budget and its headers, paging, sorting and filtering, and signed,
//     retried webhook deliveries (API-FACTS §2-§8).
//   - /_sim/...: the control API used by specs: faults, the clock, the
//     webhook delivery log and request counts.
//
// Time never moves on its own: the server runs on a simulated clock that only
// [Server.Advance] (or POST /_sim/clock) moves, so token expiry, rate windows
// and webhook retries are testable without sleeping. Identifiers, tokens and
// seed data are deterministic: two fresh servers fed the same requests answer
// byte-identical bodies.
//
// The simulator shares no code with the client side it tests (harness/salesloft,
// harness/auth, harness/webhook, harness/contract): a fact computed the same
// wrong way on both sides would otherwise pass unnoticed.
package sim
