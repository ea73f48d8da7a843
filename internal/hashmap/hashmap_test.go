package hashmap

import (
	"math/rand/v2"
	"testing"
)

// TestMap checks the map against Go's through growth, key 0, overwrites
// and absent keys.
func TestMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, m := range []*Map[int32]{{}, New[int32](1000)} {
		want := map[uint64]int32{}
		for i := range 5000 {
			k := rng.Uint64() >> (rng.IntN(4) * 20) // some small, colliding high bits
			if i%1000 == 0 {
				k = 0
			}
			m.Set(k, int32(i))
			want[k] = int32(i)
		}
		if m.Len() != len(want) {
			t.Fatalf("%d keys, want %d", m.Len(), len(want))
		}
		for k, w := range want {
			if v, ok := m.Get(k); !ok || v != w {
				t.Fatalf("key %d: %d %v, want %d", k, v, ok, w)
			}
		}
		for range 5000 {
			k := rng.Uint64()
			_, in := want[k]
			if _, ok := m.Get(k); ok != in {
				t.Fatalf("key %d: found %v, want %v", k, ok, in)
			}
		}
	}
	var empty Map[uint8]
	if _, ok := empty.Get(7); ok {
		t.Fatal("found a key in an empty map")
	}
}
