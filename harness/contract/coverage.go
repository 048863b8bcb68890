package contract

import (
	"maps"
	"sync"
)

// Coverage counts how often each operation was exercised during a run. The zero value is ready
// to use and it is safe for concurrent use.
type Coverage struct {
	mu     sync.Mutex
	counts map[string]int
}

// Add counts one exchange of the operation with the given key, e.g. "GET /v2/me".
func (c *Coverage) Add(opKey string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[opKey]++
}

// Counts returns a copy of the counts by operation key.
func (c *Coverage) Counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	maps.Copy(out, c.counts)
	return out
}
