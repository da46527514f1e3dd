#!/usr/bin/env bash
# Installs, idempotently, the Debian packages labrelay and its tests need.
# Packages already present are not touched; apt-get update runs at most once.
set -euo pipefail

pkgs=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim   # OCR engine and models
  tesseract-ocr-jpn                                       # re-reads Japanese cells (適合) chi_sim lacks
  tesseract-ocr-spa tesseract-ocr-deu                     # re-read accented words (Sánchez, Krüger) eng reads plain
  libtesseract-dev libleptonica-dev pkg-config            # gosseract (cgo)
  poppler-utils                                           # pdftotext/pdftoppm: fallback and benchmark baseline
  qpdf imagemagick                                        # PDF and image variants of the poppler/Tesseract difftest
  xmlsec1                                                 # independent XMLDSig checker in tests
  openssl                                                 # independent JWS checker in tests
  postgresql                                              # real PostgreSQL for store tests
  chromium                                                # review UI end-to-end tests
  fonts-droid-fallback fonts-dejavu-core                  # CJK + Latin TrueType fonts for fixture PDFs
  make gcc git ca-certificates
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "deps: Go 1.26 or newer is required (https://go.dev/dl)" >&2; exit 1; }

# Go tools the tests run as real peers, installed from the Go module proxy
# into $(go env GOPATH)/bin, where the tests look for them.
gobin="$(go env GOPATH)/bin"
if [ ! -x "$gobin/local-kms" ]; then
  echo "deps: building local-kms (a KMS-compatible server for the KMS signer test)" >&2
  (cd / && go install github.com/nsmithuk/local-kms@v0.0.0-20260228092603-2a5e92d09ab6)
fi
if [ ! -x "$gobin/goaws" ]; then
  # The package is .../app/cmd, so go install names the binary "cmd".
  echo "deps: building goaws (an SQS/SNS-compatible server for the SQS tests)" >&2
  tmp="$(mktemp -d)"
  (cd / && GOBIN="$tmp" go install github.com/Admiral-Piett/goaws/app/cmd@v0.4.5)
  mkdir -p "$gobin" && mv "$tmp/cmd" "$gobin/goaws" && rmdir "$tmp"
fi
