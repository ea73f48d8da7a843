package eval

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/sitrep-dev/sitrep/events/doctype"
)

// PETRFiles scores the PETRARCH suites of paths (PETR) and writes a line per
// suite: its path and figures.
func PETRFiles(w io.Writer, paths []string, annotate Annotator) error {
	return eachFile(w, paths, ReadPETR, PETR, annotate)
}

// PlacesFiles scores the ACLED exports of paths (Places) and writes a line
// per file: its path and figures.
func PlacesFiles(w io.Writer, paths []string, annotate Annotator) error {
	return eachFile(w, paths, ReadACLED, Places, annotate)
}

// eachFile reads each of paths, scores what it holds and writes the path
// and the result on a line.
func eachFile[T any, R fmt.Stringer](w io.Writer, paths []string, read func(string) (T, error), score func(T, Annotator) (R, error), annotate Annotator) error {
	for _, path := range paths {
		items, err := read(path)
		if err != nil {
			return err
		}
		res, err := score(items, annotate)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n", path, res); err != nil {
			return err
		}
	}
	return nil
}

// DocTypeFile scores the document-type classifier on the NGEC synthetic
// stories of path and writes its main-event type accuracy: the embedded
// model's on the stories it was not trained on (HeldOutDocType), or with
// byTemplate each template fold's and their mean (CrossValidateDocType,
// with the modes of the PLOVER codebook in the same folder).
func DocTypeFile(w io.Writer, path string, byTemplate bool) error {
	stories, err := doctype.ReadNGEC(path)
	if err != nil {
		return err
	}
	ex, err := NGECExamples(stories)
	if err != nil {
		return err
	}
	if byTemplate {
		modes, err := doctype.ReadModes(filepath.Join(filepath.Dir(path), doctype.CodebookFile))
		if err != nil {
			return err
		}
		folds, mean := CrossValidateDocType(stories, ex, Cue(), modes)
		for i, f := range folds {
			fmt.Fprintf(w, "template fold %d: stories %d; main-event type accuracy %.3f\n", i, f.Test, f.Accuracy)
		}
		_, err = fmt.Fprintf(w, "mean over %d folds: %.3f\n", len(folds), mean)
		return err
	}
	res, err := HeldOutDocType(stories, ex)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "stories %d; main-event type accuracy %.3f\n", res.Test, res.Accuracy)
	return err
}
