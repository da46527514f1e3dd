package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay/dspsim"
)

func init() {
	register(&Command{
		Name:    "dsp-sim",
		Summary: "run the reference DSP receiver (tokens, JWS checks, faults, callbacks)",
		Usage: `Usage:
  labrelay dsp-sim [--addr 127.0.0.1:8443] [--jwks FILE] [--client-id ID]
                   [--client-secret SECRET] [--callback-url URL]
                   [--callback-secret SECRET] [--tls-cert FILE --tls-key FILE]
                   [--faults FILE]

dsp-sim runs the project's stand-in for the DSP inspection endpoint of the
spec (§3) until the real DSP publishes its own: an OAuth 2.0
client-credentials token endpoint at /oauth/token, submissions at
/v1/inspection-reports verified against the JWKS, status and listing, fault
injection at /admin/faults, exception callbacks via /admin/exceptions. State
is in memory. Secrets may come from LABRELAY_DSP_CLIENT_SECRET and
LABRELAY_DSP_CALLBACK_SECRET instead of flags. Never expose it beyond a test
network: the admin endpoints are unauthenticated.`,
		Run: runDSPSim,
	})
}

func runDSPSim(ctx context.Context, m *Main, args []string) error {
	c := commands["dsp-sim"]
	fs := m.newFlagSet(c)
	addr := fs.String("addr", "127.0.0.1:8443", "address to listen on")
	jwksFile := fs.String("jwks", "", "JWK set (or single JWK) of the signers' public keys; more can be POSTed to /admin/keys")
	clientID := fs.String("client-id", "labrelay", "OAuth client id the token endpoint accepts")
	clientSecret := fs.String("client-secret", os.Getenv("LABRELAY_DSP_CLIENT_SECRET"), "OAuth client secret (default $LABRELAY_DSP_CLIENT_SECRET)")
	callbackURL := fs.String("callback-url", "", "labrelay's callback URL for exception callbacks")
	callbackSecret := fs.String("callback-secret", os.Getenv("LABRELAY_DSP_CALLBACK_SECRET"), "HMAC key of the callbacks (default $LABRELAY_DSP_CALLBACK_SECRET)")
	tlsCert := fs.String("tls-cert", "", "TLS certificate (PEM); serve HTTPS with --tls-key")
	tlsKey := fs.String("tls-key", "", "TLS private key (PEM)")
	tokenTTL := fs.Duration("token-ttl", time.Hour, "lifetime of issued tokens")
	faultsFile := fs.String("faults", "", "JSON file of initial faults (the body of POST /admin/faults)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return usageError(fs, "no arguments expected")
	case *clientSecret == "":
		return usageError(fs, "give --client-secret or set LABRELAY_DSP_CLIENT_SECRET")
	case (*tlsCert == "") != (*tlsKey == ""):
		return usageError(fs, "give both --tls-cert and --tls-key, or neither")
	case *callbackURL != "" && *callbackSecret == "":
		return usageError(fs, "--callback-url needs --callback-secret (or LABRELAY_DSP_CALLBACK_SECRET)")
	case *logFormat != "text" && *logFormat != "json":
		return usageError(fs, "--log-format must be text or json")
	}

	var log *slog.Logger
	if *logFormat == "json" {
		log = slog.New(slog.NewJSONHandler(m.Stderr, nil))
	} else {
		log = slog.New(slog.NewTextHandler(m.Stderr, nil))
	}

	sim := dspsim.NewServer(*clientID, *clientSecret, jose.JSONWebKeySet{})
	sim.TokenTTL = *tokenTTL
	sim.CallbackURL = *callbackURL
	sim.CallbackSecret = []byte(*callbackSecret)
	sim.Logger = log
	if *jwksFile != "" {
		ks, err := readDSPSimJWKS(*jwksFile)
		if err != nil {
			return err
		}
		sim.AddKeys(ks)
		log.Info("signing keys loaded", "file", *jwksFile, "keys", len(ks.Keys))
	} else {
		log.Warn("no --jwks: every submission is refused until keys are POSTed to /admin/keys")
	}
	if *faultsFile != "" {
		data, err := os.ReadFile(*faultsFile)
		if err != nil {
			return fmt.Errorf("read faults: %w", err)
		}
		var f dspsim.Faults
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return fmt.Errorf("faults file %s: %w", *faultsFile, err)
		}
		if err := sim.SetFaults(f); err != nil {
			return fmt.Errorf("faults file %s: %w", *faultsFile, err)
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	log.Info("dsp-sim listening", "url", scheme+"://"+ln.Addr().String(), "client_id", *clientID, "callback_url", *callbackURL)

	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			errc <- srv.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shut down: %w", err)
	}
	log.Info("dsp-sim stopped", "reports", len(sim.Reports()))
	return nil
}

// readDSPSimJWKS reads a JWK set, or a single JWK.
func readDSPSimJWKS(path string) (jose.JSONWebKeySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("read jwks: %w", err)
	}
	var ks jose.JSONWebKeySet
	if err := json.Unmarshal(data, &ks); err == nil && len(ks.Keys) > 0 {
		return ks, nil
	}
	var k jose.JSONWebKey
	if err := json.Unmarshal(data, &k); err != nil || k.Key == nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("jwks %s holds neither a JWK set nor a JWK", path)
	}
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k}}, nil
}
