// Package ir is the language-neutral model every front end produces: the
// string values a file builds, the names it binds them to, the calls it
// makes, and the functions and classes that hold them. The value-flow
// resolver (package flow) works on this model only, so adding a language
// means writing one front end and nothing else.
package ir

// Kind is the kind of an expression.
type Kind uint8

// Expression kinds.
const (
	// Unknown is a value the model does not follow (a number, an operator).
	Unknown Kind = iota
	// Str is a string literal; S holds its text.
	Str
	// Concat joins Parts: concatenation, templates, interpolation.
	Concat
	// Ref is a bare name; S holds it.
	Ref
	// Member is X.S: a field, attribute, property or constant of X.
	Member
	// CallK is a call; C holds it.
	CallK
	// Obj is an object, hash, dictionary or keyword list literal; Fields
	// hold its entries.
	Obj
	// Cond is a choice between Parts (ternary, if/else returns); S names
	// the variable tested, when the test is a bare name.
	Cond
	// Nil is nil, null, None or undefined.
	Nil
	// Self is this, self or the method receiver.
	Self
	// Super is super (a call to the parent class).
	Super
	// Format is a format call: Parts[0] is the format string, the rest
	// its arguments (printf %s, Python {} and %s).
	Format
)

// Expr is one expression.
type Expr struct {
	K      Kind
	S      string
	X      *Expr
	Parts  []*Expr
	C      *Call
	Fields map[string]*Expr
	Line   int
	// Func is the function a function value (a lambda, an arrow function,
	// a closure; K Unknown, S "func") defines, when the front end knows it.
	Func *Func
}

// Call is one call, constructor invocation or request builder.
type Call struct {
	// Fn is the callee: a Ref, a Member, or nil for an anonymous callee.
	Fn *Expr
	// Args are the positional arguments.
	Args []*Expr
	// KW are keyword arguments (Python, Ruby, Elixir, Kotlin named args).
	KW map[string]*Expr
	// Block is a block or closure passed to the call (Ruby do |req| ... end).
	Block *Func
	// New marks a constructor call (new X(), X.new, X{...} in Go).
	New bool
	// Decorates is the function this call decorates or annotates
	// (@app.get("/x") def f, @Get("/x") m(), Retrofit @GET("x") m()).
	Decorates *Func
	// Line is the 1-based line of the call.
	Line int
}

// Assign binds Value to Target (a Ref or a Member).
type Assign struct {
	Target *Expr
	Value  *Expr
	Line   int
}

// Func is a function, method, constructor or block body.
type Func struct {
	Name     string
	Class    *Class
	Params   []string
	Defaults map[string]*Expr
	Assigns  []Assign
	Calls    []*Call
	Returns  []*Expr
	Line     int
	// Types are the declared types of parameters and of the receiver
	// (Go), by name, without pointer or package.
	Types map[string]string
	// Ctor marks a constructor (constructor, __init__, initialize, New...).
	Ctor bool
	// Hidden marks a private or protected method: not part of a library's
	// public surface.
	Hidden bool
	File   *File
	// Outer is the function whose body defines this one (a closure, a
	// nested function), or the file's Top or a class's enclosing code.
	Outer *Func
}

// Class is a class, module or struct type with its methods.
type Class struct {
	Name    string
	Supers  []string
	Attrs   map[string]*Expr
	Methods map[string]*Func
	Line    int
	File    *File
}

// StrLit is a string literal with its line, for the token rules.
type StrLit struct {
	S    string
	Line int
}

// File is the model of one source file.
type File struct {
	Path string
	Lang string
	// Scope, when set, is the directory whose files share one namespace of
	// top-level names (a Go package): a bare name there never means another
	// directory's function. Empty when each file is its own module.
	Scope string
	// Top holds the module-level code: constants, variables, calls.
	Top     *Func
	Funcs   []*Func
	Classes []*Class
	// Strings are all string literals, for the token rules.
	Strings []StrLit
	// Idents are names read from the environment (process.env.X, ENV["X"]).
	EnvReads []StrLit
}

// NewFunc returns an empty function of file f.
func NewFunc(f *File, name string, line int) *Func {
	return &Func{Name: name, Line: line, File: f, Defaults: map[string]*Expr{}}
}

// Dotted returns the dotted name of a Ref/Member chain ("this.http.get"),
// or "" when e is not a chain of names.
func Dotted(e *Expr) string {
	if e == nil {
		return ""
	}
	switch e.K {
	case Ref:
		return e.S
	case Self:
		return "this"
	case Super:
		return "super"
	case Member:
		if x := Dotted(e.X); x != "" {
			return x + "." + e.S
		}
		if e.X != nil && e.X.K == CallK && e.X.C != nil {
			if x := Dotted(e.X.C.Fn); x != "" {
				return x + "()." + e.S
			}
		}
		return "?." + e.S
	}
	return ""
}

// Last returns the last name of a callee ("get" for this.http.get).
func Last(e *Expr) string {
	if e == nil {
		return ""
	}
	switch e.K {
	case Ref, Member:
		return e.S
	}
	return ""
}
