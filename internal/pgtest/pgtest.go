// Package pgtest gives tests a real, throwaway PostgreSQL database.
//
// DSN returns a fresh database per call. When LABRELAY_TEST_PG_DSN is set,
// databases are created on that server (the role needs CREATEDB);
// otherwise one cluster per test binary is started from Debian's postgresql
// package (/usr/lib/postgresql/*/bin): initdb and pg_ctl, run as user
// postgres (runuser) when the tests run as root, data and unix socket in a
// temporary directory, a free TCP port on 127.0.0.1, fsync off. Call Main
// from TestMain so the cluster stops when the binary exits:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// When no PostgreSQL can be had, DSN skips the test, or fails it when the
// environment variable CI is set. Test helpers only: it reads the
// environment, which library code must not.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labrelay/labrelay/internal/testenv"
)

// EnvDSN names the environment variable with an external server's DSN.
const EnvDSN = "LABRELAY_TEST_PG_DSN"

var (
	once     sync.Once
	cl       *cluster
	startErr error
	seq      atomic.Int64
)

// DSN returns the DSN of a new, empty database that is dropped when tb ends.
func DSN(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(EnvDSN)
	if admin == "" {
		once.Do(func() { cl, startErr = start() })
		if startErr != nil {
			testenv.SkipOrFailf(tb, "pgtest: cannot start PostgreSQL (set %s or install postgresql): %v", EnvDSN, startErr)
		}
		admin = cl.dsn("postgres")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv(EnvDSN) == "" {
			testenv.SkipOrFailf(tb, "pgtest: connect: %v", err)
		}
		tb.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("labrelay_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return withDatabase(admin, cfg.Database, name)
}

// Main runs the tests and then stops the cluster DSN started, if any.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the cluster DSN started, if any, and removes its files.
func Stop() {
	if cl != nil {
		cl.stop()
	}
}

// withDatabase replaces the database in a URL or keyword/value DSN.
func withDatabase(dsn, old, name string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u := dsn
		q := ""
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u, q = u[:i], u[i:]
		}
		if i := strings.LastIndexByte(u, '/'); i > strings.Index(u, "//")+1 {
			u = u[:i]
		}
		return u + "/" + name + q
	}
	if old != "" && strings.Contains(dsn, "dbname=") {
		return strings.Replace(dsn, "dbname="+old, "dbname="+name, 1)
	}
	return dsn + " dbname=" + name
}

type cluster struct {
	bin, dir, data string
	opts           string // postgres options of pg_ctl start
	port           int
	asPostgres     bool
}

func (c *cluster) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// run runs a PostgreSQL program, as user postgres when we are root.
func (c *cluster) run(name string, args ...string) error {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

func start() (*cluster, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			bins = []string{p}
		} else {
			return nil, fmt.Errorf("no initdb in /usr/lib/postgresql/*/bin or PATH")
		}
	}
	sort.Slice(bins, func(i, j int) bool { return version(bins[i]) > version(bins[j]) })
	c := &cluster{bin: filepath.Dir(bins[0]), asPostgres: os.Geteuid() == 0}
	dir, err := os.MkdirTemp("", "labrelay-pg-")
	if err != nil {
		return nil, err
	}
	c.dir, c.data = dir, filepath.Join(dir, "data")
	if c.asPostgres {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root needs user postgres: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.run("initdb", "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--no-locale", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	c.opts = fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.port, dir)
	if err := c.up(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\n%s", err, log)
	}
	return c, nil
}

func (c *cluster) up() error {
	return c.run("pg_ctl", "-D", c.data, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "-o", c.opts, "start")
}

// Down stops the server DSN's databases live on (pg_ctl stop -m fast:
// sessions are cut), for tests of a database outage; Up starts it again on
// the same port with the same data. They fail the test when the databases
// are on an outside server (LABRELAY_TEST_PG_DSN).
func Down(tb testing.TB) {
	tb.Helper()
	if cl == nil {
		tb.Fatal("pgtest: Down needs the cluster pgtest started (no LABRELAY_TEST_PG_DSN, DSN called first)")
	}
	if err := cl.run("pg_ctl", "-D", cl.data, "-m", "fast", "-w", "-t", "60", "stop"); err != nil {
		tb.Fatalf("pgtest: stop: %v", err)
	}
}

// Up starts the server Down stopped.
func Up(tb testing.TB) {
	tb.Helper()
	if cl == nil {
		tb.Fatal("pgtest: Up needs the cluster pgtest started")
	}
	if err := cl.up(); err != nil {
		log, _ := os.ReadFile(filepath.Join(cl.dir, "log"))
		tb.Fatalf("pgtest: start: %v\n%s", err, log)
	}
}

func (c *cluster) stop() {
	c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.dir)
}

// version is the major version in /usr/lib/postgresql/<major>/bin/initdb.
func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}
