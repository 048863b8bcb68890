// Command loftgate turns the SalesLoft REST API v2 migration checklist into
// executable conformance specs and gates CI on them.
//
// Exit codes: 0 every required checklist item passed (or the command
// succeeded); 1 a required item failed, the run timed out, drift was found
// with --check, or an audit gate failed; 2 a usage or configuration error;
// 130 and 143 a run or record interrupted by SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(execute(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// execute runs the CLI with the given output streams and maps its error to
// an exit code. Tests call it in-process.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "loftgate:", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors (unknown flag, bad argument count) are usage errors.
	fmt.Fprintln(stderr, "loftgate:", err)
	fmt.Fprintln(stderr, "run `loftgate --help` for usage")
	return 2
}

// exitError carries an exit code and an optional message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr is exit code 2: the user's input or configuration is wrong.
func usageErr(err error) error { return &exitError{code: 2, err: err} }

// failed is exit code 1: the command ran and its gate failed.
func failed(err error) error { return &exitError{code: 1, err: err} }
