//go:build !unix

package sqlite

// dirWritable is nil where the system has no access(2): the file's own
// permission is what tells there.
func dirWritable(string) error { return nil }
