// Command labrelay turns third-party lab inspection reports into signed,
// structured records and publishes them to the RCEP Digital Supplier Portal.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is stamped by `make build` (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(exitCode(err))
}

// exitCode maps an error to the process exit status: 0 ok, 2 unreadable
// input or bad usage, 3 "needs a person" (batch), 1 anything else. The
// error has been printed already by Run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// ExitError carries an exit status chosen by a subcommand.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }
