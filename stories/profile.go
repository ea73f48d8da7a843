package stories

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
)

// A profile is stored as: uvarint number of terms, then per term its hash
// (8 bytes) and weight (float32 bits, 4 bytes), little-endian; then uvarint
// number of actors and per actor its key (8 bytes) and two uvarint counts.
// Only the profileEntities most named actors are kept.
func encodeProfile(e *entry) []byte {
	b := make([]byte, 0, 2+12*len(e.profile)+12*min(len(e.actors), profileEntities))
	b = binary.AppendUvarint(b, uint64(len(e.profile)))
	for _, t := range e.profile {
		b = binary.LittleEndian.AppendUint64(b, t.h)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.w))
	}
	keys := make([]uint64, 0, len(e.actors))
	for k := range e.actors {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b uint64) int {
		if c := cmp.Compare(e.actors[b].named, e.actors[a].named); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(keys) > profileEntities {
		for _, k := range keys[profileEntities:] {
			delete(e.actors, k)
		}
		keys = keys[:profileEntities]
	}
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
		b = binary.AppendUvarint(b, uint64(e.actors[k].named))
		b = binary.AppendUvarint(b, uint64(e.actors[k].main))
	}
	return b
}

var errProfile = errors.New("stories: bad profile")

// decodeProfile reads a profile's terms, and its actors into e.
func decodeProfile(b []byte, e *entry) ([]term, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < 12*n {
		return nil, errProfile
	}
	b = b[k:]
	p := make([]term, n)
	for i := range p {
		p[i] = term{binary.LittleEndian.Uint64(b), math.Float32frombits(binary.LittleEndian.Uint32(b[8:]))}
		b = b[12:]
	}
	if !slices.IsSortedFunc(p, func(a, b term) int { return cmp.Compare(a.h, b.h) }) {
		return nil, errProfile
	}
	na, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, errProfile
	}
	b = b[k:]
	e.actors = make(map[uint64]actorCount, na)
	for range na {
		if len(b) < 8 {
			return nil, errProfile
		}
		key := binary.LittleEndian.Uint64(b)
		b = b[8:]
		named, k1 := binary.Uvarint(b)
		if k1 <= 0 {
			return nil, errProfile
		}
		main, k2 := binary.Uvarint(b[k1:])
		if k2 <= 0 {
			return nil, errProfile
		}
		b = b[k1+k2:]
		e.actors[key] = actorCount{int32(named), int32(main)}
	}
	return p, nil
}
