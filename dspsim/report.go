package dspsim

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay"
)

// Media types of a submission: a signed labrelay record or wire payload
// (JWS JSON or compact serialization), or a UNTP conformity credential
// secured with VC-JOSE-COSE (compact JWS, "typ": "vc+jwt").
const (
	MediaTypeJOSEJSON = "application/jose+json"
	MediaTypeJOSE     = "application/jose"
	MediaTypeVCJWT    = "application/vc+jwt"

	// Publication profiles (Server.Profile, Report.Profile).
	ProfileRecord  = "record"   // signed records and wire payloads: application/jose(+json)
	ProfileUNTPDCC = "untp-dcc" // UNTP credentials: application/vc+jwt
	// TypeVCJWT is the JWS "typ" of a secured credential.
	TypeVCJWT = "vc+jwt"
)

// MaxBody is the largest submission accepted.
const MaxBody = 4 << 20

// allowedAlgs is the signature algorithm allow-list of spec §3.
var allowedAlgs = []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256}

// Report is what the simulator holds about one submission.
type Report struct {
	ID             string    `json:"id"`
	Status         string    `json:"status"`
	IdempotencyKey string    `json:"idempotency_key"`
	ReportNumber   string    `json:"report_number,omitempty"`
	ReceivedAt     time.Time `json:"received_at"`
	// KeyID is the kid of the key that signed it.
	KeyID string `json:"kid,omitempty"`
	// Supersedes is the report number this one replaces, as the payload
	// says; SupersedesID is the id of that report when the DSP holds it,
	// and SupersededBy the id of the report that replaced this one (also
	// when the replacing one arrived first: this one was then never
	// current). TwinOf is the report number of the same report in another
	// language; Replaces the ids of every report this one took the place
	// of (older revisions, a twin published before it).
	Supersedes   string   `json:"supersedes,omitempty"`
	SupersedesID string   `json:"supersedes_id,omitempty"`
	SupersededBy string   `json:"superseded_by,omitempty"`
	TwinOf       string   `json:"twin_of,omitempty"`
	Replaces     []string `json:"replaces,omitempty"`
	// Profile is "record" for a signed record or wire payload, "untp-dcc"
	// for a conformity credential.
	Profile string `json:"profile,omitempty"`
	// ContentType is the media type the first submission was sent as.
	ContentType string `json:"content_type,omitempty"`
	// Reason explains an exception status.
	Reason string `json:"reason,omitempty"`
	// Submissions counts the POSTs under this key (1 + duplicates).
	Submissions int `json:"submissions"`
	// Payload is the verified wire payload.
	Payload json.RawMessage `json:"payload,omitempty"`

	payloadSum [32]byte
	// replaces holds the report keys (labrelay.ReportKey) this report
	// takes the place of, replacesIDs the DSP ids the payload names.
	replaces    []string
	replacesIDs []string
}

type report = Report

// Reports returns a copy of every report received, oldest first.
func (s *Server) Reports() []Report {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Report, len(s.reports))
	for i, r := range s.reports {
		out[i] = *r
	}
	return out
}

// Report returns one report by id.
func (s *Server) Report(id string) (Report, bool) {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.byID[id]
	if !ok {
		return Report{}, false
	}
	return *r, true
}

// Reset forgets every report (not the keys, tokens or faults).
func (s *Server) Reset() {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reports = nil
	clear(s.byID)
	clear(s.byKey)
}

type rejection struct {
	status int
	code   string
	reason string
}

func reject(status int, code, format string, args ...any) *rejection {
	return &rejection{status: status, code: code, reason: fmt.Sprintf(format, args...)}
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	log := s.logger().With("idempotency_key", key)
	rep, created, rej := s.submit(r, key)
	if rej != nil {
		log.Info("submission refused", "status", rej.status, "reason", rej.reason)
		writeProblem(w, rej.status, rej.code, rej.reason)
		return
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
		w.Header().Set("Location", "/v1/inspection-reports/"+rep.ID)
	}
	log.Info("submission", "status", code, "id", rep.ID, "report_number", rep.ReportNumber)
	writeJSON(w, code, map[string]string{"id": rep.ID, "status": rep.Status})
}

