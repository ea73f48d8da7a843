#include "textflag.h"

// func addBits(scores []float32, row []uint32)
// scores[j] += the float32 of row[j] for each j < len(scores), four at a
// time with SSE (every amd64 processor has it); len(row) >= len(scores).
TEXT ·addBits(SB), NOSPLIT, $0-48
	MOVQ scores_base+0(FP), DI
	MOVQ scores_len+8(FP), CX
	MOVQ row_base+24(FP), SI

loop8:
	CMPQ   CX, $8
	JLT    loop1
	MOVUPS (SI), X0
	MOVUPS 16(SI), X1
	MOVUPS (DI), X2
	MOVUPS 16(DI), X3
	ADDPS  X0, X2
	ADDPS  X1, X3
	MOVUPS X2, (DI)
	MOVUPS X3, 16(DI)
	ADDQ   $32, SI
	ADDQ   $32, DI
	SUBQ   $8, CX
	JMP    loop8

loop1:
	TESTQ CX, CX
	JEQ   done
	MOVSS (SI), X0
	ADDSS (DI), X0
	MOVSS X0, (DI)
	ADDQ  $4, SI
	ADDQ  $4, DI
	DECQ  CX
	JMP   loop1

done:
	RET

// func addFloats(scores, row []float32)
TEXT ·addFloats(SB), NOSPLIT, $0-48
	JMP ·addBits(SB)

// func addInt16s(scores []float32, row []uint32)
// scores[j] += the int16 in half j of row (the low half of a word first),
// eight at a time: SSE2 widens them to int32s (interleaved into the high
// halves, then shifted down with their sign) and converts them to floats;
// len(row) >= (len(scores)+1)/2.
TEXT ·addInt16s(SB), NOSPLIT, $0-48
	MOVQ scores_base+0(FP), DI
	MOVQ scores_len+8(FP), CX
	MOVQ row_base+24(FP), SI

loop8:
	CMPQ      CX, $8
	JLT       loop1
	MOVOU     (SI), X0
	PUNPCKLWL X0, X1
	PUNPCKHWL X0, X2
	PSRAL     $16, X1
	PSRAL     $16, X2
	CVTPL2PS  X1, X1
	CVTPL2PS  X2, X2
	MOVUPS    (DI), X3
	MOVUPS    16(DI), X4
	ADDPS     X1, X3
	ADDPS     X2, X4
	MOVUPS    X3, (DI)
	MOVUPS    X4, 16(DI)
	ADDQ      $16, SI
	ADDQ      $32, DI
	SUBQ      $8, CX
	JMP       loop8

loop1:
	TESTQ    CX, CX
	JEQ      done16
	MOVWLSX  (SI), AX
	CVTSL2SS AX, X0
	ADDSS    (DI), X0
	MOVSS    X0, (DI)
	ADDQ     $2, SI
	ADDQ     $4, DI
	DECQ     CX
	JMP      loop1

done16:
	RET

// func prefetch(base *byte, shift uint, feats []uint64)
// Starts loading, without waiting for it, the cache line of base +
// feats[i]>>shift for each i: unlike a load, a prefetch does not hold up
// the instructions after it while its cache miss is outstanding.
TEXT ·prefetch(SB), NOSPLIT, $0-40
	MOVQ base+0(FP), DI
	MOVQ shift+8(FP), CX
	MOVQ feats_base+16(FP), SI
	MOVQ feats_len+24(FP), DX

ploop:
	TESTQ      DX, DX
	JEQ        pdone
	MOVQ       (SI), AX
	SHRQ       CX, AX
	PREFETCHT0 (DI)(AX*1)
	ADDQ       $8, SI
	DECQ       DX
	JMP        ploop

pdone:
	RET
