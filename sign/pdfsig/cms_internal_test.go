package pdfsig

import (
	"bytes"
	"testing"
)

// A DER value that ends in a zero byte keeps it when the placeholder's
// zero padding is cut.
func TestSignedDataKeepsTrailingZero(t *testing.T) {
	der := []byte{0x30, 0x05, 0x04, 0x03, 0x01, 0x02, 0x00} // SEQUENCE { OCTET STRING 01 02 00 }
	padded := append(append([]byte{}, der...), make([]byte, 32)...)
	if got := signedData(padded); !bytes.Equal(got, der) {
		t.Errorf("signedData = % x, want % x", got, der)
	}
	// not DER (an indefinite length): the padding is trimmed as before
	ber := []byte{0x30, 0x80, 0x04, 0x01, 0x07, 0x00, 0x00}
	if got, want := signedData(append(append([]byte{}, ber...), 0, 0, 0)), ber[:5]; !bytes.Equal(got, want) {
		t.Errorf("indefinite length: got % x, want % x", got, want)
	}
}
