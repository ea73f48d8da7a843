package sitrep

import (
	"errors"
	"fmt"
)

// Error codes that adapters map to their own terms (HTTP status, exit code).
const (
	EINVALID  = "invalid"  // bad input or parameters
	ENOTFOUND = "notfound" // no such document or event
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
)

// Error is an application error: a code for machines, a message for people.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("sitrep: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, EINTERNAL for others,
// "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// InputError names the input that failed and why; commands print it and go on
// with the other inputs.
type InputError struct {
	Input string
	Err   error
}

func (e *InputError) Error() string { return e.Input + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }
