package kms_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/kms"
)

const (
	accessKey = "AKIDLABRELAYTEST"
	secretKey = "labrelay-test-secret"
	region    = "us-east-1"
)

func newClient(endpoint string) *awskms.Client {
	return awskms.New(awskms.Options{
		Region:           region,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
		RetryMaxAttempts: 1,
	})
}

func payload(tb testing.TB) *sign.Payload {
	tb.Helper()
	p := sign.NewPayload(&labrelay.Extraction{
		Source: labrelay.Source{SHA256: sign.SHA256Hex([]byte("report")), File: "r.xml"},
		Fields: labrelay.Record{ReportNumber: "BV-2026-0001", Lab: labrelay.LabBV},
	})
	p.SignedAt = time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)
	return p
}

// fakeKMS answers GetPublicKey and Sign as AWS KMS does (JSON 1.1
// protocol), after checking that each request carries a valid SigV4
// signature for the kms service. Its answers are computed with key.
type fakeKMS struct {
	t           *testing.T
	key         *ecdsa.PrivateKey
	keySpec     string
	badSig      bool
	failing     string // exception type to answer Sign with
	signs       int
	url         string
	wantSigErrs int
	sigErrs     int // requests whose SigV4 signature did not verify
}

var authRE = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=` + accessKey + `/(\d{8})/` + region + `/kms/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

func (f *fakeKMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if err := f.checkSigV4(r, body); err != nil {
		f.sigErrs++
		writeErr(w, "InvalidSignatureException", err.Error())
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		f.t.Errorf("Content-Type = %q", ct)
	}
	var in map[string]any
	if err := json.Unmarshal(body, &in); err != nil {
		f.t.Errorf("body: %v", err)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch target := r.Header.Get("X-Amz-Target"); target {
	case "TrentService.GetPublicKey":
		der, _ := x509.MarshalPKIXPublicKey(&f.key.PublicKey)
		spec := f.keySpec
		if spec == "" {
			spec = "ECC_NIST_P256"
		}
		json.NewEncoder(w).Encode(map[string]any{
			"KeyId": "arn:aws:kms:us-east-1:111122223333:key/" + in["KeyId"].(string), "KeySpec": spec,
			"KeyUsage": "SIGN_VERIFY", "PublicKey": der, "SigningAlgorithms": []string{"ECDSA_SHA_256"},
		})
	case "TrentService.Sign":
		f.signs++
		if f.failing != "" {
			writeErr(w, f.failing, "key is disabled")
			return
		}
		if in["MessageType"] != "DIGEST" || in["SigningAlgorithm"] != "ECDSA_SHA_256" {
			f.t.Errorf("Sign input = %v", in)
		}
		var msg []byte
		json.Unmarshal(fmt.Appendf(nil, "%q", in["Message"]), &msg)
		if len(msg) != 32 {
			f.t.Errorf("Sign message is %d bytes, want a 32-byte digest", len(msg))
		}
		if f.badSig {
			msg = bytes.Repeat([]byte{1}, 32)
		}
		sig, _ := ecdsa.SignASN1(rand.Reader, f.key, msg)
		json.NewEncoder(w).Encode(map[string]any{"KeyId": in["KeyId"], "Signature": sig, "SigningAlgorithm": "ECDSA_SHA_256"})
	default:
		f.t.Errorf("unexpected X-Amz-Target %q", target)
		writeErr(w, "UnsupportedOperationException", target)
	}
}

func writeErr(w http.ResponseWriter, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}

// checkSigV4 recomputes the request's SigV4 signature over the headers it
// says it signed and compares.
func (f *fakeKMS) checkSigV4(r *http.Request, body []byte) error {
	m := authRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		return fmt.Errorf("Authorization %q is not SigV4 for kms in %s", r.Header.Get("Authorization"), region)
	}
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil || when.Format("20060102") != m[1] {
		return fmt.Errorf("X-Amz-Date %q does not match the credential scope", r.Header.Get("X-Amz-Date"))
	}
	sum := sha256.Sum256(body)
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" && h != hex.EncodeToString(sum[:]) {
		return fmt.Errorf("X-Amz-Content-Sha256 does not match the body")
	}
	re, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	re.ContentLength = int64(len(body))
	for _, h := range strings.Split(m[2], ";") {
		if h != "host" {
			re.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	re.Header.Del("Authorization")
	err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey},
		re, hex.EncodeToString(sum[:]), "kms", region, when)
	if err != nil {
		return err
	}
	if got := authRE.FindStringSubmatch(re.Header.Get("Authorization")); got == nil || got[3] != m[3] {
		return fmt.Errorf("signature does not verify for the request as received")
	}
	return nil
}

