package review

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Approver signs and publishes a document a reviewer approved. The review
// server calls it while reviewer holds the document's claim, after storing
// the reviewer's corrections; it must move the document out of needs_review
// (Store.Approve records the reviewer, the audit entry and drops the claim)
// and see that the corrected record is signed with reviewed_by and
// reviewed_at and published. Errors wrapping labrelay.ErrConflict mean the
// claim was lost; any other error is shown to the reviewer as a failure to
// approve.
type Approver interface {
	Approve(ctx context.Context, docID int64, reviewer string) error
}

// ApproverFunc adapts a function to Approver.
type ApproverFunc func(ctx context.Context, docID int64, reviewer string) error

// Approve implements Approver.
func (f ApproverFunc) Approve(ctx context.Context, docID int64, reviewer string) error {
	return f(ctx, docID, reviewer)
}

// PageImage is one page of a document as the browser shows it.
type PageImage struct {
	ContentType string // image/png or image/jpeg
	Data        []byte
}

// PageImageFunc returns page n (1-based) of doc's original file as an image.
// Errors: labrelay.ErrNotFound when the file or the page does not exist.
type PageImageFunc func(ctx context.Context, doc labrelay.Document, n int) (PageImage, error)

// Store is the part of labrelay.Store the review UI uses.
type Store interface {
	labrelay.DocumentStore
	labrelay.BlobStore
	labrelay.OutboxStore
	labrelay.ReviewStore
	labrelay.CallbackStore
	labrelay.SessionStore
}

// Options configure a Server. Store and Users are required.
type Options struct {
	Store Store
	Users UserSource
	// Approver signs and publishes approved documents. Nil only moves them
	// to accepted (Store.Approve), for a pipeline running elsewhere to sign.
	Approver Approver
	// PageImages renders page images; nil uses a Renderer on Store.
	PageImages PageImageFunc
	// SignedPageImages renders pages of the revision a lab signed, for a
	// PDF changed after signing (shown beside the current file); nil uses
	// a Renderer on Store.
	SignedPageImages PageImageFunc
	// RenderDPI is the resolution PageImages renders PDF pages at, used to
	// place provenance boxes given in points; default 100.
	RenderDPI float64
	// OCRDPI is the resolution of the page images the OCR path read PDF
	// pages at, used to place boxes given in pixels on PDF pages; default 300.
	OCRDPI float64
	// BasePath is where the handler is mounted, e.g. "/review/". Empty
	// derives it from each request (works behind http.StripPrefix).
	BasePath string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// InsecureCookies drops the Secure mark from cookies, for plain-HTTP
	// use on a local machine only. Cookies are Secure by default, and
	// always on a TLS request or one a trusted proxy says came over HTTPS.
	InsecureCookies bool
	// TrustedProxies are the addresses (CIDRs) of reverse proxies whose
	// Forwarded, X-Forwarded-For and X-Forwarded-Proto headers are
	// believed; from anyone else they are ignored.
	TrustedProxies []string
	// ClaimTTL is how long a claim lasts without activity; default 30m.
	ClaimTTL time.Duration
	// SessionIdle and SessionMax end sessions after that long without a
	// request, or after sign-in; defaults 1h and 12h.
	SessionIdle, SessionMax time.Duration
	// LoginBurst failed sign-ins per account are free; each further one
	// makes the account's next attempt wait LoginBackoff, then twice that,
	// and so on up to LoginBackoffMax (a delay, never a lock-out).
	// Defaults 5, 1s and 1m.
	LoginBurst                    int
	LoginBackoff, LoginBackoffMax time.Duration
	// ClientBurst failed sign-ins from one client address (see
	// TrustedProxies) are free; further ones back off the same way up to
	// LoginWindow. Failures are forgotten LoginWindow after the last one.
	// Defaults 20 and 15m.
	ClientBurst int
	LoginWindow time.Duration
	// MaxHashing bounds the password checks (argon2id, ~19 MiB each)
	// running at once; more sign-ins wait for a slot. Default 2.
	MaxHashing int
	// Logger receives one line per decision and failure; default discards.
	Logger *slog.Logger
	// Threshold is the review threshold of the rule pack that read a
	// document (rules.Engine.Threshold): a confidence shows green only at
	// or above it. Nil uses DefaultThreshold, the built-in packs' own.
	Threshold func(pack string) float64
	// Learner, when set, offers admins "Learn this layout" on approved
	// documents no specific pack read (see Learner).
	Learner Learner
}

// DefaultThreshold is the review threshold of the built-in rule packs.
const DefaultThreshold = 0.9

// threshold is the review threshold the document's extraction was
// judged by.
func (s *Server) threshold(ext *labrelay.Extraction) float64 {
	if s.opts.Threshold == nil || ext == nil {
		return DefaultThreshold
	}
	return s.opts.Threshold(ext.RulePack)
}

