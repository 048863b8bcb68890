package audit

import (
	"context"
	"os"
	"testing"
)

func TestDebugCorpus(t *testing.T) {
	root := os.Getenv("AUDIT_DEBUG_ROOT")
	if root == "" {
		t.Skip()
	}
	res, err := Scan(context.Background(), Options{Root: root, IncludeNonCalls: os.Getenv("NONCALLS") != ""})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteText(os.Stdout, res); err != nil {
		t.Fatal(err)
	}
}
