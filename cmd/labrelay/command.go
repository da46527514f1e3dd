package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/labrelay/labrelay/internal/text"
)

// Command is one subcommand. Each lives in its own file and registers
// itself in init, so adding one touches no other file.
type Command struct {
	Name    string
	Summary string // one line for `labrelay help`
	Usage   string // usage line(s) and a paragraph for `labrelay CMD -h`
	// Run parses args with its own FlagSet and does the work.
	Run func(ctx context.Context, m *Main, args []string) error
}

var commands = map[string]*Command{}

func register(c *Command) {
	if _, dup := commands[c.Name]; dup {
		panic("duplicate command " + c.Name)
	}
	commands[c.Name] = c
}

// Main holds the process's standard streams so commands can be tested.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// NewMain returns a Main on the process's streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

// Run dispatches to a subcommand and prints its error, once, to Stderr.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprintln(m.Stdout, c.Usage)
				return nil
			}
		}
		m.usage(m.Stdout)
		if len(args) == 0 {
			return &ExitError{Code: 2}
		}
		return nil
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(m.Stdout, "labrelay", version)
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "labrelay: unknown command %q; run 'labrelay help' for the list\n", args[0])
		return &ExitError{Code: 2}
	}
	err := c.Run(ctx, m, args[1:])
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return nil
	}
	var ee *ExitError
	if errors.As(err, &ee) && ee.Err == nil {
		return err // the command already said what went wrong
	}
	fmt.Fprintf(m.Stderr, "labrelay %s: %s\n", c.Name, oneLine(err.Error()))
	return err
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintf(w, "labrelay %s: lab inspection reports to signed DSP records\n\nUsage: labrelay COMMAND [flags] [args]\n\nCommands:\n", version)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary)
	}
	fmt.Fprintln(w, "\nRun 'labrelay COMMAND -h' for a command's flags.")
}

// newFlagSet returns a FlagSet that prints the command's usage on -h and
// reports parse errors as exit status 2.
func (m *Main) newFlagSet(c *Command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(m.Stderr, c.Usage)
		fmt.Fprintln(m.Stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning a usage error into exit status 2.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &ExitError{Code: 2}
	}
	return nil
}

// usageError prints msg and the flag usage, and returns exit status 2.
func usageError(fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(fs.Output(), "labrelay %s: %s\n", fs.Name(), msg)
	fs.Usage()
	return &ExitError{Code: 2}
}

// oneLine is an error for a terminal: one line, control characters
// escaped (errors quote S3 keys and reasons from outside).
func oneLine(s string) string {
	return text.Printable(text.OneLine(s))
}
