#include "textflag.h"

// func prefetchRecs(recs *rec, mask uint64, keys []uint64)
// Starts loading, without waiting for it, the record at index key&mask of
// recs (40 bytes each) for each key.
TEXT ·prefetchRecs(SB), NOSPLIT, $0-40
	MOVQ recs+0(FP), DI
	MOVQ mask+8(FP), BX
	MOVQ keys_base+16(FP), SI
	MOVQ keys_len+24(FP), DX

loop:
	TESTQ      DX, DX
	JEQ        done
	MOVQ       (SI), AX
	ANDQ       BX, AX
	LEAQ       (AX)(AX*4), AX
	PREFETCHT0 (DI)(AX*8)
	ADDQ       $8, SI
	DECQ       DX
	JMP        loop

done:
	RET
