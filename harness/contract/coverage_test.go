package contract

import (
	"sync"
	"testing"
)

func TestCoverage(t *testing.T) {
	var cov Coverage
	if got := cov.Counts(); len(got) != 0 {
		t.Fatalf("zero Coverage has counts %v", got)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				cov.Add("GET /v2/me")
				cov.Add("GET /v2/people")
			}
		})
	}
	wg.Wait()
	got := cov.Counts()
	if got["GET /v2/me"] != 800 || got["GET /v2/people"] != 800 || len(got) != 2 {
		t.Errorf("Counts() = %v, want 800 each of two operations", got)
	}
	got["GET /v2/me"] = 0
	if cov.Counts()["GET /v2/me"] != 800 {
		t.Error("Counts() must return a copy")
	}
}
