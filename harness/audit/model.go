package audit

import "strings"

// termKind is the kind of one term of a string expression.
type termKind uint8

const (
	kLit  termKind = iota + 1 // literal text
	kRef                      // reference to a name ("BASE", "this.base", "Config.ROOT")
	kCall                     // call whose result may be a string (format, join, user function)
	kObj                      // object, hash or keyword list literal (fields)
	kHole                     // a value the audit cannot know
	kNum                      // number literal
)

// term is one piece of a concatenation.
type term struct {
	kind termKind
	s    string
	call *callExpr
	obj  map[string]expr
}

// expr is a concatenation of terms: what a string expression is built of.
type expr []term

// callExpr is one call in the source, with its arguments as expressions.
type callExpr struct {
	callee string          // dotted chain: "requests.get", "this.http.post", "new URL"
	args   []expr          // positional arguments
	kw     map[string]expr // keyword arguments and fields of object-literal arguments, keys lower-cased
	line   int
	isNew  bool
	hints  []string // HTTP verbs stated around the call, nearest first
	attrs  map[string]string
	route  bool // a server route definition, not a call
	mock   bool // a test double (nock, WebMock, responses, ...)
	annot  bool // a Java/Kotlin annotation such as Retrofit's @GET("...")
	fn     *funcInfo
	file   *fileModel
}

// recv returns the receiver chain of the callee ("" for a bare function).
func (c *callExpr) recv() string {
	i := strings.LastIndexByte(c.callee, '.')
	if i < 0 {
		return ""
	}
	return c.callee[:i]
}

// name returns the last segment of the callee.
func (c *callExpr) name() string {
	return lastSeg(c.callee)
}

// def is a name bound to an expression: a constant, variable, attribute,
// object field or keyword argument.
type def struct {
	name  string // as written: "BASE_URL", "this.baseUrl", "@base"
	val   expr
	line  int
	fn    *funcInfo // enclosing function, nil at file or class level
	class string
	file  *fileModel
}

// funcInfo is a function or method declaration.
type funcInfo struct {
	name     string
	class    string
	params   []string
	defaults map[string]expr // default values of parameters
	ret      expr            // returned expression when the function builds a string
	line     int
	file     *fileModel
	calls    []*callExpr
	retLine  int
}

// fileModel is what an extractor keeps of one file.
type fileModel struct {
	rel      string // path relative to the root, slash-separated
	dir      string
	lang     string
	pkg      string // Go package name
	nonCall  bool
	defs     []*def
	calls    []*callExpr
	funcs    []*funcInfo
	findings []Finding
	direct   []rawUsage // usages an extractor found without resolution (manifests, SDK calls)
	pageLoop int        // line of a loop over page, 0 if none
	defIndex map[string][]*def
	cursor   bool // mentions updated_at (a cursor poller)
}

// rawUsage is a usage before catalog matching.
type rawUsage struct {
	method string
	url    string
	line   int
	attrs  map[string]string
	via    string
}

func lastSeg(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// simpleName strips receivers and sigils: "this.baseUrl" -> "baseUrl",
// "@base" -> "base", "self::BASE" -> "BASE".
func simpleName(s string) string {
	s = lastSeg(s)
	return strings.TrimLeft(s, "@$")
}

func lit(s string) expr { return expr{{kind: kLit, s: s}} }
