//go:build !purego

package audit

// indexCandidateAVX2 is in prefilter_amd64.s.
//
//go:noescape
func indexCandidateAVX2(p []byte) (pos int, found bool)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

// hasAVX2 reports that the CPU has AVX2 and the OS saves the YMM registers
// (the checks golang.org/x/sys/cpu makes).
var hasAVX2 = func() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // XMM and YMM state
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}()

// indexCandidate is the AVX2 search when the CPU has it; see
// salesloftOrV2.
func indexCandidate(p []byte) (pos int, found bool) {
	if !hasAVX2 {
		return 0, false
	}
	return indexCandidateAVX2(p)
}