// mediaType reads a submission's Content-Type: one of the JOSE or
// credential media types, and the one of the server's Profile when set.
func (s *Server) mediaType(header string) (string, *rejection) {
	mt, _, err := mime.ParseMediaType(header)
	if err != nil || (mt != MediaTypeJOSEJSON && mt != MediaTypeJOSE && mt != MediaTypeVCJWT) {
		return "", reject(http.StatusUnsupportedMediaType, "unsupported_media_type", "send the signed record as application/jose+json (JWS JSON serialization) or application/jose (compact), or a UNTP credential as application/vc+jwt")
	}
	switch {
	case s.Profile == ProfileRecord && mt == MediaTypeVCJWT:
		return "", reject(http.StatusUnsupportedMediaType, "profile_mismatch", "this DSP takes the record profile: send signed records as application/jose or application/jose+json, not %s", mt)
	case s.Profile == ProfileUNTPDCC && mt != MediaTypeVCJWT:
		return "", reject(http.StatusUnsupportedMediaType, "profile_mismatch", "this DSP takes the untp-dcc profile: send credentials as application/vc+jwt, not %s", mt)
	}
	return mt, nil
}

func (s *Server) submit(r *http.Request, key string) (Report, bool, *rejection) {
	mt, payload, kid, typ, rej := s.readSigned(r, key)
	if rej != nil {
		return Report{}, false, rej
	}
	paths := recordPaths
	if typ == TypeVCJWT {
		paths = credentialPaths
	}
	fields, rej := s.payloadFields(payload, typ, paths)
	if rej != nil {
		return Report{}, false, rej
	}
	number := lookupString(fields, paths.number)
	supersedes := lookupString(fields, paths.supersedes)
	twinOf := lookupString(fields, paths.twinOf)
	replaces, replacesIDs := lineageReplaces(fields)
	if supersedes != "" {
		replaces = append(replaces, labrelay.ReportKey(supersedes))
	}
	profile := ProfileRecord
	if typ == TypeVCJWT {
		profile = ProfileUNTPDCC
	}
	sum := sha256.Sum256(payload)

	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.byKey[key]; ok {
		if old.payloadSum != sum {
			return Report{}, false, reject(http.StatusUnprocessableEntity, "idempotency_key_reused", "idempotency key %s was used before for a different payload", key)
		}
		old.Submissions++
		return *old, false, nil
	}
	if re := s.faults.reject; re != nil && re.MatchString(number) {
		code := s.faults.RejectStatus
		if code == 0 {
			code = http.StatusUnprocessableEntity
		}
		return Report{}, false, reject(code, "rejected", "report number %s is not accepted by the DSP (rejection rule %s)", number, re)
	}
	s.seq++
	rep := &Report{
		ID:             fmt.Sprintf("dsp-%06d", s.seq),
		Status:         StatusAccepted,
		IdempotencyKey: key,
		ReportNumber:   number,
		ReceivedAt:     s.now().UTC(),
		KeyID:          kid,
		Supersedes:     supersedes,
		TwinOf:         twinOf,
		Profile:        profile,
		ContentType:    mt,
		Submissions:    1,
		Payload:        json.RawMessage(payload),
		payloadSum:     sum,
		replaces:       replaces,
		replacesIDs:    replacesIDs,
	}
	s.link(rep)
	s.reports = append(s.reports, rep)
	s.byID[rep.ID] = rep
	s.byKey[key] = rep
	return *rep, true, nil
}

// readSigned reads and verifies a submission: its media type, key and
// JWS. It returns the verified payload, the signing key's id and the JWS
// typ.
func (s *Server) readSigned(r *http.Request, key string) (mt string, payload []byte, kid, typ string, rej *rejection) {
	mt, rej = s.mediaType(r.Header.Get("Content-Type"))
	if rej != nil {
		return "", nil, "", "", rej
	}
	if key == "" {
		return "", nil, "", "", reject(http.StatusBadRequest, "missing_idempotency_key", "the Idempotency-Key header is required")
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, "", "", reject(http.StatusRequestEntityTooLarge, "too_large", "the submission exceeds %d bytes", MaxBody)
		}
		return "", nil, "", "", reject(http.StatusBadRequest, "unreadable", "could not read the body: %v", err)
	}
	payload, kid, typ, rej = s.verify(body, mt)
	if rej != nil {
		return "", nil, "", "", rej
	}
	if (mt == MediaTypeVCJWT) != (typ == TypeVCJWT) {
		return "", nil, "", "", reject(http.StatusUnsupportedMediaType, "type_mismatch", "a JWS with typ %q was sent as %s: send credentials (typ vc+jwt) as application/vc+jwt and signed records as application/jose or application/jose+json", typ, mt)
	}
	return mt, payload, kid, typ, nil
}

