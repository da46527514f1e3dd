package untp_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/signtest"
	"github.com/labrelay/labrelay/untp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

var signedAt = time.Date(2026, 5, 12, 8, 30, 0, 0, time.UTC)

var issuer = untp.Issuer{ID: "did:web:reports.example.com", Name: "Example Supplier Co., Ltd."}

// moduleRoot is the directory holding go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// MustSchema compiles the official UNTP DCC JSON Schema, read in place
// from ../shared/untp beside the repository (GPL-3.0: never copied here).
// It skips when that folder is absent, in CI too: the schema is not ours
// to ship.
func MustSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	dir := filepath.Join(moduleRoot(tb), "..", "shared", "untp")
	path := filepath.Join(dir, "untp-dcc-schema.json")
	if _, err := os.Stat(path); err != nil {
		testenv.SkipOrFailf(tb, "../shared/untp is absent: the official UNTP DCC schema (GPL-3.0, uncefact/spec-untp) is read in place, never copied into the project (%v)", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri, date, date-time are checked, not just annotated
	// Local files only: the schema refers to nothing but its own $defs and
	// the 2020-12 meta-schema, which the library has built in.
	c.UseLoader(jsonschema.SchemeURLLoader{"file": jsonschema.FileLoader{}})
	sch, err := c.Compile(path)
	if err != nil {
		tb.Fatalf("compile %s: %v", path, err)
	}
	return sch
}

func mustValidate(tb testing.TB, sch *jsonschema.Schema, doc []byte) {
	tb.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		tb.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		tb.Fatalf("credential does not validate against the UNTP DCC schema: %v\n%s", err, doc)
	}
}

type fixture struct {
	name    string
	payload *sign.Payload
	source  []byte
}

// fixtures returns a signed-record payload for every expected record
// under fixtures/testdata/{native,pdf}, tied to its real source file.
func fixtures(tb testing.TB) []fixture {
	tb.Helper()
	root := filepath.Join(moduleRoot(tb), "fixtures", "testdata")
	var out []fixture
	for _, dir := range []string{"native", "pdf"} {
		exp, _ := filepath.Glob(filepath.Join(root, dir, "*.expected.json"))
		for _, e := range exp {
			stem := strings.TrimSuffix(e, ".expected.json")
			srcs, _ := filepath.Glob(stem + ".*")
			var src string
			for _, s := range srcs {
				if s != e {
					src = s
				}
			}
			if src == "" {
				tb.Fatalf("no source file beside %s", e)
			}
			data, err := os.ReadFile(e)
			if err != nil {
				tb.Fatal(err)
			}
			var rec labrelay.Record
			if err := json.Unmarshal(data, &rec); err != nil {
				tb.Fatalf("%s: %v", e, err)
			}
			source, err := os.ReadFile(src)
			if err != nil {
				tb.Fatal(err)
			}
			p := sign.NewPayload(&labrelay.Extraction{
				Fields: rec,
				Source: labrelay.Source{File: filepath.Base(src), SHA256: sign.SHA256Hex(source), MediaType: mime.TypeByExtension(filepath.Ext(src))},
				Path:   dir,
			})
			p.SignedAt = signedAt
			out = append(out, fixture{name: dir + "/" + filepath.Base(stem), payload: p, source: source})
		}
	}
	if len(out) < 20 {
		tb.Fatalf("found %d fixtures, want the native and pdf sets", len(out))
	}
	return out
}

func fixtureNamed(tb testing.TB, name string) fixture {
	tb.Helper()
	for _, f := range fixtures(tb) {
		if f.name == name {
			return f
		}
	}
	tb.Fatalf("no fixture %s", name)
	return fixture{}
}

