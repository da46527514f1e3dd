package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay/demo"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/internal/httpserve"
	"github.com/labrelay/labrelay/sign"
)

// env is one demo run: its directory, log, key and addresses.
type env struct {
	o                 options
	dir, samples      string
	logFile           *os.File
	logOut            io.Writer // the log file, and stderr with -v
	keyPath           string
	jwks              *jose.JSONWebKeySet
	password          string // the demo reviewer's
	hookToken         string // the S3 event webhook's, new each run
	relayAddr, s3Addr string
	dspURL            string
}

// prepare resolves the paths (the S3 server changes the working
// directory), opens the log and makes the key and the reviewer account.
func prepare(o options, stdout, stderr io.Writer) (*env, error) {
	e := &env{o: o, hookToken: newToken()}
	var err error
	if e.dir, err = filepath.Abs(o.Dir); err != nil {
		return nil, err
	}
	if e.samples, err = filepath.Abs(o.Samples); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(e.dir, "keys"), 0o700); err != nil {
		return nil, err
	}
	if e.logFile, err = os.OpenFile(filepath.Join(e.dir, "labrelay.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640); err != nil {
		return nil, err
	}
	e.logOut = e.logFile
	if o.Verbose {
		e.logOut = io.MultiWriter(e.logFile, stderr)
	}
	if err := e.key(stdout); err != nil {
		e.logFile.Close()
		return nil, err
	}
	if e.password, err = demo.Reviewer(e.dir); err != nil {
		e.logFile.Close()
		return nil, fmt.Errorf("demo reviewer: %w", err)
	}
	return e, nil
}

// key makes the signing key once and writes the JWKS the DSP trusts.
func (e *env) key(stdout io.Writer) error {
	e.keyPath = filepath.Join(e.dir, "keys", "labrelay-demo.pem")
	if _, err := os.Stat(e.keyPath); errors.Is(err, os.ErrNotExist) {
		key, err := sign.GenerateKey(sign.EdDSA)
		if err != nil {
			return err
		}
		if _, err := sign.WriteKey(e.keyPath, key); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "generated signing key %s (mode 0600)\n", e.keyPath)
	}
	signer, err := sign.LoadSigner(e.keyPath)
	if err != nil {
		return err
	}
	if e.jwks, err = sign.KeySet(signer.Public()); err != nil {
		return err
	}
	data, err := json.MarshalIndent(e.jwks, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(e.dir, "jwks.json"), append(data, '\n'), 0o644)
}

// startDSP serves the DSP simulator, and its reports as JSON at
// /demo/dsp-reports.
func (e *env) startDSP() (*dspsim.Server, func(), error) {
	log := slog.New(slog.NewTextHandler(e.logOut, nil)).With("component", "dsp-sim")
	sim := dspsim.NewServer(clientID, clientSecret, *e.jwks)
	sim.Logger = log
	sim.CallbackSecret = []byte(callbackKey)
	mux := http.NewServeMux()
	mux.Handle("/", sim.Handler())
	mux.HandleFunc("GET /demo/dsp-reports", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(sim.Reports())
	})
	srv := &httpserve.Server{Addr: e.o.DSP, Handler: mux, Logger: log}
	if err := srv.Start(); err != nil {
		return nil, nil, fmt.Errorf("dsp simulator: %w (is another demo running? pick another port with --dsp)", err)
	}
	e.dspURL = srv.URL()
	return sim, func() { srv.Shutdown() }, nil
}

// newToken returns 32 random bytes in hex.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// freeAddr returns addr, or a free port on its host when its port is 0.
func freeAddr(addr, flag string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("%w (is another demo running? pick another port with %s)", err, flag)
	}
	a := ln.Addr().String()
	ln.Close()
	return a, nil
}

func (e *env) relayURL() string   { return "http://" + e.relayAddr }
func (e *env) s3Endpoint() string { return "http://" + e.s3Addr }
func (e *env) dbPath() string     { return filepath.Join(e.dir, "labrelay.db") }
