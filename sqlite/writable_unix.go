//go:build unix

package sqlite

import "syscall"

// dirWritable asks the system whether files can be made in dir: EROFS on a
// read-only filesystem (for root too), EACCES without permission.
func dirWritable(dir string) error { return syscall.Access(dir, 2 /* W_OK */) }
