package lex

import "testing"

func TestClass(t *testing.T) {
	paris, _ := Make("Paris", nil)
	lower, _ := Make("paris", nil)
	if paris.Class[len(ClassDepths)-1] == 0 || paris.Class != lower.Class {
		t.Errorf("Paris %v, paris %v: want the same non-zero class", paris.Class, lower.Class)
	}
	// Digits are kept for the lookup but mapped to 0 in Norm.
	a, _ := Make("mid-1990s", nil)
	b, _ := Make("mid-2000s", nil)
	if a.Class == [len(ClassDepths)]uint64{} || a.Norm != b.Norm {
		t.Errorf("mid-1990s: class %v, norm %x vs %x", a.Class, a.Norm, b.Norm)
	}
	if w, _ := Make("Xqzzqv", nil); w.Class != [len(ClassDepths)]uint64{} {
		t.Errorf("unknown word has class %v", w.Class)
	}
	for _, c := range paris.Class[1:] {
		if c == paris.Class[0] {
			t.Errorf("prefixes %v: want different depths", paris.Class)
		}
	}
}
