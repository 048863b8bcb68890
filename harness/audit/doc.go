// Package audit scans a codebase for the SalesLoft REST API v2 operations it
// calls, matches each call to the endpoint catalog (which carries the
// contract's cost and scope of every modelled operation), and turns what it
// finds into findings a CI gate can fail on.
//
// A scan runs in two phases. Phase one walks the tree with a bounded pool of
// workers; each file passes cheap checks (size, binary, UTF-8, vendored or
// generated, a substring prefilter) before a per-language extractor turns it
// into a small model: the string constants it defines, the calls it makes and
// the functions it declares. Phase two resolves every call's URL expression
// against the constants of all files, so a base URL defined in one file and a
// path written in another meet, then matches the result to the catalog.
//
// Only the models of files that mention SalesLoft, or use a name such a file
// gives a SalesLoft value, are kept, so memory depends on the size of the
// SalesLoft integration, not on the size of the tree.
package audit