// payloadFields decodes the payload and checks its required fields.
func (s *Server) payloadFields(payload []byte, typ string, paths payloadPaths) (map[string]any, *rejection) {
	var fields map[string]any
	if err := json.Unmarshal(payload, &fields); err != nil || fields == nil {
		return nil, reject(http.StatusBadRequest, "malformed_payload", "the signed payload is not a JSON object")
	}
	required := s.RequiredFields
	if required == nil {
		required = DefaultRequiredFields
	}
	if typ == TypeVCJWT {
		required = []string{paths.number, paths.source}
	}
	for _, f := range required {
		if lookupString(fields, f) == "" {
			name, _, _ := strings.Cut(f, "|")
			return nil, reject(http.StatusUnprocessableEntity, "missing_field", "the payload lacks %s", name)
		}
	}
	return fields, nil
}

// link ties a new report into its lineage, so that one report per sample
// is current: the reports it replaces (by the DSP ids its lineage names,
// or by report number) become superseded by it; and when a current report
// already replaces this one's number (the revision arrived first), this
// one is superseded on arrival and was never current (also when that
// report is itself superseded: the chain A ← B ← C in any arrival order
// leaves only C current). s.mu must be held.
func (s *Server) link(rep *Report) {
	key := labrelay.ReportKey(rep.ReportNumber)
	for _, cur := range s.reports {
		if key != "" && slices.Contains(cur.replaces, key) {
			rep.Status = StatusSuperseded
			rep.SupersededBy = cur.ID
			rep.Reason = "superseded by report " + cur.ReportNumber + ", received earlier"
			break
		}
	}
	for i := len(s.reports) - 1; i >= 0; i-- {
		old := s.reports[i]
		if old.Status != StatusAccepted || old == rep {
			continue
		}
		if !slices.Contains(rep.replacesIDs, old.ID) && !slices.Contains(rep.replaces, labrelay.ReportKey(old.ReportNumber)) {
			continue
		}
		old.SupersededBy = rep.ID
		old.Status = StatusSuperseded
		old.Reason = "superseded by report " + rep.ReportNumber
		rep.Replaces = append(rep.Replaces, old.ID)
		if rep.SupersedesID == "" && rep.Supersedes != "" && labrelay.ReportKey(old.ReportNumber) == labrelay.ReportKey(rep.Supersedes) {
			rep.SupersedesID = old.ID
		}
	}
}

// lineageReplaces reads lineage.replaces of a labrelay payload: the report
// keys and DSP ids of the reports the new one takes the place of.
func lineageReplaces(fields map[string]any) (keys, ids []string) {
	lin, _ := fields["lineage"].(map[string]any)
	list, _ := lin["replaces"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		if n, _ := m["report_number"].(string); strings.TrimSpace(n) != "" {
			keys = append(keys, labrelay.ReportKey(n))
		}
		if id, _ := m["dsp_id"].(string); id != "" {
			ids = append(ids, id)
		}
	}
	return keys, ids
}

// payloadPaths are where a payload keeps the fields the simulator reads,
// as lookupString alternatives.
type payloadPaths struct {
	number, source, supersedes, twinOf string
}

var (
	// recordPaths: the dsp-wire/v1 envelope, or labrelay's signed record.
	recordPaths = payloadPaths{
		number:     "report_number|record.report_number",
		source:     "source_sha256|source.sha256",
		supersedes: "supersedes|lineage.supersedes|record.supersedes",
		twinOf:     "twin_of|lineage.twin_of|record.twin_of",
	}
	// credentialPaths: a UNTP conformity credential (untp.Credential): the
	// lab's file is the conformity certificate, the report's identity is
	// in the labrelay:report extension.
	credentialPaths = payloadPaths{
		number:     "credentialSubject.labrelay:report.reportNumber",
		source:     "credentialSubject.conformityCertificate.hashDigest",
		supersedes: "credentialSubject.labrelay:report.supersedes",
		twinOf:     "credentialSubject.labrelay:report.twinOf",
	}
)

