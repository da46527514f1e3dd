package dspsim

import (
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Report statuses.
const (
	StatusAccepted   = "accepted"
	StatusRejected   = "rejected"
	StatusSuperseded = "superseded"
	StatusExpired    = "expired"
)

// Server is the reference DSP receiver. Set the exported fields, then serve
// Handler. It is safe for concurrent use; change settings after start only
// through the setters (SetFaults, AddKeys).
type Server struct {
	// ClientID and ClientSecret are the one client the token endpoint knows.
	ClientID, ClientSecret string
	// TokenTTL is a token's lifetime; default 1h.
	TokenTTL time.Duration
	// CallbackURL receives exception callbacks; CallbackSecret keys their
	// HMAC-SHA256 signature.
	CallbackURL    string
	CallbackSecret []byte
	// HTTPClient sends callbacks; default a client with a 10s timeout.
	HTTPClient *http.Client
	// RequiredFields must be non-empty strings in every payload: each entry
	// is dotted paths separated by "|", any of which may hold the value;
	// default DefaultRequiredFields.
	RequiredFields []string
	// Profile, when set (ProfileRecord, ProfileUNTPDCC), is the one
	// publication profile taken: a submission sent as another profile's
	// media type is refused with 415. Empty takes both.
	Profile string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Seed makes fault injection repeatable; 0 picks one at random.
	Seed uint64
	// Logger receives one line per request outcome; default discards.
	Logger *slog.Logger

	initOnce sync.Once
	mu       sync.Mutex
	keys     jose.JSONWebKeySet
	tokens   map[string]time.Time
	reports  []*report
	byID     map[string]*report
	byKey    map[string]*report
	faults   Faults
	burst    int // 429 answers left in the current burst
	rnd      *rand.Rand
	seq      int
}

// NewServer returns an idle server for one client and a JWKS of the
// signers' public keys.
func NewServer(clientID, clientSecret string, keys jose.JSONWebKeySet) *Server {
	s := &Server{ClientID: clientID, ClientSecret: clientSecret}
	s.AddKeys(keys)
	return s
}

func (s *Server) init() {
	s.initOnce.Do(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.lazyInit()
	})
}

// lazyInit fills the maps; s.mu must be held.
func (s *Server) lazyInit() {
	if s.tokens == nil {
		s.tokens = map[string]time.Time{}
		s.byID = map[string]*report{}
		s.byKey = map[string]*report{}
	}
	if s.rnd == nil {
		seed := s.Seed
		if seed == 0 {
			seed = rand.Uint64()
		}
		s.rnd = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	}
}

// AddKeys adds public keys that submissions may be signed with.
func (s *Server) AddKeys(keys jose.JSONWebKeySet) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys.Keys {
		if !k.IsPublic() {
			k = k.Public()
		}
		s.keys.Keys = append(s.keys.Keys, k)
	}
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Handler serves the DSP API:
//
//	POST /oauth/token                       client-credentials tokens
//	POST /v1/inspection-reports             submit a signed record
//	GET  /v1/inspection-reports             list everything received
//	GET  /v1/inspection-reports?idempotency_key=K   status by key
//	GET  /v1/inspection-reports/{id}        status by id
//	GET, POST /admin/faults                 read / replace fault injection
//	POST /admin/keys                        add a JWKS of signing keys
//	POST /admin/exceptions                  send an exception callback
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", s.handleToken)
	mux.HandleFunc("POST /v1/inspection-reports", s.withFaults(s.authorized(s.handleSubmit)))
	mux.HandleFunc("GET /v1/inspection-reports", s.authorized(s.handleList))
	mux.HandleFunc("GET /v1/inspection-reports/{id}", s.authorized(s.handleGet))
	mux.HandleFunc("GET /admin/faults", s.handleGetFaults)
	mux.HandleFunc("POST /admin/faults", s.handleSetFaults)
	mux.HandleFunc("POST /admin/keys", s.handleAddKeys)
	mux.HandleFunc("POST /admin/exceptions", s.handleSendException)
	return mux
}

// problem is every error body: a machine code and a sentence for people.
type problem struct {
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeProblem(w http.ResponseWriter, code int, errCode, reason string) {
	writeJSON(w, code, problem{Error: errCode, Reason: reason})
}
