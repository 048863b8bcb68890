// Package interop runs published SalesLoft clients from npm against loftgate's
// sim, proxy and serve commands, and loftgate's OAuth specs against standard
// OAuth 2.0 servers from npm. Its tests need Node.js and the packages pinned in
// package-lock.json; they run with `make interop` (LOFTGATE_INTEROP=1) and skip
// under a plain `go test ./...`.
package interop
