//go:build !purego

#include "textflag.h"

// func indexCandidateAVX2(p []byte) (pos int, found bool)
//
// Looks at 32 positions at a time for "loft" in any letter case (each byte
// ORed with 0x20 and compared with the lower-case letter) or "v2/". At a
// hit, pos is the first candidate position and found is true. Otherwise
// pos is the number of leading positions examined, a multiple of 32: the
// caller checks the rest (fewer than 35 bytes) itself. Loads read at most
// 35 bytes from a block start, always inside p.
TEXT ·indexCandidateAVX2(SB), NOSPLIT, $0-33
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), DX
	MOVQ SI, DI
	CMPQ DX, $35
	JB   none

	LEAQ -35(SI)(DX*1), R8 // last block start

	MOVL $0x20, AX
	MOVQ AX, X0
	VPBROADCASTB X0, Y0
	MOVL $0x6c, AX // l
	MOVQ AX, X1
	VPBROADCASTB X1, Y1
	MOVL $0x6f, AX // o
	MOVQ AX, X2
	VPBROADCASTB X2, Y2
	MOVL $0x66, AX // f
	MOVQ AX, X3
	VPBROADCASTB X3, Y3
	MOVL $0x74, AX // t
	MOVQ AX, X4
	VPBROADCASTB X4, Y4
	MOVL $0x76, AX // v
	MOVQ AX, X5
	VPBROADCASTB X5, Y5
	MOVL $0x32, AX // 2
	MOVQ AX, X6
	VPBROADCASTB X6, Y6
	MOVL $0x2f, AX // /
	MOVQ AX, X7
	VPBROADCASTB X7, Y7

	PCALIGN $16
loop:
	VMOVDQU (SI), Y8
	VMOVDQU 1(SI), Y9
	VMOVDQU 2(SI), Y10
	VMOVDQU 3(SI), Y11

	// "v2/"
	VPCMPEQB Y8, Y5, Y12
	VPCMPEQB Y9, Y6, Y13
	VPAND    Y12, Y13, Y12
	VPCMPEQB Y10, Y7, Y13
	VPAND    Y12, Y13, Y12

	// "loft", any case
	VPOR     Y8, Y0, Y8
	VPCMPEQB Y8, Y1, Y8
	VPOR     Y9, Y0, Y9
	VPCMPEQB Y9, Y2, Y9
	VPAND    Y8, Y9, Y8
	VPOR     Y10, Y0, Y10
	VPCMPEQB Y10, Y3, Y10
	VPAND    Y8, Y10, Y8
	VPOR     Y11, Y0, Y11
	VPCMPEQB Y11, Y4, Y11
	VPAND    Y8, Y11, Y8

	VPOR      Y8, Y12, Y8
	VPMOVMSKB Y8, AX
	TESTL     AX, AX
	JNZ       hit

	ADDQ $32, SI
	CMPQ SI, R8
	JBE  loop

	VZEROUPPER
	SUBQ DI, SI
	MOVQ SI, pos+24(FP)
	MOVB $0, found+32(FP)
	RET

hit:
	VZEROUPPER
	BSFL AX, AX
	SUBQ DI, SI
	ADDQ AX, SI
	MOVQ SI, pos+24(FP)
	MOVB $1, found+32(FP)
	RET

none:
	MOVQ $0, pos+24(FP)
	MOVB $0, found+32(FP)
	RET

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET
