#!/bin/sh
# gen.sh writes eng.txt.gz: the words of Tesseract's English dictionary
# (eng.traineddata, Apache-2.0) of four letters or more, letters only, no
# abbreviation in capitals, lower case, sorted. Needs tesseract-ocr's
# combine_tessdata and dawg2wordlist.
set -eu
data=${1:-/usr/share/tesseract-ocr/5/tessdata/eng.traineddata}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
combine_tessdata -u "$data" "$tmp/eng." >/dev/null 2>&1
dawg2wordlist "$tmp/eng.lstm-unicharset" "$tmp/eng.lstm-word-dawg" "$tmp/words" >/dev/null 2>&1
grep -E '^[A-Za-z]{4,}$' "$tmp/words" | grep -v -E '^[A-Z]+$' | tr 'A-Z' 'a-z' | LC_ALL=C sort -u |
	gzip -9n >"$(dirname "$0")/eng.txt.gz"
