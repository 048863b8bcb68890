package run

import (
	"fmt"

	"github.com/agnivade/levenshtein"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/sim"
)

// checkFaultOperations refuses a fault aimed at an operation the contract
// does not have ("GET /v2/mee"), naming the nearest one: such a fault would
// never act, and the run would pass without testing what was asked.
func checkFaultOperations(s *settings) error {
	if len(s.faults) == 0 {
		return nil
	}
	c := s.contract
	if c == nil {
		var err error
		if c, err = contract.Load(); err != nil {
			return err
		}
	}
	for _, raw := range s.faults {
		f, err := sim.ParseFault(raw)
		if err != nil {
			return fmt.Errorf("--fault: %w", err)
		}
		if f.Operation == "" {
			continue
		}
		if _, ok := c.Operation(f.Operation); ok {
			continue
		}
		nearest, best := "", -1
		for _, op := range c.Operations() {
			if d := levenshtein.ComputeDistance(f.Operation, op.Key); best < 0 || d < best {
				nearest, best = op.Key, d
			}
		}
		return fmt.Errorf("--fault %q: the contract has no operation %q; did you mean %q? (loftgate contract list shows them all)", raw, f.Operation, nearest)
	}
	return nil
}
