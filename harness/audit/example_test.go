package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/loftgate/loftgate/harness/audit"
)

// ExampleScan audits a small tree and gates on errors, as
// `loftgate audit DIR --fail-on error` does.
func ExampleScan() {
	dir, err := os.MkdirTemp("", "audit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	src := "import requests\nBASE = 'https://api.salesloft.com/v2'\nrequests.get(BASE + '/people', params={'per_page': 100})\n"
	if err := os.WriteFile(filepath.Join(dir, "sync.py"), []byte(src), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	res, err := audit.Scan(context.Background(), audit.Options{Root: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range res.Usages {
		fmt.Println(u.Method, u.Path, u.File, u.Line, u.Operation, u.Scope, u.Attributes["per_page"])
	}
	fmt.Println("gate fails:", res.Gate("error"))
	// Output:
	// GET /v2/people sync.py 3 GET /v2/people people:read 100
	// gate fails: false
}