// confClass colours a confidence: green only at or above the review
// threshold, amber where the reliability tables show most values right
// (confMid), red below.
func confClass(c float64, ok bool, thr float64) string {
	switch {
	case !ok:
		return "conf-none"
	case c >= thr:
		return "conf-high"
	case c >= confMid:
		return "conf-mid"
	}
	return "conf-low"
}

// confMid: values from 0.7 to the threshold were right about nine times
// in ten on the layout and real corpora; below 0.7 about one in five.
const confMid = 0.7

// Server is the review web UI. Build it with New and serve Handler.
type Server struct {
	opts     Options
	store    Store
	approver Approver
	pages    PageImageFunc
	signed   PageImageFunc // pages of the signed revision
	log      *slog.Logger
	tmpl     map[string]*template.Template
	sessions *sessions
	accounts *limiter // per account name
	clients  *limiter // per client address
	hashing  *hashGate
	proxies  []netip.Prefix
}

// New checks opts and returns a Server.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("review: Options.Store is required")
	}
	if opts.Users == nil {
		return nil, errors.New("review: Options.Users is required")
	}
	if opts.BasePath != "" && (!strings.HasPrefix(opts.BasePath, "/") || !strings.HasSuffix(opts.BasePath, "/")) {
		return nil, fmt.Errorf("review: BasePath %q must start and end with /", opts.BasePath)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.ClaimTTL, 30*time.Minute)
	def(&opts.SessionIdle, time.Hour)
	def(&opts.SessionMax, 12*time.Hour)
	def(&opts.LoginWindow, 15*time.Minute)
	def(&opts.LoginBackoff, time.Second)
	def(&opts.LoginBackoffMax, time.Minute)
	positive := func(n *int, v int) {
		if *n <= 0 {
			*n = v
		}
	}
	positive(&opts.LoginBurst, 5)
	positive(&opts.ClientBurst, 20)
	positive(&opts.MaxHashing, 2)
	proxies, err := parsePrefixes(opts.TrustedProxies)
	if err != nil {
		return nil, err
	}
	if opts.RenderDPI <= 0 {
		opts.RenderDPI = 100
	}
	if opts.OCRDPI <= 0 {
		opts.OCRDPI = 300
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:     opts,
		store:    opts.Store,
		approver: opts.Approver,
		pages:    opts.PageImages,
		signed:   opts.SignedPageImages,
		log:      opts.Logger,
		sessions: &sessions{store: opts.Store, idle: opts.SessionIdle, max: opts.SessionMax},
		accounts: newLimiter(opts.LoginBurst, opts.LoginBackoff, opts.LoginBackoffMax, opts.LoginWindow),
		clients:  newLimiter(opts.ClientBurst, opts.LoginBackoff, opts.LoginWindow, opts.LoginWindow),
		hashing:  newHashGate(opts.MaxHashing),
		proxies:  proxies,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.sessions.log = s.log
	if s.approver == nil {
		s.approver = ApproverFunc(func(ctx context.Context, id int64, reviewer string) error {
			_, err := opts.Store.Approve(ctx, id, reviewer, "")
			return err
		})
	}
	rd := &Renderer{Store: opts.Store, DPI: opts.RenderDPI}
	if s.pages == nil {
		s.pages = rd.Page
	}
	if s.signed == nil {
		s.signed = rd.SignedPage
	}
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) now() time.Time { return s.opts.Now() }

// Handler serves the UI. Mount it at the root or under a prefix with
// http.StripPrefix("/review", h) (links and cookies follow the prefix):
//
//	GET  /login, POST /login, POST /logout
//	GET  /                       review queue (?lab=&category=)
//	GET  /doc/{id}               document page
//	GET  /doc/{id}/page/{n}      page image
//	POST /doc/{id}/{claim|release|save|approve|reject}
//	GET  /admin                  users and exceptions (admin only)
//	GET|POST /learn/{id}         learn the document's layout (admin only)
//	GET  /static/…               stylesheet and script
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", s.handleLoginPage)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("GET /static/login.css", s.handleStatic)
	mux.Handle("GET /static/", s.auth(RoleReviewer, s.staticAuthed))
	mux.Handle("POST /logout", s.auth(RoleReviewer, s.handleLogout))
	mux.Handle("GET /{$}", s.auth(RoleReviewer, s.handleQueue))
	mux.Handle("GET /doc/{id}", s.auth(RoleReviewer, s.handleDocument))
	mux.Handle("GET /doc/{id}/page/{n}", s.auth(RoleReviewer, s.handlePage))
	mux.Handle("GET /doc/{id}/signed/{n}", s.auth(RoleReviewer, s.handleSignedPage))
	mux.Handle("POST /doc/{id}/{action}", s.auth(RoleReviewer, s.handleAction))
	mux.Handle("GET /admin", s.auth(RoleAdmin, s.handleAdmin))
	mux.Handle("GET /learn/{id}", s.auth(RoleAdmin, s.handleLearn))
	mux.Handle("POST /learn/{id}", s.auth(RoleAdmin, s.handleLearn))
	mux.Handle("/", s.auth(RoleReviewer, func(w http.ResponseWriter, r *http.Request, _ session) {
		s.fail(w, r, nil, http.StatusNotFound, "There is no such page. Go back to the review queue.")
	}))
	return s.secure(mux)
}

