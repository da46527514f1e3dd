package review_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sqlite"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	clientID     = "labrelay-review-test"
	clientSecret = "review-test-secret"
	password     = "correct horse battery"
	fixturePDF   = "../fixtures/testdata/pdf/auto-parts-1.pdf"
	xssValue     = `<script>alert(1)</script>`
)

// clock is a settable clock shared by the store and the review server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// rig is a review server under /review/ on loopback with a real SQLite
// store, a real dspsim and an approver that signs and publishes as the
// pipeline does.
type rig struct {
	Store     *sqlite.Store
	Clock     *clock
	DSP       *dspsim.Server
	DSPURL    string
	URL       string // the review UI, ending in /review/
	Server    *review.Server
	Approver  *approver
	UsersPath string
}

type rigOption func(*review.Options)

func newRig(tb testing.TB, opts ...rigOption) *rig {
	tb.Helper()
	ctx := context.Background()
	r := &rig{Clock: &clock{t: time.Now().UTC().Truncate(time.Second)}}
	r.Store = sqlite.New(filepath.Join(tb.TempDir(), "labrelay.db"))
	r.Store.Now = r.Clock.Now
	if err := r.Store.Open(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Store.Close() })

	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := sign.NewLocalSigner(key)
	if err != nil {
		tb.Fatal(err)
	}
	ks, err := sign.KeySet(signer.Public())
	if err != nil {
		tb.Fatal(err)
	}
	r.DSP = dspsim.NewServer(clientID, clientSecret, *ks)
	dspSrv := httptest.NewServer(r.DSP.Handler())
	tb.Cleanup(dspSrv.Close)
	r.DSPURL = dspSrv.URL
	client := publish.NewClient(dspSrv.URL)
	client.Token = r.tokenConfig()
	r.Approver = &approver{store: r.Store, signer: signer, dsp: client, now: r.Clock.Now}

	usersPath := filepath.Join(tb.TempDir(), "users.yaml")
	r.UsersPath = usersPath
	for _, u := range []struct {
		name string
		role review.Role
	}{{"alice", review.RoleReviewer}, {"bob", review.RoleReviewer}, {"root", review.RoleAdmin}} {
		h, err := review.HashPassword(password)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := review.PutUser(usersPath, review.User{Name: u.name, Role: u.role, PasswordHash: h}); err != nil {
			tb.Fatal(err)
		}
	}
	users := review.NewUsersFile(usersPath)
	if err := users.Load(); err != nil {
		tb.Fatal(err)
	}
	// Plain HTTP on loopback: the cookie jar keeps no Secure cookies there.
	o := review.Options{Store: r.Store, Users: users, Approver: r.Approver, Now: r.Clock.Now, ClaimTTL: 10 * time.Minute, InsecureCookies: true}
	for _, opt := range opts {
		opt(&o)
	}
	if r.Server, err = review.New(o); err != nil {
		tb.Fatal(err)
	}
	// Mounted as `labrelay run` mounts it.
	mux := http.NewServeMux()
	mux.Handle("/review/", http.StripPrefix("/review", r.Server.Handler()))
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	r.URL = srv.URL + "/review/"
	return r
}

func (r *rig) tokenConfig() *clientcredentials.Config {
	return &clientcredentials.Config{ClientID: clientID, ClientSecret: clientSecret, TokenURL: r.DSPURL + "/oauth/token"}
}

