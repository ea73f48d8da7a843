package doctype

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbedded(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Labels) != 16 || !strings.Contains(m.Meta, "held-out accuracy") {
		t.Fatalf("labels %v meta %q", m.Labels, m.Meta)
	}
	for _, c := range []struct{ title, text, want string }{
		{"Teachers Strike Over Pay", "Thousands of teachers marched through the capital on Monday demanding higher wages and protesting the new law.", "PROTEST"},
	} {
		if got, conf := m.Classify(c.title, c.text); got != c.want || conf <= 0 || conf > 1 {
			t.Errorf("%q: %s (%.2f), want %s", c.title, got, conf, c.want)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	m := Train([]Example{{"", "troops shelled the town", "ASSAULT"}, {"", "crowds marched in protest", "PROTEST"}}, 3)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := m2.Classify("", "they shelled it"); l != "ASSAULT" {
		t.Errorf("reloaded model says %s", l)
	}
	if _, err := Load(strings.NewReader("labels\tA\nmeta\tx\nw=a\t7:1\n")); err == nil {
		t.Error("bad weight index accepted")
	}
	if _, err := Load(strings.NewReader("")); err == nil {
		t.Error("empty model accepted")
	}
}

func TestHeldOutAccuracy(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip")
	if _, err := os.Stat(p); err != nil {
		t.Skip("shared data absent")
	}
	_, test, err := ReadNGEC(p, false)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := Default()
	if acc := Accuracy(m, test); acc < 0.85 {
		t.Errorf("held-out accuracy %.3f", acc)
	}
}