// secure sets the headers every response carries and bounds request bodies.
func (s *Server) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		}
		h.ServeHTTP(w, r)
	})
}

// base is the path the handler is mounted at, ending in "/".
func (s *Server) base(r *http.Request) string {
	if s.opts.BasePath != "" {
		return s.opts.BasePath
	}
	full := r.RequestURI
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil {
		full = u.EscapedPath()
	}
	if p := r.URL.EscapedPath(); p != "" && strings.HasSuffix(full, p) {
		return strings.TrimSuffix(full, p) + "/"
	}
	return "/"
}

type authedHandler func(w http.ResponseWriter, r *http.Request, ss session)

// auth lets a request through only with a live session of a user who still
// exists with at least role; a POST must also carry the session's CSRF
// token. Pages redirect to the sign-in page; images, scripts and POSTs
// get 401.
func (s *Server) auth(role Role, h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss, ok := s.session(r)
		if !ok {
			if r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "/page/") && !strings.HasPrefix(r.URL.Path, "/static/") {
				next := r.URL.RequestURI()
				http.Redirect(w, r, s.base(r)+"login?next="+url.QueryEscape(next), http.StatusFound)
				return
			}
			http.Error(w, "Sign in first.", http.StatusUnauthorized)
			return
		}
		if role == RoleAdmin && ss.role != RoleAdmin {
			s.fail(w, r, &ss, http.StatusForbidden, "This page is for administrators. Ask an administrator if you need access.")
			return
		}
		if r.Method == http.MethodPost {
			if !sameOrigin(r) || !validToken(ss.csrf, r.PostFormValue("csrf")) {
				s.log.Warn("review: refused POST without a valid CSRF token", "user", ss.user, "path", r.URL.Path)
				s.fail(w, r, &ss, http.StatusForbidden, "The form was out of date or did not come from this site. Reload the page and try again.")
				return
			}
		}
		h(w, r, ss)
	})
}

// session returns the request's live session, checking the user against
// the user source so that removed accounts and changed roles take effect.
func (s *Server) session(r *http.Request) (session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return session{}, false
	}
	ss, ok := s.sessions.get(r.Context(), c.Value, s.now())
	if !ok {
		return session{}, false
	}
	u, err := s.opts.Users.User(r.Context(), ss.user)
	if err != nil {
		s.sessions.delete(r.Context(), ss.id)
		return session{}, false
	}
	ss.role = u.Role
	return ss, true
}

// sameOrigin refuses a POST whose Origin (when the browser sends one) is
// another site: a second line behind the CSRF token and SameSite cookies.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// view is what every page template gets.
type view struct {
	Base   string
	Title  string
	User   string
	Role   Role
	CSRF   string
	Notice string
	Error  string
	Data   any
}

func (s *Server) view(r *http.Request, ss *session, title string, data any) view {
	v := view{Base: s.base(r), Title: title, Data: data}
	if ss != nil {
		v.User, v.Role, v.CSRF = ss.user, ss.role, ss.csrf
	}
	return v
}

func (s *Server) render(w http.ResponseWriter, status int, name string, v view) {
	t, ok := s.tmpl[name]
	if !ok {
		http.Error(w, "missing template "+name, http.StatusInternalServerError)
		return
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("review: render page", "template", name, "err", err)
		http.Error(w, "The page could not be shown; the error was logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(buf.String()))
}

// fail shows a plain sentence saying what happened and what to do.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, ss *session, status int, msg string) {
	v := s.view(r, ss, http.StatusText(status), nil)
	v.Error = msg
	s.render(w, status, "error", v)
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	data, err := fs.ReadFile(staticFS, name)
	if err != nil || strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
}

func (s *Server) staticAuthed(w http.ResponseWriter, r *http.Request, _ session) {
	s.handleStatic(w, r)
}

var templateFuncs = template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"add": func(a, b int) int { return a + b },
}

func parseTemplates() (map[string]*template.Template, error) {
	pages := []string{"login", "queue", "document", "admin", "error", "learn"}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.New(p).Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html")
		if err != nil {
			return nil, fmt.Errorf("review: parse template %s: %w", p, err)
		}
		out[p] = t
	}
	return out, nil
}