// verify checks the JWS against the configured keys and returns its
// payload, the kid that signed it and its protected "typ".
func (s *Server) verify(body []byte, mediaType string) ([]byte, string, string, *rejection) {
	text := string(bytes.TrimSpace(body))
	var jws *jose.JSONWebSignature
	var err error
	if mediaType == MediaTypeJOSEJSON {
		jws, err = jose.ParseSignedJSON(text, allowedAlgs)
	} else {
		jws, err = jose.ParseSignedCompact(text, allowedAlgs)
	}
	if err != nil {
		var alg *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &alg) {
			return nil, "", "", reject(http.StatusUnprocessableEntity, "algorithm_not_allowed", "signature algorithm %s is not accepted; sign with EdDSA or ES256", alg.Got)
		}
		return nil, "", "", reject(http.StatusBadRequest, "malformed_jws", "the body is not a JWS in %s serialization: %v", map[bool]string{true: "JSON", false: "compact"}[mediaType == MediaTypeJOSEJSON], err)
	}
	s.mu.Lock()
	keys := jose.JSONWebKeySet{Keys: append([]jose.JSONWebKey(nil), s.keys.Keys...)}
	s.mu.Unlock()
	var kids []string
	for _, sig := range jws.Signatures {
		kid := sig.Header.KeyID
		kids = append(kids, kid)
		found := keys.Key(kid)
		if kid == "" || len(found) == 0 {
			continue
		}
		key := found[0]
		if key.Algorithm != "" && key.Algorithm != sig.Header.Algorithm {
			return nil, "", "", reject(http.StatusUnprocessableEntity, "algorithm_mismatch", "key %s is for %s, the signature says %s", kid, key.Algorithm, sig.Header.Algorithm)
		}
		one := *jws
		one.Signatures = []jose.Signature{sig}
		payload, err := one.Verify(key.Key)
		if err != nil {
			return nil, "", "", reject(http.StatusUnprocessableEntity, "bad_signature", "the signature by key %s does not verify: the record was altered or signed with another key", kid)
		}
		typ, _ := sig.Protected.ExtraHeaders[jose.HeaderType].(string)
		return payload, kid, typ, nil
	}
	return nil, "", "", reject(http.StatusUnprocessableEntity, "unknown_key", "no signature is by a known key (kid %s); register the signer's public key in the DSP's JWKS", strings.Join(kids, ", "))
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.Report(r.PathValue("id"))
	if !ok {
		writeProblem(w, http.StatusNotFound, "not_found", "no report with id "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// handleList answers a status query by idempotency key, or lists every
// report received (without payloads).
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	if key := r.URL.Query().Get("idempotency_key"); key != "" {
		s.mu.Lock()
		rep, ok := s.byKey[key]
		var cp Report
		if ok {
			cp = *rep
		}
		s.mu.Unlock()
		if !ok {
			writeProblem(w, http.StatusNotFound, "not_found", "no report with idempotency key "+key)
			return
		}
		writeJSON(w, http.StatusOK, cp)
		return
	}
	reps := s.Reports()
	for i := range reps {
		reps[i].Payload = nil
	}
	writeJSON(w, http.StatusOK, struct {
		Count   int      `json:"count"`
		Reports []Report `json:"reports"`
	}{len(reps), reps})
}

// DefaultRequiredFields are the payload fields every submission must carry:
// the report number and the source document's SHA-256, at the top level
// (the dsp-wire/v1 envelope) or where labrelay's signed record keeps them.
var DefaultRequiredFields = []string{"report_number|record.report_number", "source_sha256|source.sha256"}

// lookupString returns the first non-empty string among alternatives
// "a.b|c" of dotted paths into m.
func lookupString(m map[string]any, alternatives string) string {
	for _, path := range strings.Split(alternatives, "|") {
		var cur any = m
		for _, p := range strings.Split(path, ".") {
			mm, ok := cur.(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = mm[p]
		}
		if s, ok := cur.(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