func MustCredential(tb testing.TB, p *sign.Payload) *untp.Credential {
	tb.Helper()
	c, err := untp.NewCredential(p, issuer)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func MustSigner(tb testing.TB, alg string) *untp.Signer {
	tb.Helper()
	key, err := sign.GenerateKey(alg)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := untp.NewSigner(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func MustKeySet(tb testing.TB, pubs ...crypto.PublicKey) *jose.JSONWebKeySet {
	tb.Helper()
	set, err := sign.KeySet(pubs...)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// payloadOf decodes a compact JWS's payload (unverified; tests only).
func payloadOf(tb testing.TB, compact []byte) []byte {
	tb.Helper()
	parts := strings.Split(string(compact), ".")
	if len(parts) != 3 {
		tb.Fatalf("not a compact JWS: %q", compact)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func headerOf(tb testing.TB, compact []byte) map[string]any {
	tb.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(string(compact), ".")[0])
	if err != nil {
		tb.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(b, &h); err != nil {
		tb.Fatal(err)
	}
	return h
}

// TestSchema: the credential for every fixture record, as secured, is a
// valid UNTP Digital Conformity Credential by the official schema.
func TestSchema(t *testing.T) {
	sch := MustSchema(t)
	s := MustSigner(t, sign.EdDSA)
	keys := MustKeySet(t, s.Public())
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			jws, err := untp.SignPayload(t.Context(), s, f.payload, issuer)
			if err != nil {
				t.Fatal(err)
			}
			v, err := untp.Verify(jws, keys)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			mustValidate(t, sch, payloadOf(t, jws))
			if err := v.Credential.CheckSource(f.source); err != nil {
				t.Errorf("CheckSource(the fixture's own file): %v", err)
			}
			a := v.Credential.CredentialSubject
			if got, want := a.Assessment[0].Conformance, f.payload.Record.OverallResult == labrelay.VerdictPass; got != want {
				t.Errorf("overall conformance = %v, want %v (overall_result %q)", got, want, f.payload.Record.OverallResult)
			}
			// Every result row appears, printed, exactly once.
			rows := len(a.Assessment[0].UnassessedResults)
			for _, as := range a.Assessment[1:] {
				if as.PrintedResult == nil {
					t.Fatalf("row assessment %s has no printed result", as.ID)
				}
				rows++
			}
			if rows != len(f.payload.Record.Results) {
				t.Errorf("credential carries %d result rows, the record %d", rows, len(f.payload.Record.Results))
			}
		})
	}
}

// TestSchemaRejects shows the validator is really checking: credentials
// broken in ways the model forbids fail.
func TestSchemaRejects(t *testing.T) {
	sch := MustSchema(t)
	good, err := sign.Canonical(MustCredential(t, fixtureNamed(t, "native/sgs-rohs-fail-04").payload))
	if err != nil {
		t.Fatal(err)
	}
	mustValidate(t, sch, good)
	for name, edit := range map[string]func(m map[string]any){
		"no issuer":           func(m map[string]any) { delete(m, "issuer") },
		"issuer extra field":  func(m map[string]any) { m["issuer"].(map[string]any)["email"] = "x@example.com" },
		"wrong context order": func(m map[string]any) { m["@context"] = []any{untp.ContextDCC, untp.ContextVC} },
		"not a DCC":           func(m map[string]any) { m["type"] = []any{"VerifiableCredential"} },
		"relative id":         func(m map[string]any) { m["id"] = "report-1" },
		"bad assessorLevel":   func(m map[string]any) { subject(m)["assessorLevel"] = "ThirdParty" },
		"no conformance":      func(m map[string]any) { delete(assessment(m, 0), "conformance") },
		"printed value as number": func(m map[string]any) {
			for i := range subject(m)["assessment"].([]any) {
				if dv, ok := assessment(m, i)["declaredValue"].([]any); ok {
					dv[0].(map[string]any)["metricValue"].(map[string]any)["value"] = "N.D."
					return
				}
			}
			t.Fatal("no declared value to break")
		},
	} {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			json.Unmarshal(good, &m)
			edit(m)
			doc, _ := json.Marshal(m)
			inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
			if err := sch.Validate(inst); err == nil {
				t.Errorf("the schema accepted a credential with %s", name)
			}
		})
	}
}

func subject(m map[string]any) map[string]any { return m["credentialSubject"].(map[string]any) }
func assessment(m map[string]any, i int) map[string]any {
	return subject(m)["assessment"].([]any)[i].(map[string]any)
}

// TestMapping checks what the credential says for a failing RoHS report
// with N.D. values, a numeric fail and a row without a limit.
func TestMapping(t *testing.T) {
	f := fixtureNamed(t, "native/sgs-rohs-fail-04")
	r := f.payload.Record
	c := MustCredential(t, f.payload)
	a := c.CredentialSubject

	if c.Issuer.ID != issuer.ID || c.Issuer.Name != issuer.Name || c.ValidFrom != "2026-05-12T08:30:00Z" {
		t.Errorf("issuer %+v validFrom %q", c.Issuer, c.ValidFrom)
	}
	if a.IssuedToParty.Name != r.ApplicantName || a.AssessmentLevel != "Accredited" || a.AttestationType != "testing" {
		t.Errorf("attestation: issuedTo %q level %q type %q", a.IssuedToParty.Name, a.AssessmentLevel, a.AttestationType)
	}
	if len(a.Authorisation) != 1 || a.Authorisation[0].Name != r.LabAccreditation || !strings.Contains(a.Authorisation[0].IssuingAuthority.Name, "CNAS") {
		t.Errorf("authorisation = %+v, want the lab's CNAS accreditation %q", a.Authorisation, r.LabAccreditation)
	}
	cert := a.ConformityCertificate
	if cert.HashDigest != f.payload.Source.SHA256 || cert.HashMethod != "SHA-256" || a.Report.SourceMediaType != f.payload.Source.MediaType {
		t.Errorf("certificate %+v media type %q", cert, a.Report.SourceMediaType)
	}
	if a.Report.ReportNumber != r.ReportNumber || a.Report.OverallResult != labrelay.VerdictFail {
		t.Errorf("labrelay:report = %+v", a.Report)
	}
	overall := a.Assessment[0]
	if overall.Conformance || overall.Auditor == nil || overall.Auditor.Name != r.LabName {
		t.Errorf("overall assessment: conformance %v auditor %+v", overall.Conformance, overall.Auditor)
	}
	if diff := cmp.Diff(r.TestStandards, overall.TestStandards); diff != "" {
		t.Errorf("test standards (-record +credential):\n%s", diff)
	}
	prod := overall.AssessedProduct[0].Product
	if prod.Name != r.ProductName || prod.ModelNumber != r.ModelNumber || prod.BatchNumber != r.BatchNumber ||
		(r.ManufacturerName != "") != (prod.ProducedByParty != nil) {
		t.Errorf("product = %+v", prod)
	}

	byItem := map[string]untp.Assessment{}
	for _, as := range a.Assessment[1:] {
		byItem[as.Name] = as
	}
	lead := byItem["Lead (Pb)"]
	if lead.Conformance || len(lead.DeclaredValue) != 1 {
		t.Fatalf("Lead (Pb): %+v", lead)
	}
	if got, want := lead.DeclaredValue[0].MetricValue, (untp.Measure{Type: []string{"Measure"}, Value: 1361, Unit: "NA"}); !cmp.Equal(got, want) {
		t.Errorf("Lead (Pb) measure = %+v, want %+v", got, want)
	}
	if lead.ReferenceStandard == nil || lead.ReferenceStandard.Name != "IEC 62321-5:2013" || !strings.Contains(lead.ReferenceStandard.IssuingParty.Name, "IEC") {
		t.Errorf("Lead (Pb) standard = %+v", lead.ReferenceStandard)
	}
	var nd int
	for _, as := range a.Assessment[1:] {
		if as.PrintedResult.Value == "N.D." {
			nd++
			if len(as.DeclaredValue) != 0 {
				t.Errorf("%s: N.D. became a number: %+v", as.Name, as.DeclaredValue)
			}
			if !as.Conformance {
				t.Errorf("%s: N.D. row with verdict pass is not conformant", as.Name)
			}
		}
	}
	if nd == 0 {
		t.Fatal("fixture has no N.D. row with a verdict")
	}
	if len(overall.UnassessedResults) == 0 || overall.UnassessedResults[0].Verdict != "" {
		t.Errorf("rows without a limit: %+v", overall.UnassessedResults)
	}
}

// TestPrintedForms: "<1" and similar keep their printed form.
func TestPrintedForms(t *testing.T) {
	c := MustCredential(t, fixtureNamed(t, "pdf/food-contact-1").payload)
	doc, _ := json.Marshal(c)
	for _, printed := range []string{`"value":"\u003c1"`, `"unit":"mg/dm²"`} {
		if !bytes.Contains(doc, []byte(printed)) {
			t.Errorf("credential lacks %s", printed)
		}
	}
	for _, as := range c.CredentialSubject.Assessment[1:] {
		if as.PrintedResult.Value == "<1" && len(as.DeclaredValue) != 0 {
			t.Errorf("%s: <1 became a number", as.Name)
		}
		if as.PrintedResult.Unit == "mg/dm²" && len(as.DeclaredValue) != 0 {
			t.Errorf("%s: mg/dm² (no Rec 20 code listed) became a Measure", as.Name)
		}
	}
	// The regulation the report lists among its test standards.
	if reg := c.CredentialSubject.Assessment[0].ReferenceRegulation; reg == nil || reg.Name != "Regulation (EU) No 10/2011" || reg.AdministeredBy.Name != "European Union" {
		t.Errorf("referenceRegulation = %+v", reg)
	}
}

func TestGolden(t *testing.T) {
	c := MustCredential(t, fixtureNamed(t, "native/sgs-rohs-pass-01").payload)
	got, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "sgs-rohs-pass-01.credential.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./untp -run TestGolden -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("credential changed (-want +got); rerun with -update if intended:\n%s", diff)
	}
}

