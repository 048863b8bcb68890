package sim

// activeFault is a fault in force, with its id and the uses it has left.
type activeFault struct {
	id    int
	fault Fault
	// op is fault.Operation normalised ("" = every applicable operation).
	op string
	// left counts remaining uses; 0 means unlimited.
	left int
	// runWide marks faults from Options.Faults, which DELETE /_sim/faults keeps.
	runWide bool
}

// addFaultLocked puts f in force and returns its id. f must be valid.
func (s *Server) addFaultLocked(f Fault, runWide bool) int {
	s.nextFault++
	op := ""
	if f.Operation != "" {
		if n, err := normalizeOperation(f.Operation); err == nil {
			op = n
		}
	}
	s.faults = append(s.faults, &activeFault{id: s.nextFault, fault: f, op: op, left: f.Count, runWide: runWide})
	return s.nextFault
}

// clearFaultsLocked removes every fault added through the control API.
func (s *Server) clearFaultsLocked() {
	kept := s.faults[:0]
	for _, af := range s.faults {
		if af.runWide {
			kept = append(kept, af)
		}
	}
	clear(s.faults[len(kept):])
	s.faults = kept
}

// matches reports whether af applies to operation k. An empty operation matches every /v2
// operation, and every context for faults that are not HTTP-level (token, delivery and
// credential faults); HTTP-level faults reach /oauth/* only when they name it.
func (af *activeFault) matches(k opKey) bool {
	if af.op == "" {
		return k.api || !httpFault(af.fault.Name)
	}
	return af.op == k.method+" "+k.template || af.op == k.method+" "+k.path
}

// takeFaultLocked finds the first fault called name that applies to k (and satisfies
// accept, when given), uses it up once, and returns it.
func (s *Server) takeFaultLocked(name FaultName, k opKey, accept func(Fault) bool) (Fault, bool) {
	for i, af := range s.faults {
		if af.fault.Name != name || !af.matches(k) || accept != nil && !accept(af.fault) {
			continue
		}
		if af.left > 0 {
			af.left--
			if af.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return af.fault, true
	}
	return Fault{}, false
}

// takeFaultsLocked uses up once every fault called name that applies to k.
func (s *Server) takeFaultsLocked(name FaultName, k opKey) []Fault {
	var out []Fault
	kept := s.faults[:0]
	for _, af := range s.faults {
		if af.fault.Name == name && af.matches(k) {
			out = append(out, af.fault)
			if af.left > 0 {
				af.left--
				if af.left == 0 {
					continue
				}
			}
		}
		kept = append(kept, af)
	}
	clear(s.faults[len(kept):])
	s.faults = kept
	return out
}

// peekFaultsLocked returns every fault called name that applies to k without using it.
func (s *Server) peekFaultsLocked(name FaultName, k opKey) []Fault {
	var out []Fault
	for _, af := range s.faults {
		if af.fault.Name == name && af.matches(k) {
			out = append(out, af.fault)
		}
	}
	return out
}
