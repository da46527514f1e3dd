package labrelay

import (
	"errors"
	"fmt"
)

// InputError reports input that cannot be read: unsupported type, corrupt,
// hostile or oversize files, encrypted PDFs. It is the lab's problem, not
// ours: `extract` exits 2 and the pipeline records the document as failed
// with Reason and moves on. Reason is one plain sentence.
type InputError struct {
	Reason string
	Err    error
}

func (e *InputError) Error() string {
	if e.Err != nil && e.Reason == "" {
		return e.Err.Error()
	}
	return e.Reason
}

func (e *InputError) Unwrap() error { return e.Err }

// Inputf returns an InputError with a formatted reason.
func Inputf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &InputError{Reason: err.Error(), Err: errors.Unwrap(err)}
}

// IsInputError reports whether err (or one it wraps) is an InputError.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}