func TestIdentifiers(t *testing.T) {
	f := fixtureNamed(t, "native/bv-food-pass-09")
	a, b := MustCredential(t, f.payload), MustCredential(t, f.payload)
	if a.ID != b.ID || a.CredentialSubject.ID != b.CredentialSubject.ID {
		t.Errorf("ids differ between two runs: %s %s", a.ID, b.ID)
	}
	corrected := *f.payload
	corrected.Record.ProductName += " (corrected)"
	c := MustCredential(t, &corrected)
	if c.ID == a.ID {
		t.Error("a corrected record kept the credential id")
	}
	if c.CredentialSubject.ID != a.CredentialSubject.ID {
		t.Error("a corrected record changed the attestation id (same report, same file)")
	}
	seen := map[string]bool{}
	for _, as := range a.CredentialSubject.Assessment {
		if seen[as.ID] || !strings.HasPrefix(as.ID, "urn:uuid:") {
			t.Errorf("assessment id %q repeated or not a urn:uuid", as.ID)
		}
		seen[as.ID] = true
	}
}

func TestRefused(t *testing.T) {
	base := fixtureNamed(t, "native/sgs-rohs-pass-01").payload
	for _, tc := range []struct {
		name string
		edit func(p *sign.Payload, iss *untp.Issuer)
		want error
	}{
		{"inconclusive", func(p *sign.Payload, _ *untp.Issuer) { p.Record.OverallResult = labrelay.VerdictInconclusive }, untp.ErrVerdict},
		{"no overall result", func(p *sign.Payload, _ *untp.Issuer) { p.Record.OverallResult = "" }, untp.ErrVerdict},
		{"no applicant", func(p *sign.Payload, _ *untp.Issuer) { p.Record.ApplicantName = " " }, untp.ErrApplicant},
		{"issuer not a DID", func(_ *sign.Payload, iss *untp.Issuer) { iss.ID = "https://example.com" }, untp.ErrIssuer},
		{"no source hash", func(p *sign.Payload, _ *untp.Issuer) { p.Source.SHA256 = "" }, sign.ErrNoSourceHash},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, iss := *base, issuer
			tc.edit(&p, &iss)
			if _, err := untp.NewCredential(&p, iss); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignVerify(t *testing.T) {
	p := fixtureNamed(t, "pdf/sgs-rohs-3").payload
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			s := MustSigner(t, alg)
			keys := MustKeySet(t, s.Public())
			jws, err := untp.SignPayload(t.Context(), s, p, issuer)
			if err != nil {
				t.Fatal(err)
			}
			h := headerOf(t, jws)
			if h["typ"] != "vc+jwt" || h["cty"] != "vc" || h["alg"] != alg || h["kid"] != s.KeyID() {
				t.Errorf("protected header = %v", h)
			}
			v, err := untp.Verify(jws, keys)
			if err != nil {
				t.Fatal(err)
			}
			if v.KeyID != s.KeyID() || v.Credential.CredentialSubject.Report.ReportNumber != p.Record.ReportNumber {
				t.Errorf("verified %+v", v)
			}
			// Tampering: one changed character of the payload.
			parts := strings.Split(string(jws), ".")
			body := payloadOf(t, jws)
			evil := bytes.Replace(body, []byte(`"conformance":true`), []byte(`"conformance":false`), 1)
			if bytes.Equal(evil, body) {
				t.Fatal("nothing to tamper with")
			}
			tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(evil) + "." + parts[2]
			if _, err := untp.Verify([]byte(tampered), keys); !errors.Is(err, sign.ErrSignatureMismatch) {
				t.Errorf("tampered credential: err = %v, want %v", err, sign.ErrSignatureMismatch)
			}
			// A signed record is not a credential.
			rec, _ := sign.NewLocalSigner(mustKey(t, alg))
			signed, err := sign.SignRecord(t.Context(), rec, p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := untp.Verify(signed, MustKeySet(t, rec.Public())); !errors.Is(err, untp.ErrNotCredential) {
				t.Errorf("signed record verified as a credential: %v", err)
			}
			// And a record signer cannot make credentials.
			if _, err := untp.Sign(t.Context(), rec, v.Credential); !errors.Is(err, untp.ErrSignerType) {
				t.Errorf("Sign with a sign.LocalSigner: err = %v, want %v", err, untp.ErrSignerType)
			}
		})
	}
}

