package native_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/sign/signtest"
)

// sample returns the first native fixture of the given extension.
func sample(t *testing.T, ext string) fixtures.Sample {
	t.Helper()
	for _, s := range fixtures.Native(1) {
		if s.Ext == ext {
			return s
		}
	}
	t.Fatalf("no %s fixture", ext)
	return fixtures.Sample{}
}

// MustLabCert makes a lab's key and self-signed certificate with openssl;
// kind is rsa or ecdsa (P-256).
func MustLabCert(t *testing.T, dir, kind, cn string) (keyPath, certPath string, cert *x509.Certificate) {
	t.Helper()
	return signtest.MustCert(t, dir, kind, "/O=SGS-CSTC/CN="+cn)
}

// MustSignSGS signs an SGS-style report with xmlsec1 --sign (enveloped,
// method rsa-sha256 or ecdsa-sha256) and returns the signed bytes and the
// signing certificate.
func MustSignSGS(t *testing.T, report []byte, kind, method, cn string) ([]byte, *x509.Certificate) {
	t.Helper()
	signed, cert, _ := signtest.MustXMLSecSign(t, t.TempDir(), report, "</sgs:TestReport>", kind, method, "/O=SGS-CSTC/CN="+cn)
	return signed, cert
}

func extract(t *testing.T, s *native.Set, data []byte, mt string) *labrelay.Extraction {
	t.Helper()
	x, err := s.Extract(context.Background(), data, mt)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return x
}

func withTrust(trust map[string]native.Trust) *native.Set {
	s := native.DefaultSet()
	s.Trust = trust
	return s
}

// wantInvalid checks that x is an invalid-signature record: nothing read,
// review required with the reason.
func wantInvalid(t *testing.T, x *labrelay.Extraction, reason string) {
	t.Helper()
	if x.LabSignature == nil || x.LabSignature.Status != labrelay.SignatureInvalid {
		t.Fatalf("lab_signature = %+v, want invalid", x.LabSignature)
	}
	if !strings.Contains(x.LabSignature.Reason, reason) {
		t.Errorf("reason %q, want it to say %q", x.LabSignature.Reason, reason)
	}
	if !x.Review.Required || len(x.Review.Reasons) == 0 || !strings.HasPrefix(x.Review.Reasons[0], "the lab's signature is invalid: ") {
		t.Errorf("review = %+v, want required because the lab's signature is invalid", x.Review)
	}
	if got := x.Fields.Present(); len(got) != 0 {
		t.Errorf("fields %v were read from a report whose signature is invalid", got)
	}
}

func TestSignedXML(t *testing.T) {
	s := sample(t, "xml")
	unsigned := extract(t, native.DefaultSet(), s.Data, native.MediaXML)
	for _, tc := range []struct{ kind, method string }{{"rsa", "rsa-sha256"}, {"ecdsa", "ecdsa-sha256"}} {
		t.Run(tc.kind, func(t *testing.T) {
			cn := "SGS-CSTC Report Signing " + tc.kind
			signed, cert := MustSignSGS(t, s.Data, tc.kind, tc.method, cn)
			_, _, other := MustLabCert(t, t.TempDir(), tc.kind, "Someone Else")

			for _, key := range []string{"SGS", "sgs", "sgs-xml", native.AnyLab} {
				x := extract(t, withTrust(map[string]native.Trust{key: {Certs: []*x509.Certificate{other, cert}}}), signed, native.MediaXML)
				if want := (labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: cn}); x.LabSignature == nil || *x.LabSignature != want {
					t.Fatalf("trust %q: lab_signature = %+v, want %+v", key, x.LabSignature, want)
				}
				if diff := cmp.Diff(s.Expected, x.Fields); diff != "" {
					t.Errorf("trust %q: fields differ (-want +got):\n%s", key, diff)
				}
				if diff := cmp.Diff(unsigned.Review, x.Review); diff != "" {
					t.Errorf("trust %q: review differs from the unsigned report's (-unsigned +signed):\n%s", key, diff)
				}
			}

			trusted := withTrust(map[string]native.Trust{"SGS": {Certs: []*x509.Certificate{cert}}})
			number := []byte(s.Expected.ReportNumber)
			tests := []struct {
				name   string
				set    *native.Set
				data   []byte
				reason string
			}{
				{"tampered report number", trusted, bytes.Replace(signed, number, append(number[:len(number):len(number)], '9'), 1), "changed after the lab signed it"},
				{"tampered result", trusted, bytes.Replace(signed, []byte("<sgs:Result>"), []byte("<sgs:Result>1"), 1), "changed"},
				{"unknown signer", withTrust(map[string]native.Trust{"SGS": {Certs: []*x509.Certificate{other}}}), signed, "not among this lab's configured certificates"},
				{"another lab's trust only", withTrust(map[string]native.Trust{"BV": {Certs: []*x509.Certificate{cert}}}), signed, "no certificate is configured"},
				{"no trust configured", native.DefaultSet(), signed, "no certificate is configured"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if bytes.Equal(tt.data, signed) == strings.HasPrefix(tt.name, "tampered") {
						t.Fatal("the test did not change the document")
					}
					wantInvalid(t, extract(t, tt.set, tt.data, native.MediaXML), tt.reason)
				})
			}
		})
	}
}

