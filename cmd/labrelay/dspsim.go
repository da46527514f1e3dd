package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/internal/httpserve"
)

func init() {
	register(&Command{
		Name:    "dsp-sim",
		Summary: "run the reference DSP receiver (tokens, JWS checks, faults, callbacks)",
		Usage: `Usage:
  labrelay dsp-sim [--addr 127.0.0.1:8443] [--jwks FILE] [--client-id ID]
                   [--client-secret SECRET] [--callback-url URL]
                   [--callback-secret SECRET] [--tls-cert FILE --tls-key FILE]
                   [--faults FILE] [--profile record|untp-dcc]

dsp-sim runs the project's stand-in for the DSP inspection endpoint of the
spec (§3) until the real DSP publishes its own: an OAuth 2.0
client-credentials token endpoint at /oauth/token, submissions at
/v1/inspection-reports verified against the JWKS, status and listing, fault
injection at /admin/faults, exception callbacks via /admin/exceptions.
--profile makes it a DSP of one publication profile, answering 415 to a
submission of the other (a signed record or wire payload is "record", a
UNTP credential "untp-dcc"); without it both are taken. State
is in memory. Secrets may come from LABRELAY_DSP_CLIENT_SECRET and
LABRELAY_DSP_CALLBACK_SECRET instead of flags. Never expose it beyond a test
network: the admin endpoints are unauthenticated.`,
		Run: runDSPSim,
	})
}

// dspSimFlags are the flags of `labrelay dsp-sim`.
type dspSimFlags struct {
	addr, jwks, clientID, clientSecret, callbackURL, callbackSecret string
	tlsCert, tlsKey, faults, logFormat, profile                     string
	tokenTTL                                                        time.Duration
}

func runDSPSim(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["dsp-sim"])
	var f dspSimFlags
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8443", "address to listen on")
	fs.StringVar(&f.jwks, "jwks", "", "JWK set (or single JWK) of the signers' public keys; more can be POSTed to /admin/keys")
	fs.StringVar(&f.clientID, "client-id", "labrelay", "OAuth client id the token endpoint accepts")
	fs.StringVar(&f.clientSecret, "client-secret", os.Getenv("LABRELAY_DSP_CLIENT_SECRET"), "OAuth client secret (default $LABRELAY_DSP_CLIENT_SECRET)")
	fs.StringVar(&f.callbackURL, "callback-url", "", "labrelay's callback URL for exception callbacks")
	fs.StringVar(&f.callbackSecret, "callback-secret", os.Getenv("LABRELAY_DSP_CALLBACK_SECRET"), "HMAC key of the callbacks (default $LABRELAY_DSP_CALLBACK_SECRET)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate (PEM); serve HTTPS with --tls-key")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS private key (PEM)")
	fs.DurationVar(&f.tokenTTL, "token-ttl", time.Hour, "lifetime of issued tokens")
	fs.StringVar(&f.faults, "faults", "", "JSON file of initial faults (the body of POST /admin/faults)")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&f.profile, "profile", "", "the one publication profile taken: "+dspsim.ProfileRecord+" or "+dspsim.ProfileUNTPDCC+" (default both)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return usageError(fs, "no arguments expected")
	case f.clientSecret == "":
		return usageError(fs, "give --client-secret or set LABRELAY_DSP_CLIENT_SECRET")
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return usageError(fs, "give both --tls-cert and --tls-key, or neither")
	case f.callbackURL != "" && f.callbackSecret == "":
		return usageError(fs, "--callback-url needs --callback-secret (or LABRELAY_DSP_CALLBACK_SECRET)")
	case f.logFormat != "text" && f.logFormat != "json":
		return usageError(fs, "--log-format must be text or json")
	case f.profile != "" && f.profile != dspsim.ProfileRecord && f.profile != dspsim.ProfileUNTPDCC:
		return usageError(fs, "--profile must be "+dspsim.ProfileRecord+" or "+dspsim.ProfileUNTPDCC)
	}
	log, err := newLogger(LoggingConfig{Format: f.logFormat, Level: "info"}, m.Stderr)
	if err != nil {
		return err
	}
	sim, err := newDSPSim(f, log)
	if err != nil {
		return err
	}
	srv := &httpserve.Server{Addr: f.addr, Handler: sim.Handler(), Logger: log, TLSCert: f.tlsCert, TLSKey: f.tlsKey}
	if err := srv.Listen(); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("dsp-sim listening", "url", srv.URL(), "client_id", f.clientID, "callback_url", f.callbackURL, "profile", f.profile)
	if err := srv.Run(ctx, nil); err != nil {
		return err
	}
	log.Info("dsp-sim stopped", "reports", len(sim.Reports()))
	return nil
}

// newDSPSim builds the simulator of the flags: its keys and initial
// faults.
func newDSPSim(f dspSimFlags, log *slog.Logger) (*dspsim.Server, error) {
	sim := dspsim.NewServer(f.clientID, f.clientSecret, jose.JSONWebKeySet{})
	sim.TokenTTL = f.tokenTTL
	sim.Profile = f.profile
	sim.CallbackURL = f.callbackURL
	sim.CallbackSecret = []byte(f.callbackSecret)
	sim.Logger = log
	if f.jwks != "" {
		ks, err := readDSPSimJWKS(f.jwks)
		if err != nil {
			return nil, err
		}
		sim.AddKeys(ks)
		log.Info("signing keys loaded", "file", f.jwks, "keys", len(ks.Keys))
	} else {
		log.Warn("no --jwks: every submission is refused until keys are POSTed to /admin/keys")
	}
	if f.faults == "" {
		return sim, nil
	}
	data, err := os.ReadFile(f.faults)
	if err != nil {
		return nil, fmt.Errorf("read faults: %w", err)
	}
	var faults dspsim.Faults
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&faults); err != nil {
		return nil, fmt.Errorf("faults file %s: %w", f.faults, err)
	}
	if err := sim.SetFaults(faults); err != nil {
		return nil, fmt.Errorf("faults file %s: %w", f.faults, err)
	}
	return sim, nil
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