func newFake(t *testing.T) (*fakeKMS, *awskms.Client) {
	k, _ := sign.GenerateKey(sign.ES256)
	f := &fakeKMS{t: t, key: k.(*ecdsa.PrivateKey)}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	t.Cleanup(func() {
		if f.sigErrs != f.wantSigErrs {
			t.Errorf("%d requests with a bad SigV4 signature, want %d", f.sigErrs, f.wantSigErrs)
		}
	})
	return f, newClient(srv.URL)
}

func TestSignerFakeKMS(t *testing.T) {
	f, client := newFake(t)
	s, err := kms.Open(t.Context(), client, "alias/labrelay")
	if err != nil {
		t.Fatal(err)
	}
	if s.Algorithm() != sign.ES256 {
		t.Errorf("Algorithm() = %s", s.Algorithm())
	}
	jws, err := sign.SignRecord(t.Context(), s, payload(t))
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := sign.KeySet(&f.key.PublicKey)
	if _, kid, err := sign.Verify(jws, keys); err != nil || kid != s.KeyID() {
		t.Fatalf("Verify = %q, %v", kid, err)
	}
	if f.signs != 1 {
		t.Errorf("KMS Sign called %d times, want 1", f.signs)
	}
}

func TestSignerFakeKMSErrors(t *testing.T) {
	t.Run("wrong key spec", func(t *testing.T) {
		f, client := newFake(t)
		f.keySpec = "RSA_2048"
		if _, err := kms.Open(t.Context(), client, "k"); !errors.Is(err, kms.ErrKeySpec) {
			t.Fatalf("Open = %v, want ErrKeySpec", err)
		}
	})
	t.Run("request signed with another secret", func(t *testing.T) {
		f, _ := newFake(t)
		f.wantSigErrs = 1
		client := awskms.New(awskms.Options{
			Region: region, BaseEndpoint: aws.String(f.url), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider(accessKey, "not-the-secret", ""),
		})
		if _, err := kms.Open(t.Context(), client, "k"); err == nil || !strings.Contains(err.Error(), "InvalidSignatureException") {
			t.Fatalf("Open with a wrong secret = %v", err)
		}
	})
	t.Run("KMS refuses", func(t *testing.T) {
		f, client := newFake(t)
		s, err := kms.Open(t.Context(), client, "k")
		if err != nil {
			t.Fatal(err)
		}
		f.failing = "DisabledException"
		_, err = sign.SignRecord(t.Context(), s, payload(t))
		var de *types.DisabledException
		if !errors.As(err, &de) {
			t.Fatalf("SignRecord = %v, want the KMS DisabledException", err)
		}
	})
	t.Run("bad signature", func(t *testing.T) {
		f, client := newFake(t)
		s, err := kms.Open(t.Context(), client, "k")
		if err != nil {
			t.Fatal(err)
		}
		f.badSig = true
		if _, err := sign.SignRecord(t.Context(), s, payload(t)); err == nil || !strings.Contains(err.Error(), "does not verify") {
			t.Fatalf("SignRecord with a wrong KMS signature = %v", err)
		}
	})
}

// localKMS returns the path of a local-kms binary (github.com/nsmithuk/local-kms).
func localKMS(t *testing.T) string {
	if p, err := exec.LookPath("local-kms"); err == nil {
		return p
	}
	if gp, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gp)), "bin", "local-kms")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	testenv.SkipOrFail(t, "local-kms not found: go install github.com/nsmithuk/local-kms@v0.0.0-20260228092603-2a5e92d09ab6")
	return ""
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// TestSignerLocalKMS runs against local-kms, a KMS-compatible server that
// does the signing itself.
func TestSignerLocalKMS(t *testing.T) {
	bin := localKMS(t)
	port := freePort(t)
	cmd := exec.CommandContext(t.Context(), bin)
	cmd.Env = append(os.Environ(), "PORT="+port, "KMS_DATA_PATH="+t.TempDir(), "KMS_REGION="+region)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := "127.0.0.1:" + port
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("local-kms did not listen on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	client := newClient("http://" + addr)
	created, err := client.CreateKey(t.Context(), &awskms.CreateKeyInput{
		KeySpec: types.KeySpecEccNistP256, KeyUsage: types.KeyUsageTypeSignVerify,
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := kms.Open(t.Context(), client, *created.KeyMetadata.Arn)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := sign.KeySet(s.Public())
	for i := range 3 {
		p := payload(t)
		p.Record.PageCount = i + 1
		jws, err := sign.SignRecord(t.Context(), s, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, kid, err := sign.Verify(jws, keys); err != nil || kid != s.KeyID() {
			t.Fatalf("Verify = %q, %v", kid, err)
		}
	}
	// A symmetric key is refused with a clear reason.
	sym, err := client.CreateKey(t.Context(), &awskms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kms.Open(t.Context(), client, *sym.KeyMetadata.KeyId); err == nil {
		t.Error("Open accepted a symmetric key")
	}
}
