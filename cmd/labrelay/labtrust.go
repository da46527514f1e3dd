package main

import (
	"fmt"
	"os"

	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/labsig"
)

// loadLabTrust reads the lab_trust section's certificate and JWKS files.
// The certificates verify the lab's XMLDSig reports and are the CA or
// signer certificates its PDF signatures must chain to (sign/pdfsig);
// require_signature applies to both. Errors name the entry and the field.
func loadLabTrust(list []LabTrustConfig) (map[string]native.Trust, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := make(map[string]native.Trust, len(list))
	for i, c := range list {
		f := fmt.Sprintf("lab_trust[%d].", i)
		t, err := readTrust(c.Certificates, c.JWKS, f+"certificates", f+"jwks")
		if err != nil {
			return nil, err
		}
		t.RequireSignature = c.RequireSignature
		out[c.Lab] = t
	}
	return out, nil
}

// readTrust reads a PEM file of lab certificates and a JWK set file,
// either of which may be "". An error starts with the name of the setting
// that is wrong (certsName, jwksName).
func readTrust(certsPath, jwksPath, certsName, jwksName string) (native.Trust, error) {
	var t native.Trust
	if certsPath != "" {
		data, err := os.ReadFile(certsPath)
		if err != nil {
			return t, fmt.Errorf("%s: %w", certsName, err)
		}
		if t.Certs, err = labsig.ParseCertificates(data); err != nil {
			return t, fmt.Errorf("%s: %s: %w", certsName, certsPath, err)
		}
	}
	if jwksPath != "" {
		data, err := os.ReadFile(jwksPath)
		if err != nil {
			return t, fmt.Errorf("%s: %w", jwksName, err)
		}
		if t.JWKS, err = sign.ParseJWKS(data); err != nil {
			return t, fmt.Errorf("%s: %s: %w", jwksName, jwksPath, err)
		}
	}
	return t, nil
}

// flagTrust adds the keys given with --lab-certs and --lab-jwks to trust,
// for any lab without an entry of its own.
func flagTrust(trust map[string]native.Trust, certsPath, jwksPath string) (map[string]native.Trust, error) {
	if certsPath == "" && jwksPath == "" {
		return trust, nil
	}
	t, err := readTrust(certsPath, jwksPath, "--lab-certs", "--lab-jwks")
	if err != nil {
		return nil, err
	}
	out := map[string]native.Trust{native.AnyLab: t}
	for k, v := range trust {
		out[k] = v
	}
	return out, nil
}
