//go:build !linux

package embedded

func dontNeed([]byte) {}

func releasable([]byte) bool { return false }
