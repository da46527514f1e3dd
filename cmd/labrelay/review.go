package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/httpserve"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/rules"
)

func init() {
	register(&Command{
		Name:    "review",
		Summary: "serve the review web UI for QA staff on its own",
		Usage: `Usage: labrelay review --config FILE [--users FILE] [--addr ADDR]
                       [--secure-cookies] [--claim-ttl 30m]

Serves the review UI at /review/ on ADDR (default: http.addr of the config)
against the store of the config file, for when it runs apart from
'labrelay run'. Approving moves a document to accepted; the pipeline of
'labrelay run' signs and publishes it. Accounts come from the users file
(default: review.users of the config, else $LABRELAY_REVIEW_USERS), made
with 'labrelay users add'. Put it behind TLS: cookies are Secure unless
the config says review.secure_cookies: false (for plain HTTP on one's own
machine), and always on a TLS request.
'labrelay run' mounts the same UI at /review/ when review.users (or
LABRELAY_REVIEW_USERS) names a users file.`,
		Run: runReview,
	})
	extraHandlers = append(extraHandlers, mountReview)
}

func runReview(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["review"])
	configPath := fs.String("config", "", "config file of 'labrelay run' (required; its store and logging are used)")
	users := fs.String("users", "", "users file (default: review.users of the config, else $LABRELAY_REVIEW_USERS)")
	addr := fs.String("addr", "", "address to listen on (default: http.addr of the config)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure even when the config says review.secure_cookies: false")
	claimTTL := fs.Duration("claim-ttl", 0, "how long a reviewer's claim on a document lasts (default: review.claim_ttl of the config, 30m)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return usageError(fs, "no arguments expected")
	case *configPath == "":
		return usageError(fs, "give --config FILE")
	}
	cfg, err := ReadConfigFile(*configPath)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	rc := reviewSettings(cfg.Review)
	if *users != "" {
		rc.Users = *users
	}
	if *secure {
		rc.SecureCookies = true
	}
	if *claimTTL > 0 {
		rc.ClaimTTL = Duration(*claimTTL)
	}
	if rc.Users == "" {
		return usageError(fs, "give --users FILE, review.users in the config or LABRELAY_REVIEW_USERS; add accounts with 'labrelay users add'")
	}
	log, err := newLogger(cfg.Logging, m.Stderr)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	if *addr == "" {
		*addr = cfg.HTTP.Addr
	}
	store, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	thr, err := reviewThreshold(cfg.Extract.Packs, nil)
	if err != nil {
		return &ExitError{Code: 2, Err: fmt.Errorf("extract.packs: %w", err)}
	}
	learner := newReviewLearner(cfg, store, nil, log)
	if l, ok := learner.(*reviewLearner); ok {
		defer l.Close()
	}
	h, err := newReviewHandler(store, rc.Users, rc.SecureCookies, rc.TrustedProxies, time.Duration(rc.ClaimTTL), log, learner, thr)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	mux := http.NewServeMux()
	mux.Handle("/review/", h)
	mux.Handle("GET /{$}", http.RedirectHandler("/review/", http.StatusFound))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	srv := &httpserve.Server{Addr: *addr, Handler: mux, Logger: log,
		ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, ShutdownTimeout: 10 * time.Second}
	if err := srv.Listen(); err != nil {
		return err
	}
	log.Info("review UI listening", "url", srv.URL(), "path", "/review/")
	return srv.Run(ctx, nil)
}

// newReviewHandler builds the review UI on store with the accounts of the
// users file, mountable at /review/.
func newReviewHandler(store labrelay.Store, usersPath string, secure bool, proxies []string, claimTTL time.Duration, log *slog.Logger, learner review.Learner, threshold func(pack string) float64) (http.Handler, error) {
	users := review.NewUsersFile(usersPath)
	if err := users.Load(); err != nil {
		return nil, fmt.Errorf("review users: %w", err)
	}
	srv, err := review.New(review.Options{
		Store:           store,
		Users:           users,
		InsecureCookies: !secure,
		TrustedProxies:  proxies,
		ClaimTTL:        claimTTL,
		Logger:          log.With("component", "review"),
		Learner:         learner,
		Threshold:       threshold,
	})
	if err != nil {
		return nil, err
	}
	return http.StripPrefix("/review", srv.Handler()), nil
}

// reviewSettings is the review section of the config, with the
// environment as a fallback: LABRELAY_REVIEW_USERS when review.users is
// not set, LABRELAY_REVIEW_SECURE_COOKIES (any value) for secure cookies.
func reviewSettings(c ReviewConfig) ReviewConfig {
	if c.Users == "" {
		c.Users = os.Getenv("LABRELAY_REVIEW_USERS")
	}
	if os.Getenv("LABRELAY_REVIEW_SECURE_COOKIES") != "" {
		c.SecureCookies = true
	}
	if c.ClaimTTL <= 0 {
		c.ClaimTTL = Duration(defaultClaimTTL)
	}
	return c
}

// mountReview serves the review UI at /review/ on the listener of `run`
// (and so of the demo) when review.users (or LABRELAY_REVIEW_USERS) names a users
// file. Approving moves a document to accepted; the relay's pipeline signs
// it (with reviewed_by) and publishes it.
func mountReview(mux *http.ServeMux, r *relay) error {
	rc := reviewSettings(r.Config.Review)
	if rc.Users == "" {
		r.Log.Info("review UI off: set review.users to a users file made with 'labrelay users add'")
		return nil
	}
	thr, err := reviewThreshold(r.Config.Extract.Packs, r.Packs)
	if err != nil {
		return err
	}
	learner := newReviewLearner(r.Config, r.Store, r.Packs, r.Log)
	if l, ok := learner.(*reviewLearner); ok {
		r.closers = append(r.closers, l.Close)
	}
	h, err := newReviewHandler(r.Store, rc.Users, rc.SecureCookies, rc.TrustedProxies, time.Duration(rc.ClaimTTL), r.Log, learner, thr)
	if err != nil {
		return fmt.Errorf("review.users: %w", err)
	}
	mux.Handle("/review/", h)
	r.Log.Info("review UI mounted", "path", "/review/", "users", rc.Users, "secure_cookies", rc.SecureCookies, "claim_ttl", time.Duration(rc.ClaimTTL))
	return nil
}

// newReviewLearner is the review UI's learner when extract.packs is set
// (nil otherwise: no "Learn this layout"). live is run's engine, reloaded
// when a pack is saved; `labrelay review` alone has none, and the `run`
// processes pick the pack up from the directory.
func newReviewLearner(cfg Config, store labrelay.Store, live *rules.Live, log *slog.Logger) review.Learner {
	if cfg.Extract.Packs == "" {
		return nil
	}
	xf := extractorFlags{maxSize: cfg.Limits.MaxSize, mappings: cfg.Extract.Mappings, packs: cfg.Extract.Packs}
	return &reviewLearner{Store: store, Flags: xf, Dir: cfg.Extract.Packs, Live: live, Now: time.Now, Log: log}
}

// reviewThreshold is the review threshold of the pack that read a
// document, for the review UI's colours: from the running engine when
// run watches extract.packs, else from the built-in packs plus packs.
func reviewThreshold(packs string, live *rules.Live) (func(string) float64, error) {
	if live != nil {
		return func(p string) float64 { return live.Engine().Threshold(p) }, nil
	}
	eng, err := rules.FromDirs("", packs)
	if err != nil {
		return nil, err
	}
	return eng.Threshold, nil
}
