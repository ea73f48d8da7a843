package sqlite

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is the database a user gets without naming one:
// sitrep/sitrep.db under the user's data directory ($XDG_DATA_HOME or
// ~/.local/share on Unix, Application Support on macOS, %LocalAppData% on
// Windows).
func DefaultPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		switch runtime.GOOS {
		case "windows":
			dir = os.Getenv("LocalAppData")
		case "darwin":
			dir, _ = os.UserConfigDir()
		default:
			if home, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(home, ".local", "share")
			}
		}
	}
	if dir == "" {
		dir = "."
	}
	return filepath.Join(dir, "sitrep", "sitrep.db")
}