// TestSignatureWrapping puts forged, unsigned report data beside or
// around the signed report: it must never be read.
func TestSignatureWrapping(t *testing.T) {
	s := sample(t, "xml")
	signed, cert := MustSignSGS(t, s.Data, "rsa", "rsa-sha256", "SGS Signer")
	set := withTrust(map[string]native.Trust{"SGS": {Certs: []*x509.Certificate{cert}}})
	body := bytes.TrimSpace(signed[bytes.Index(signed, []byte("<sgs:TestReport")):])
	open := body[:bytes.IndexByte(body, '>')+1]
	inner := bytes.TrimSuffix(body[len(open):], []byte("</sgs:TestReport>"))
	header := `<sgs:Header><sgs:ReportNo>EVIL-0001</sgs:ReportNo><sgs:IssueDate>01/01/2026</sgs:IssueDate></sgs:Header>`
	rows := `<sgs:Results><sgs:Analyte limit="1000"><sgs:Name>EVIL (Pb)</sgs:Name><sgs:Result>12</sgs:Result></sgs:Analyte></sgs:Results>`

	attacks := map[string]string{
		// The signed report moved inside a new root that carries the
		// forger's header.
		"wrapped in a new root": string(open) + header + `<sgs:Wrapped>` + string(body) + `</sgs:Wrapped></sgs:TestReport>`,
		// A forged header before the signed content, same root.
		"forged header first": string(open) + header + string(inner) + `</sgs:TestReport>`,
		// Forged result rows added beside the signed ones.
		"sibling rows": string(open) + string(inner) + rows + `</sgs:TestReport>`,
		// The signed content (signature included) moved into a child of
		// a forged report.
		"signed content in a child": string(open) + header + `<sgs:Extra>` + string(inner) + `</sgs:Extra></sgs:TestReport>`,
	}
	for name, doc := range attacks {
		t.Run(name, func(t *testing.T) {
			x := extract(t, set, []byte(doc), native.MediaXML)
			out, _ := json.Marshal(x.Fields)
			if bytes.Contains(out, []byte("EVIL")) {
				t.Fatalf("unsigned data was read: %s", out)
			}
			if x.LabSignature.Status == labrelay.SignatureVerified {
				if diff := cmp.Diff(s.Expected, x.Fields); diff != "" {
					t.Errorf("verified, but the fields are not the signed report's (-want +got):\n%s", diff)
				}
				return
			}
			wantInvalid(t, x, "")
			t.Logf("%s", x.LabSignature.Reason)
		})
	}
}

type labKey struct {
	priv crypto.Signer
	alg  jose.SignatureAlgorithm
	kid  string
}

func labSign(t *testing.T, k labKey, payload []byte) *jose.JSONWebSignature {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: k.priv}, (&jose.SignerOptions{}).WithHeader("kid", k.kid))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

// MustBVKeys returns an RS256 and an ES256 key of a BV-style lab and the
// JWKS that publishes them.
func MustBVKeys(t *testing.T) (rsaKey, ecKey labKey, jwks *jose.JSONWebKeySet) {
	t.Helper()
	r, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, ecKey = labKey{r, jose.RS256, "bv-rsa-2026"}, labKey{e, jose.ES256, "bv-ec-2026"}
	jwks = &jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: r.Public(), KeyID: rsaKey.kid, Algorithm: "RS256", Use: "sig"},
		{Key: e.Public(), KeyID: ecKey.kid, Algorithm: "ES256", Use: "sig"},
	}}
	return rsaKey, ecKey, jwks
}

