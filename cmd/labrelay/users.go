package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/labrelay/labrelay/review"
)

func init() {
	register(&Command{
		Name:    "users",
		Summary: "manage review UI accounts (users add NAME --role reviewer|admin)",
		Usage: `Usage: labrelay users add [--file FILE] [--role reviewer|admin] NAME

Adds the review UI account NAME to the users file, or replaces its role and
password when it exists. The password is read from standard input: typed
twice without echo on a terminal, else the first line of piped input. Only
an argon2id hash is stored. The file (default $LABRELAY_REVIEW_USERS, else
users.yaml) is created with mode 0600 and replaced atomically; a running
review UI rereads it, so the account can sign in at once.`,
		Run: runUsers,
	})
}

func runUsers(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["users"])
	file := fs.String("file", envOr("LABRELAY_REVIEW_USERS", "users.yaml"), "users file ($LABRELAY_REVIEW_USERS when set)")
	role := fs.String("role", string(review.RoleReviewer), "role: reviewer or admin")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fs.Usage()
		return flag.ErrHelp // exit 0, as for the other commands
	}
	if len(args) == 0 || args[0] != "add" {
		return usageError(fs, "the only subcommand is: users add NAME --role reviewer|admin")
	}
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case len(rest) != 1:
		return usageError(fs, "give one user NAME")
	case !review.ValidName(rest[0]):
		return usageError(fs, fmt.Sprintf("user name %q: use 1-64 letters, digits, '.', '_', '@' or '-'", rest[0]))
	case !review.Role(*role).Valid():
		return usageError(fs, fmt.Sprintf("--role %q: want reviewer or admin", *role))
	}
	pw, err := readPassword(m, rest[0])
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	hash, err := review.HashPassword(pw)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	replaced, err := review.PutUser(*file, review.User{Name: rest[0], Role: review.Role(*role), PasswordHash: hash})
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	verb := "added"
	if replaced {
		verb = "updated"
	}
	fmt.Fprintf(m.Stderr, "%s %s (%s) in %s\n", verb, rest[0], *role, *file)
	return nil
}

// readPassword reads a new password: twice without echo from a terminal,
// else the first line of standard input.
func readPassword(m *Main, name string) (string, error) {
	in := bufio.NewReader(m.Stdin)
	if f, ok := m.Stdin.(*os.File); ok {
		if old, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS); err == nil {
			// A terminal: turn echo off while the password is typed.
			quiet := *old
			quiet.Lflag &^= unix.ECHO
			quiet.Lflag |= unix.ICANON | unix.ISIG
			if err := unix.IoctlSetTermios(int(f.Fd()), unix.TCSETS, &quiet); err != nil {
				return "", err
			}
			defer unix.IoctlSetTermios(int(f.Fd()), unix.TCSETS, old)
			fmt.Fprintf(m.Stderr, "Password for %s: ", name)
			a, err := readLine(in)
			fmt.Fprint(m.Stderr, "\nAgain: ")
			b, err2 := readLine(in)
			fmt.Fprintln(m.Stderr)
			switch {
			case err != nil:
				return "", err
			case err2 != nil:
				return "", err2
			case a != b:
				return "", errors.New("the passwords differ; nothing was changed")
			}
			return a, nil
		}
	}
	return readLine(in)
}

func readLine(in *bufio.Reader) (string, error) {
	line, err := in.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
