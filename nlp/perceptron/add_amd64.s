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
