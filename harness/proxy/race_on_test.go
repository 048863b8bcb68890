//go:build race

package proxy

// raceEnabled reports whether the race detector is on; it multiplies memory use, so the memory
// bound is not checked under it.
const raceEnabled = true
