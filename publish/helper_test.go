package publish_test

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/publish"
)

// testDSP is a dspsim on a loopback server with one Ed25519 signer.
type testDSP struct {
	Sim        *dspsim.Server
	Srv        *httptest.Server
	Key        ed25519.PrivateKey
	KID        string
	TokenCalls atomic.Int32
}

func MustDSP(tb testing.TB) *testDSP {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	jwk := jose.JSONWebKey{Key: pub, Algorithm: string(jose.EdDSA), Use: "sig"}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		tb.Fatal(err)
	}
	jwk.KeyID = base64.RawURLEncoding.EncodeToString(tp)
	d := &testDSP{Key: priv, KID: jwk.KeyID}
	d.Sim = dspsim.NewServer("labrelay", "s3cret", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{jwk}})
	d.Sim.Seed = 7
	h := d.Sim.Handler()
	d.Srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			d.TokenCalls.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(d.Srv.Close)
	return d
}

// Client returns a publish client with the simulator's credentials.
func (d *testDSP) Client() *publish.Client {
	c := publish.NewClient(d.Srv.URL)
	c.Token = &clientcredentials.Config{ClientID: "labrelay", ClientSecret: "s3cret", TokenURL: d.Srv.URL + "/oauth/token"}
	c.Timeout = 5e9
	return c
}

// Sign signs payload with the test key in JWS JSON serialization.
func (d *testDSP) Sign(tb testing.TB, payload any) []byte {
	tb.Helper()
	return SignWith(tb, jose.SigningKey{Algorithm: jose.EdDSA, Key: d.Key}, d.KID, payload)
}

func SignWith(tb testing.TB, key jose.SigningKey, kid string, payload any) []byte {
	tb.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		tb.Fatal(err)
	}
	opts := (&jose.SignerOptions{}).WithType("JOSE+JSON").WithHeader(jose.HeaderKey("kid"), kid)
	signer, err := jose.NewSigner(key, opts)
	if err != nil {
		tb.Fatal(err)
	}
	jws, err := signer.Sign(b)
	if err != nil {
		tb.Fatal(err)
	}
	return []byte(jws.FullSerialize())
}

func payload(n int) map[string]any {
	return map[string]any{
		"wire_version":  "dsp-wire/v1",
		"report_number": fmt.Sprintf("SHA-%05d", n),
		"source_sha256": fmt.Sprintf("%064x", n),
		"record":        map[string]any{"report_number": fmt.Sprintf("SHA-%05d", n)},
	}
}

func submission(tb testing.TB, d *testDSP, n int) publish.Submission {
	return publish.Submission{IdempotencyKey: fmt.Sprintf("key-%d", n), JWS: d.Sign(tb, payload(n))}
}

func ed25519Key(tb testing.TB) (ed25519.PublicKey, ed25519.PrivateKey, error) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return pub, priv, nil
}

func mustUnmarshal(tb testing.TB, b []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatal(err)
	}
}

func mustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
