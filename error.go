package hindsight

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one exit status in cmd/hindsight and, later, one
// HTTP status; callers test codes with ErrorCode, never message text.
const (
	EINVALID  = "invalid"   // the input cannot be used as it is
	ENOTFOUND = "not_found" // a file or record does not exist
	ETOOLARGE = "too_large" // the input is over a stated limit
	ECONFLICT = "conflict"  // a write based on stale data
	EINTERNAL = "internal"  // a bug or an environment failure
	// EMISSING: a program or model the work needs is not installed; the
	// message names the package. Not a bug, so not reported as one.
	EMISSING = "missing"
)

// Error is an error a user can act on: Message says what went wrong and
// what to do next.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any
}

// Error returns the message, with the cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
