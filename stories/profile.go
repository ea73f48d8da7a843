package stories

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"
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
	return appendHeld(b, e.held)
}

// Then the held articles, for a regroup by whoever takes the story back:
// uvarint count, and per article its document ID, title, day (varint days
// since 1970, or the minimum for none), main actor (8 bytes), actors
// (uvarint count, then key and uvarint mentions), vector (as the profile's)
// and near-duplicates (uvarint count, then IDs). Strings are a uvarint
// length and the bytes.
func appendHeld(b []byte, hs []held) []byte {
	b = binary.AppendUvarint(b, uint64(len(hs)))
	for i := range hs {
		h := &hs[i]
		b = appendString(appendString(b, h.doc), h.title)
		days := int64(math.MinInt64)
		if !h.date.IsZero() {
			days = h.date.Unix() / 86400
		}
		b = binary.AppendVarint(b, days)
		b = binary.LittleEndian.AppendUint64(b, h.a.main)
		b = binary.AppendUvarint(b, uint64(len(h.a.actors)))
		keys := make([]uint64, 0, len(h.a.actors))
		for k := range h.a.actors {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b = binary.LittleEndian.AppendUint64(b, k)
			b = binary.AppendUvarint(b, uint64(h.a.actors[k]))
		}
		b = binary.AppendUvarint(b, uint64(len(h.a.vec)))
		for _, t := range h.a.vec {
			b = binary.LittleEndian.AppendUint64(b, t.h)
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.w))
		}
		b = binary.AppendUvarint(b, uint64(len(h.dups)))
		for _, d := range h.dups {
			b = appendString(b, d)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads a profile's parts, remembering the first error.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) varint() int64 {
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if uint64(len(r.b)) < n {
		r.bad, r.b = true, nil
		return make([]byte, n)
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u64() uint64 { return binary.LittleEndian.Uint64(r.bytes(8)) }

func (r *reader) string() string { return string(r.bytes(r.uvarint())) }

// readHeld reads the held articles; a profile written before them has none.
func readHeld(b []byte) ([]held, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := &reader{b: b}
	n := r.uvarint()
	if n > uint64(len(b)) {
		return nil, errProfile
	}
	hs := make([]held, 0, n)
	for range n {
		var h held
		h.doc, h.title = r.string(), r.string()
		if days := r.varint(); days != math.MinInt64 {
			h.date = time.Unix(days*86400, 0).UTC()
		}
		h.a.main = r.u64()
		na := r.uvarint()
		if na > uint64(len(r.b)) {
			return nil, errProfile
		}
		h.a.actors = make(map[uint64]int, na)
		for range na {
			k := r.u64()
			h.a.actors[k] = int(r.uvarint())
		}
		nv := r.uvarint()
		if nv > uint64(len(r.b))/12 {
			return nil, errProfile
		}
		h.a.vec = make([]term, nv)
		for i := range h.a.vec {
			h.a.vec[i] = term{r.u64(), math.Float32frombits(binary.LittleEndian.Uint32(r.bytes(4)))}
		}
		nd := r.uvarint()
		if nd > uint64(len(r.b)) {
			return nil, errProfile
		}
		for range nd {
			h.dups = append(h.dups, r.string())
		}
		if r.bad {
			return nil, errProfile
		}
		hs = append(hs, h)
	}
	if r.bad || len(r.b) > 0 {
		return nil, errProfile
	}
	return hs, nil
}

var errProfile = errors.New("stories: bad profile")

// decodeProfile reads a profile's terms, and its actors and held articles
// into e.
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
	hs, err := readHeld(b)
	e.held = hs
	return p, err
}