func mustKey(tb testing.TB, alg string) crypto.Signer {
	tb.Helper()
	k, err := sign.GenerateKey(alg)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// digestSigner stands in for a KMS key: it signs digests and returns DER.
type digestSigner struct {
	key   *ecdsa.PrivateKey
	calls int
	fail  error
}

func (d *digestSigner) Public() crypto.PublicKey { return &d.key.PublicKey }
func (d *digestSigner) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	d.calls++
	if d.fail != nil {
		return nil, d.fail
	}
	return ecdsa.SignASN1(rand.Reader, d.key, digest)
}

func TestRemoteSigner(t *testing.T) {
	ds := &digestSigner{key: mustKey(t, sign.ES256).(*ecdsa.PrivateKey)}
	s, err := untp.NewRemoteSigner(ds)
	if err != nil {
		t.Fatal(err)
	}
	p := fixtureNamed(t, "native/bv-rohs-fail-10").payload
	jws, err := untp.SignPayload(t.Context(), s, p, issuer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := untp.Verify(jws, MustKeySet(t, s.Public())); err != nil || ds.calls != 1 {
		t.Fatalf("verify: %v (calls %d)", err, ds.calls)
	}
	ds.fail = errors.New("AccessDeniedException")
	if _, err := untp.SignPayload(t.Context(), s, p, issuer); err == nil || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Errorf("remote failure: err = %v", err)
	}
}

