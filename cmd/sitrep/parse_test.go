package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// runParse runs `sitrep parse args...` in process and returns its stdout and
// error.
func runParse(t *testing.T, args ...string) (string, error) {
	t.Helper()
	outF, _ := os.Create(filepath.Join(t.TempDir(), "out"))
	old := os.Stdout
	os.Stdout = outF
	root.SetArgs(append([]string{"parse"}, args...))
	err := root.ExecuteContext(context.Background())
	os.Stdout = old
	// Flags keep their values between in-process runs; -count=N runs this
	// test again in the same process.
	if cmd, _, ferr := root.Find([]string{"parse"}); ferr == nil {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Changed {
				f.Value.Set(f.DefValue)
				f.Changed = false
			}
		})
	}
	outF.Close()
	o, _ := os.ReadFile(outF.Name())
	return string(o), err
}

func TestParseContract(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "story.txt")
	os.WriteFile(in, []byte("ISLAMABAD (Reuters) - Troops killed 12 militants. Police said so."), 0o644)
	out, err := runParse(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "# doc_id = ") || strings.Count(out, "# text = ") != 3 {
		t.Fatalf("missing comments:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if cols := strings.Split(line, "\t"); len(cols) != 10 || cols[3] == "_" || cols[6] == "_" || cols[7] == "_" {
			t.Fatalf("bad line %q", line)
		}
	}

	// --conllu keeps the given tokens and sentences.
	gold := "# text = Troops killed them.\n1\tTroops\t_\t_\t_\t_\t_\t_\t_\t_\n2\tkilled\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"3\tthem\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n" +
		"1\tYes\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
	cf := filepath.Join(dir, "in.conllu")
	os.WriteFile(cf, []byte(gold), 0o644)
	out, err = runParse(t, "--conllu", cf)
	if err != nil {
		t.Fatal(err)
	}
	var forms []string
	for _, line := range strings.Split(out, "\n") {
		if line != "" && line[0] != '#' {
			forms = append(forms, strings.Split(line, "\t")[1])
		}
	}
	if strings.Join(forms, " ") != "Troops killed them . Yes" || strings.Count(out, "\n\n") != 2 {
		t.Fatalf("tokens or sentences changed:\n%s", out)
	}
	if !strings.Contains(out, "2\tkilled\tkill\tVERB\tVBD\t_\t0\troot") {
		t.Errorf("killed not parsed as the root verb:\n%s", out)
	}
	if _, err := runParse(t, "--conllu", filepath.Join(dir, "missing.conllu")); err == nil {
		t.Error("missing file accepted")
	}
}
