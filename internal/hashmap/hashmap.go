// Package hashmap maps 64-bit hashes to small values in one flat array of
// key and value pairs, probed linearly. The name lists and indexes it holds
// are looked up for nearly every token and most lookups miss: Go's map reads
// a group's control word, then its slots, often two cache lines; here a
// lookup reads one line in most cases, and no hash of the key is computed,
// since the keys are hashes already.
package hashmap

// Map is a map from uint64 keys to values V. The zero Map is empty and
// ready to use. It is not safe for concurrent writes.
type Map[V any] struct {
	slots []slot[V]
	shift uint // 64 - log2(len(slots))
	n     int
	// Key 0 marks an empty slot, so its value is kept here.
	zero    V
	hasZero bool
}

type slot[V any] struct {
	key uint64
	val V
}

// New returns a map with room for n keys before it grows.
func New[V any](n int) *Map[V] {
	m := &Map[V]{}
	m.resize(n)
	return m
}

// resize makes the table at least 4/3 of n slots, a power of two, and puts
// the keys back.
func (m *Map[V]) resize(n int) {
	size, shift := 8, uint(61)
	for size*3 < n*4 {
		size, shift = size*2, shift-1
	}
	old := m.slots
	m.slots, m.shift = make([]slot[V], size), shift
	for _, s := range old {
		if s.key != 0 {
			m.slots[m.home(s.key)] = s
		}
	}
}

// home returns the first free slot or the slot of k, starting from k's
// home slot (k's high bits after a multiplication: keys need not be well
// mixed).
func (m *Map[V]) home(k uint64) uint64 {
	mask := uint64(len(m.slots) - 1)
	j := k * 0x9E3779B97F4A7C15 >> m.shift
	for m.slots[j].key != 0 && m.slots[j].key != k {
		j = (j + 1) & mask
	}
	return j
}

// Get returns the value of k and whether k is in the map.
func (m *Map[V]) Get(k uint64) (V, bool) {
	if k == 0 {
		return m.zero, m.hasZero
	}
	if len(m.slots) == 0 {
		var v V
		return v, false
	}
	mask := uint64(len(m.slots) - 1)
	for j := k * 0x9E3779B97F4A7C15 >> m.shift; ; j = (j + 1) & mask {
		s := &m.slots[j]
		if s.key == k {
			return s.val, true
		}
		if s.key == 0 {
			var v V
			return v, false
		}
	}
}

// Set sets the value of k.
func (m *Map[V]) Set(k uint64, v V) {
	if k == 0 {
		if !m.hasZero {
			m.n++
		}
		m.zero, m.hasZero = v, true
		return
	}
	if (m.n+1)*4 > len(m.slots)*3 {
		m.resize(2 * (m.n + 1))
	}
	j := m.home(k)
	if m.slots[j].key == 0 {
		m.n++
	}
	m.slots[j] = slot[V]{k, v}
}

// Len is the number of keys in the map.
func (m *Map[V]) Len() int { return m.n }
