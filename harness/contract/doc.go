// Package contract loads loftgate's OpenAPI contract of the SalesLoft REST API v2 and checks HTTP
// exchanges against it.
//
// The contract (contracts/salesloft-v2.yaml) is embedded; Load parses it once and builds a router
// and validators that are then shared by every goroutine. Match routes a request path to its
// operation whether or not the path ends in `.json` and whatever base path precedes `/v2` or
// `/oauth`, because SalesLoft accepts both forms (API-FACTS §3.1). Validate checks a request and
// its response and returns Violations, each naming the operation, a JSON path or header, and the
// rule broken. Transport does the same for every request an http.Client sends, without ever
// failing the call because of a violation.
//
// The package also holds the two other data files under contracts/: the migration checklist
// (Checklist) and the catalog of every public v2 operation (Catalog), which the audit uses to tell
// an endpoint that exists but is not modelled from one that does not exist.
//
// kin-openapi is used only here: the rest of loftgate sees Operation, Exchange and Violation.
package contract