func TestSignedJSON(t *testing.T) {
	s := sample(t, "json")
	unsigned := extract(t, native.DefaultSet(), s.Data, native.MediaJSON)
	rsaKey, ecKey, jwks := MustBVKeys(t)
	trusted := withTrust(map[string]native.Trust{"BV": {JWKS: jwks}})
	for _, k := range []labKey{rsaKey, ecKey} {
		t.Run(string(k.alg), func(t *testing.T) {
			obj := labSign(t, k, s.Data)
			compact, err := obj.CompactSerialize()
			if err != nil {
				t.Fatal(err)
			}
			for name, in := range map[string]string{"json": obj.FullSerialize(), "compact": compact} {
				x := extract(t, trusted, []byte(in), native.MediaJSON)
				if want := (labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: k.kid}); x.LabSignature == nil || *x.LabSignature != want {
					t.Fatalf("%s: lab_signature = %+v, want %+v", name, x.LabSignature, want)
				}
				if diff := cmp.Diff(s.Expected, x.Fields); diff != "" {
					t.Errorf("%s: fields differ (-want +got):\n%s", name, diff)
				}
				if diff := cmp.Diff(unsigned.Review, x.Review); diff != "" {
					t.Errorf("%s: review differs from the unsigned report's:\n%s", name, diff)
				}
				if x.Path != labrelay.PathNativeJSON || x.RulePack != "bv-json" {
					t.Errorf("%s: path %s, rule pack %s", name, x.Path, x.RulePack)
				}
			}

			// Tampered: the payload of the JSON serialization replaced by
			// one with another report number, the signature kept.
			var env map[string]any
			if err := json.Unmarshal([]byte(obj.FullSerialize()), &env); err != nil {
				t.Fatal(err)
			}
			forged := bytes.Replace(s.Data, []byte(s.Expected.ReportNumber), []byte("EVIL-0001"), 1)
			env["payload"] = base64.RawURLEncoding.EncodeToString(forged)
			tampered, _ := json.Marshal(env)
			parts := strings.Split(compact, ".")
			parts[1] = base64.RawURLEncoding.EncodeToString(forged)

			other, _, _ := MustBVKeys(t)
			stranger := labSign(t, labKey{other.priv, other.alg, k.kid}, s.Data).FullSerialize()
			unknownKid := labSign(t, labKey{k.priv, k.alg, "bv-retired-2019"}, s.Data).FullSerialize()
			tests := []struct {
				name, data, reason string
				set                *native.Set
			}{
				{"tampered payload", string(tampered), "changed after the lab signed it", trusted},
				{"tampered compact", strings.Join(parts, "."), "changed after the lab signed it", trusted},
				{"unknown key id", unknownKid, "unknown key id bv-retired-2019", trusted},
				{"unknown signer with a known key id", stranger, "signature does not match", trusted},
				{"no JWKS configured", obj.FullSerialize(), "no JWKS is configured", native.DefaultSet()},
				{"another lab's JWKS only", obj.FullSerialize(), "no JWKS is configured", withTrust(map[string]native.Trust{"SGS": {JWKS: jwks}})},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					x := extract(t, tt.set, []byte(tt.data), native.MediaJSON)
					wantInvalid(t, x, tt.reason)
					if x.RulePack != "bv-json" {
						t.Errorf("rule pack %q, want bv-json", x.RulePack)
					}
				})
			}
		})
	}
}

func TestSignedJSONAlgorithmRefused(t *testing.T) {
	s := sample(t, "json")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(s.Data)
	if err != nil {
		t.Fatal(err)
	}
	_, _, jwks := MustBVKeys(t)
	x := extract(t, withTrust(map[string]native.Trust{native.AnyLab: {JWKS: jwks}}), []byte(obj.FullSerialize()), native.MediaJSON)
	wantInvalid(t, x, "algorithm not allowed: HS256")
}

func TestUnsigned(t *testing.T) {
	_, _, jwks := MustBVKeys(t)
	for _, ext := range []string{"xml", "json"} {
		t.Run(ext, func(t *testing.T) {
			s := sample(t, ext)
			mt := native.MediaJSON
			if ext == "xml" {
				mt = native.MediaXML
			}
			plain := extract(t, native.DefaultSet(), s.Data, mt)
			trusted := extract(t, withTrust(map[string]native.Trust{"SGS": {JWKS: jwks}, "BV": {JWKS: jwks}}), s.Data, mt)
			for name, x := range map[string]*labrelay.Extraction{"no trust": plain, "trust": trusted} {
				if x.LabSignature == nil || x.LabSignature.Status != labrelay.SignatureUnsigned {
					t.Errorf("%s: lab_signature = %+v, want unsigned", name, x.LabSignature)
				}
				if diff := cmp.Diff(s.Expected, x.Fields); diff != "" {
					t.Errorf("%s: fields differ:\n%s", name, diff)
				}
			}
			if plain.Review.Required {
				t.Errorf("a passing unsigned report needs review: %v", plain.Review.Reasons)
			}
			if diff := cmp.Diff(plain.Review, trusted.Review); diff != "" {
				t.Errorf("configuring trust changed the review of an unsigned report:\n%s", diff)
			}

			required := extract(t, withTrust(map[string]native.Trust{native.AnyLab: {RequireSignature: true}}), s.Data, mt)
			if !required.Review.Required || !strings.Contains(strings.Join(required.Review.Reasons, "; "), "is not signed") {
				t.Errorf("require_signature: review = %+v, want required because the report is not signed", required.Review)
			}
			if diff := cmp.Diff(s.Expected, required.Fields); diff != "" {
				t.Errorf("require_signature: fields differ:\n%s", diff)
			}
		})
	}
}
