//go:build !amd64 || purego

package audit

const hasAVX2 = false

// indexCandidate examines nothing: salesloftOrV2 checks every position.
func indexCandidate(p []byte) (pos int, found bool) { return 0, false }
