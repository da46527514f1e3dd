// Package signtest holds test helpers shared by the packages that produce
// JWS (sign, untp) and XMLDSig with the independent tools openssl and
// xmlsec1 (sign/labsig, extract/native, cmd/labrelay). It is for tests
// only: nothing else may import it.
package signtest

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/sign"
)

// MustVerifyOpenSSL checks the compact JWS with openssl, an independent
// implementation, against the public key PEM at pubPath, and checks that
// openssl refuses a changed signing input. It skips when openssl is not
// installed, and fails instead when $CI is set.
func MustVerifyOpenSSL(tb testing.TB, alg, pubPath string, compact []byte) {
	tb.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		testenv.SkipOrFail(tb, "openssl not found")
	}
	parts := strings.Split(string(compact), ".")
	if len(parts) != 3 {
		tb.Fatalf("not a compact JWS: %d parts", len(parts))
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	input, sigPath := filepath.Join(dir, "signing_input"), filepath.Join(dir, "sig")
	var args []string
	switch alg {
	case sign.ES256:
		if sig, err = sign.JOSEToDER(sig); err != nil {
			tb.Fatal(err)
		}
		args = []string{"dgst", "-sha256", "-verify", pubPath, "-signature", sigPath, input}
	case sign.EdDSA:
		args = []string{"pkeyutl", "-verify", "-pubin", "-inkey", pubPath, "-rawin", "-in", input, "-sigfile", sigPath}
	default:
		tb.Fatalf("algorithm %q: want EdDSA or ES256", alg)
	}
	write := func(path string, b []byte) {
		tb.Helper()
		if err := os.WriteFile(path, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write(input, []byte(parts[0]+"."+parts[1]))
	write(sigPath, sig)
	out, err := exec.CommandContext(tb.Context(), openssl, args...).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("Verified")) && !bytes.Contains(out, []byte("Successful")) {
		tb.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	// And a changed signing input fails there too.
	write(input, []byte(parts[0]+"."+parts[1]+"x"))
	if out, err := exec.CommandContext(tb.Context(), openssl, args...).CombinedOutput(); err == nil {
		tb.Fatalf("openssl verified a changed input:\n%s", out)
	}
}