// TestOpenSSL verifies credentials with an independent JWS implementation:
// openssl over the JWS signing input.
func TestOpenSSL(t *testing.T) {
	p := fixtureNamed(t, "native/sgs-food-fail-06").payload
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			key := mustKey(t, alg)
			pubPath, err := sign.WriteKey(filepath.Join(t.TempDir(), "k.pem"), key)
			if err != nil {
				t.Fatal(err)
			}
			s, err := untp.NewSigner(key)
			if err != nil {
				t.Fatal(err)
			}
			jws, err := untp.SignPayload(t.Context(), s, p, issuer)
			if err != nil {
				t.Fatal(err)
			}
			signtest.MustVerifyOpenSSL(t, alg, pubPath, jws)
			// The payload openssl checked is the credential itself.
			var c untp.Credential
			if err := json.Unmarshal(payloadOf(t, jws), &c); err != nil || c.CredentialSubject == nil {
				t.Fatalf("payload is not the credential: %v", err)
			}
		})
	}
}

func TestDIDKey(t *testing.T) {
	for alg, prefix := range map[string]string{sign.EdDSA: "did:key:z6Mk", sign.ES256: "did:key:zDn"} {
		did, err := untp.DIDKey(mustKey(t, alg).Public())
		if err != nil || !strings.HasPrefix(did, prefix) {
			t.Errorf("DIDKey(%s) = %q, %v; want prefix %s", alg, did, err, prefix)
		}
	}
	// A fixed Ed25519 key gives a fixed DID.
	seed := sha256.Sum256([]byte("labrelay did:key test"))
	k1, _ := untp.DIDKey(ed25519Public(seed[:]))
	k2, _ := untp.DIDKey(ed25519Public(seed[:]))
	if k1 != k2 {
		t.Errorf("DIDKey not deterministic: %s %s", k1, k2)
	}
}

func FuzzParse(f *testing.F) {
	c := MustCredential(f, fixtureNamed(f, "native/sgs-rohs-pass-01").payload)
	good, _ := json.Marshal(c)
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2","https://test.uncefact.org/vocabulary/untp/dcc/working/"],"type":["VerifiableCredential","DigitalConformityCredential"],"id":"x","issuer":{"id":"did:x"},"credentialSubject":{"type":["ConformityAttestation"]}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := untp.Parse(in)
		if err != nil {
			return
		}
		_ = c.Summary()
		_ = c.CheckSource(in)
	})
}

func ed25519Public(seed []byte) crypto.PublicKey {
	return ed25519.NewKeyFromSeed(seed).Public()
}
