package main

import (
	"context"
	"fmt"
)

// The demo is its own command, cmd/labrelay-demo, so that this binary
// links no S3 server; `labrelay demo` only says where it went.
func init() {
	register(&Command{
		Name:    "demo",
		Summary: "moved to labrelay-demo: run 'make demo'",
		Usage:   "labrelay demo has moved to its own command: run 'make demo' (or bin/labrelay-demo -h).",
		Run: func(_ context.Context, m *Main, _ []string) error {
			fmt.Fprintln(m.Stderr, "labrelay demo has moved to its own command: run 'make demo' (or bin/labrelay-demo -h)")
			return &ExitError{Code: 2}
		},
	})
}
