// Command labrelay-demo runs the whole chain on this machine: an
// S3-compatible server (versitygw, in this process) seeded with the
// project's sample reports, the DSP simulator, and the production
// `labrelay run` as a child process on a SQLite store. It lives apart from
// cmd/labrelay so that the production binary links no S3 server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// version is stamped by `make demo` (-ldflags "-X main.version=…").
var version = "dev"

const usage = `Usage: labrelay-demo [--dir var/demo] [--once] [flags]

Runs the whole chain on this machine, nothing to install: an S3-compatible
server (versitygw, files under DIR/s3) with one bucket per demo lab, seeded
with the project's sample reports (fixtures/testdata); 'labrelay run' (the
production binary, found next to this one or on PATH) on a SQLite store
(DIR/labrelay.db, config DIR/labrelay.yaml) signing with
DIR/keys/labrelay-demo.pem (generated once, mode 0600); and the DSP
simulator, trusting that key. It prints a table of what became of each
sample, then keeps running and prints how to drop more files with any S3
client. The review UI is at /review/ on the HTTP address: the account
'reviewer' is created in DIR/users.yaml on the first run, its password kept
in DIR/reviewer-password.txt (mode 0600) and printed. --once exits after
the table. Running it again reuses DIR: nothing is published twice.`

// options are the flags.
type options struct {
	Dir, Samples, Labrelay string
	HTTP, S3, DSP          string
	Once, Verbose          bool
	Timeout                time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "labrelay-demo:", err)
	os.Exit(1)
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("labrelay-demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "labrelay-demo %s\n\n%s\n\nFlags:\n", version, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.Dir, "dir", "var/demo", "directory for the S3 files, database, keys, config and log")
	fs.BoolVar(&o.Once, "once", false, "exit after the first summary")
	fs.StringVar(&o.Samples, "samples", "fixtures/testdata", "sample reports: native/*.xml|json, pdf/*.pdf and scan/* (scans and photos, read by OCR)")
	fs.StringVar(&o.Labrelay, "labrelay", "", "the labrelay binary (default: next to this one, else on PATH)")
	fs.StringVar(&o.HTTP, "http", "127.0.0.1:8080", "labrelay's HTTP address (metrics, webhook, callbacks, review UI)")
	fs.StringVar(&o.S3, "s3", "127.0.0.1:9100", "the S3 server's address")
	fs.StringVar(&o.DSP, "dsp", "127.0.0.1:8443", "the DSP simulator's address")
	fs.DurationVar(&o.Timeout, "timeout", 2*time.Minute, "how long to wait for the samples before printing the summary")
	fs.BoolVar(&o.Verbose, "v", false, "copy labrelay's log to standard error too")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return errUsage
	}
	return runDemo(ctx, o, stdout, stderr)
}