// seed stores a document as the pipeline would: the original file as a
// blob, Discover, then one lease completed to needs_review with ext.
func (r *rig) seed(tb testing.TB, key string, data []byte, ext labrelay.Extraction) labrelay.Document {
	tb.Helper()
	ctx := context.Background()
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if err := r.Store.PutBlob(ctx, sha, data); err != nil {
		tb.Fatal(err)
	}
	doc, _, err := r.Store.Discover(ctx, labrelay.NewDocument{Source: labrelay.ObjectRef{Bucket: "reports", Key: key, ETag: sha[:16]}, LabHint: ext.Fields.Lab})
	if err != nil {
		tb.Fatal(err)
	}
	leases, err := r.Store.Lease(ctx, "seed", labrelay.StateDiscovered, 1, time.Minute)
	if err != nil || len(leases) != 1 || leases[0].DocumentID != doc.ID {
		tb.Fatalf("lease seeded document: %v %+v", err, leases)
	}
	ext.Source.SHA256 = sha
	ext.RequireReview("seeded for review")
	doc, err = r.Store.Complete(ctx, leases[0], labrelay.StateNeedsReview, labrelay.Update{SHA256: sha, Extraction: &ext})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// seedPDF stores the auto-parts fixture with a made-up low-confidence
// extraction: batch_number misread ("H24I20-E" for "H24120-E") with its
// box on the page, and po_number at 0.72.
func (r *rig) seedPDF(tb testing.TB) labrelay.Document {
	tb.Helper()
	data, err := os.ReadFile(fixturePDF)
	if err != nil {
		tb.Fatal(err)
	}
	var rec labrelay.Record
	raw, err := os.ReadFile(strings.TrimSuffix(fixturePDF, ".pdf") + ".expected.json")
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		tb.Fatal(err)
	}
	rec.BatchNumber = "H24I20-E"
	conf := map[string]float64{}
	for _, f := range rec.Present() {
		conf[f] = 0.97
	}
	conf[labrelay.FieldBatchNumber] = 0.41
	conf[labrelay.FieldPONumber] = 0.72
	ext := labrelay.Extraction{
		Source:     labrelay.Source{File: "auto-parts-1.pdf", MediaType: "application/pdf", Pages: 1},
		Path:       labrelay.PathPDFText,
		Fields:     rec,
		Confidence: conf,
		Review:     labrelay.Review{Required: true, Reasons: []string{"batch_number below threshold 0.9", "po_number below threshold 0.9"}},
		// Boxes in points, from pdftotext -bbox of the fixture.
		Provenance: map[string]labrelay.Provenance{
			labrelay.FieldReportNumber: {Page: 1, Unit: "pt", Box: &labrelay.Box{X: 490.1, Y: 31.8, W: 62.6, H: 9.9}},
			labrelay.FieldBatchNumber:  {Page: 1, Unit: "pt", Box: &labrelay.Box{X: 136.06, Y: 178.26, W: 44.33, H: 10.47}},
			labrelay.FieldPONumber:     {Page: 1, Unit: "pt", Box: &labrelay.Box{X: 136.06, Y: 190.73, W: 51.22, H: 10.47}},
		},
		RulesVersion:     "test-rules/1",
		ExtractorVersion: "test",
	}
	return r.seed(tb, "other/auto-parts-1.pdf", data, ext)
}

// seedXSS stores a document whose extracted text is hostile markup.
func (r *rig) seedXSS(tb testing.TB) labrelay.Document {
	tb.Helper()
	data, err := os.ReadFile(fixturePDF)
	if err != nil {
		tb.Fatal(err)
	}
	data = append(append([]byte{}, data...), []byte("\n% another version\n")...)
	ext := labrelay.Extraction{
		Source: labrelay.Source{File: "x.pdf", MediaType: "application/pdf", Pages: 1},
		Path:   labrelay.PathPDFText,
		Fields: labrelay.Record{ReportNumber: "XSS-1", Lab: labrelay.LabSGS, LabName: xssValue, ProductName: `"><img src=x onerror=alert(2)>`,
			Category: labrelay.CategoryFood, Results: []labrelay.ResultRow{{Item: xssValue, Value: "1"}}},
		Confidence: map[string]float64{"report_number": 0.5, "lab_name": 0.5},
		Review:     labrelay.Review{Required: true, Reasons: []string{"lab_name " + xssValue}},
	}
	return r.seed(tb, "sgs/"+xssValue+".pdf", data, ext)
}

// approver signs and publishes an approved document the way the pipeline
// does: Store.Approve, a lease on the sign stage, the signed record with
// reviewed_by/reviewed_at, the outbox, the DSP.
type approver struct {
	store  labrelay.Store
	signer sign.Signer
	dsp    *publish.Client
	now    func() time.Time
}

