// Package contracts holds the data loftgate checks SalesLoft against: the OpenAPI contract, the
// migration checklist and the catalog of every public v2 operation. The files are embedded so a
// built binary needs nothing beside it; package contract parses them.
package contracts

import _ "embed"

// OpenAPI is salesloft-v2.yaml: loftgate's OpenAPI 3.0.3 contract for the SalesLoft REST API v2
// operations the checks and typical integrations use, with envelopes, errors, rate headers and the
// per-operation x-cost and x-scope extensions.
//
//go:embed salesloft-v2.yaml
var OpenAPI []byte

// Checklist is checklist.yaml: every migration checklist item with its stable ID, level
// (MUST/SHOULD), area, source, the simulator fault that breaks it, and its description.
//
//go:embed checklist.yaml
var Checklist []byte

// Catalog is catalog.yaml: every public SalesLoft v2 operation (method and path template) plus the
// OAuth operations, each marked modelled when the OpenAPI contract describes it.
//
//go:embed catalog.yaml
var Catalog []byte
