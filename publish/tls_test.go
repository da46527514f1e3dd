package publish_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/labrelay/labrelay/publish"
)

// MustCert issues a certificate for key, signed by parent (self-signed when
// parent is nil).
func MustCert(tb testing.TB, cn string, isCA bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if isCA {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return cert, key
}

func TestPublishMutualTLS(t *testing.T) {
	d := MustDSP(t)
	ca, caKey := MustCert(t, "labrelay test CA", true, nil, nil)
	clientCert, clientKey := MustCert(t, "labrelay", false, ca, caKey)
	pool := x509.NewCertPool()
	pool.AddCert(ca)

	var sawClient string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawClient = r.TLS.PeerCertificates[0].Subject.CommonName
		d.Srv.Config.Handler.ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())

	newClient := func(certs []tls.Certificate) *publish.Client {
		c := publish.NewClient(srv.URL)
		c.Token = &clientcredentials.Config{ClientID: "labrelay", ClientSecret: "s3cret", TokenURL: srv.URL + "/oauth/token"}
		c.TLS = &tls.Config{RootCAs: roots, Certificates: certs}
		return c
	}

	withCert := newClient([]tls.Certificate{{Certificate: [][]byte{clientCert.Raw}, PrivateKey: clientKey, Leaf: clientCert}})
	res, err := withCert.Publish(t.Context(), submission(t, d, 1))
	if err != nil {
		t.Fatalf("Publish with a client certificate: %v", err)
	}
	if res.HTTPStatus != http.StatusCreated || sawClient != "labrelay" {
		t.Errorf("Publish = %+v, server saw client %q; want 201 from labrelay", res, sawClient)
	}

	_, err = newClient(nil).Publish(t.Context(), submission(t, d, 2))
	if err == nil {
		t.Fatal("Publish without a client certificate succeeded")
	}
	var re *publish.RetryableError
	if !errors.As(err, &re) || re.Status != 0 {
		t.Errorf("Publish without a client certificate: err = %v, want a transport error", err)
	}
	if n := len(d.Sim.Reports()); n != 1 {
		t.Errorf("dsp holds %d reports, want 1", n)
	}
}