func (a *approver) Approve(ctx context.Context, id int64, reviewer string) error {
	if _, err := a.store.Approve(ctx, id, reviewer, ""); err != nil {
		return err
	}
	leases, err := a.store.Lease(ctx, "review-test", labrelay.StateAccepted, 1, time.Minute)
	if err != nil {
		return err
	}
	if len(leases) != 1 || leases[0].DocumentID != id {
		return fmt.Errorf("leased %+v, want document %d", leases, id)
	}
	d := leases[0].Document
	p := sign.NewPayload(d.Extraction)
	if p.Source.SHA256 == "" {
		p.Source.SHA256 = d.SHA256
	}
	p.SignedAt = a.now()
	p.ReviewedBy, p.ReviewedAt = d.ReviewedBy, d.AcceptedAt
	jws, err := sign.SignRecord(ctx, a.signer, p)
	if err != nil {
		return err
	}
	if _, err := a.store.Complete(ctx, leases[0], labrelay.StateSigned, labrelay.Update{SignedRecord: jws, IdempotencyKey: p.IdempotencyKey}); err != nil {
		return err
	}
	items, err := a.store.LeaseOutbox(ctx, "review-test", 1, time.Minute)
	if err != nil {
		return err
	}
	if len(items) != 1 {
		return errors.New("nothing in the outbox")
	}
	res, err := a.dsp.Publish(ctx, publish.Submission{IdempotencyKey: items[0].IdempotencyKey, JWS: items[0].SignedRecord})
	if err != nil {
		return err
	}
	_, err = a.store.Published(ctx, items[0], labrelay.Receipt{ID: res.ID, Status: res.HTTPStatus})
	return err
}

// dspReports GETs the DSP's listing, then each report with its payload.
func (r *rig) dspReports(tb testing.TB) []dspsim.Report {
	tb.Helper()
	hc := r.tokenConfig().Client(context.Background())
	var list struct {
		Reports []dspsim.Report `json:"reports"`
	}
	getJSON(tb, hc, r.DSPURL+publish.ReportsPath, &list)
	var out []dspsim.Report
	for _, rep := range list.Reports {
		var full dspsim.Report
		getJSON(tb, hc, r.DSPURL+publish.ReportsPath+"/"+rep.ID, &full)
		out = append(out, full)
	}
	return out
}

func getJSON(tb testing.TB, hc *http.Client, u string, v any) {
	tb.Helper()
	resp, err := hc.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("GET %s: %s %s", u, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatal(err)
	}
}

// browser is a plain HTTP client with a cookie jar that does not follow
// redirects, so tests see the 302s and 303s.
type browser struct {
	tb   testing.TB
	base string
	hc   *http.Client
}

func (r *rig) client(tb testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{tb: tb, base: r.URL, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(req *http.Request) response {
	b.tb.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(body)}
}

func (b *browser) get(path string) response {
	b.tb.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.tb.Fatal(err)
	}
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	b.tb.Helper()
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token from a page's form.
func (b *browser) csrf(page string) string {
	b.tb.Helper()
	m := csrfRE.FindStringSubmatch(b.get(page).Body)
	if m == nil {
		b.tb.Fatalf("no csrf token on %s", page)
	}
	return m[1]
}

// login signs in and fails the test unless it worked.
func (b *browser) login(name string) {
	b.tb.Helper()
	if resp := b.tryLogin(name, password); resp.Status != http.StatusSeeOther {
		b.tb.Fatalf("sign in as %s: %d %s", name, resp.Status, resp.Body)
	}
}

func (b *browser) tryLogin(name, pw string) response {
	b.tb.Helper()
	return b.post("login", url.Values{"csrf": {b.csrf("login")}, "name": {name}, "password": {pw}})
}

// form returns the document form's current values, as a browser would
// submit them.
func docForm(doc labrelay.Document, csrf string) url.Values {
	v := url.Values{"csrf": {csrf}, "version": {fmt.Sprint(doc.Version)}}
	rec := doc.Extraction.Fields
	for _, name := range labrelay.FieldNames {
		switch name {
		case labrelay.FieldResults:
			for _, r := range rec.Results {
				v.Add("r.item", r.Item)
				v.Add("r.method", r.Method)
				v.Add("r.unit", r.Unit)
				v.Add("r.mdl", r.MDL)
				v.Add("r.limit", r.Limit)
				v.Add("r.value", r.Value)
				v.Add("r.verdict", r.Verdict)
			}
		case labrelay.FieldTestStandards:
			v.Set("f."+name, strings.Join(rec.TestStandards, "\n"))
		case labrelay.FieldPageCount:
			if rec.PageCount > 0 {
				v.Set("f."+name, fmt.Sprint(rec.PageCount))
			}
		default:
			s, _ := rec.String(name)
			v.Set("f."+name, s)
		}
	}
	return v
}
