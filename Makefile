# labrelay — see README.md. `make demo` runs the main job, `make test` the tests.
SHELL   := /bin/bash
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GO      ?= go
BIN     := bin/labrelay
LDFLAGS := -X main.version=$(VERSION)
export OMP_THREAD_LIMIT := 1

.PHONY: all deps build test test-short bench bench-pipeline demo lint fuzz eval-real fixtures tidy-check clean

all: build

deps:
	@bash scripts/deps.sh

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/labrelay

# The test command of the README and of .ci/run.
test: deps lint tidy-check
	$(GO) test -count=1 -timeout 25m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(CI_FUZZTIME)
	$(MAKE) --no-print-directory diff-poppler

test-short:
	$(GO) test -short ./...

# One report (docs/benchmarks.md): OCR vs the tesseract CLI, text PDF vs
# pdftotext, native docs/s per core, signing, end-to-end p50/p95, batch
# reprocess, peak RSS; about 3 minutes on 2 cores. BENCHFLAGS=-quick skips
# OCR and the end-to-end runs.
BENCHFLAGS ?=
bench: deps
	$(GO) run ./cmd/benchreport $(BENCHFLAGS)

# End-to-end native reports/s and drop-to-publish p50/p95 (versitygw,
# SQLite, dspsim on loopback), list sweep vs S3 event webhook.
bench-pipeline:
	$(GO) test -run '^$$' -bench PipelineNative -benchtime 300x ./pipeline

demo: deps build
	./$(BIN) demo

STATICCHECK := bin/tools/staticcheck
$(STATICCHECK):
	GOBIN=$(CURDIR)/bin/tools $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: $(STATICCHECK)
	$(GO) vet ./...
	$(STATICCHECK) ./...

# Every reader of outside bytes has a fuzz target: package:Target. `make
# fuzz` runs each for FUZZTIME (make test: CI_FUZZTIME each). New inputs are
# minimised for at most 200 runs: the default (60 s per input) stalls on
# multi-KB seeds. A crasher is written to the package's testdata/fuzz/;
# keep it there once fixed, as a regression seed.
FUZZTIME    ?= 2m
CI_FUZZTIME ?= 5s
FUZZ_TARGETS := \
	./extract:FuzzSniff \
	./extract/native:FuzzNative \
	./extract/pdf:FuzzReadLayout \
	./extract/pageimage:FuzzDecodeImage \
	./rules:FuzzAnalyze \
	./callback:FuzzHandler \
	./ingest:FuzzParseEvent \
	./cmd/labrelay:FuzzParseConfig \
	./sign:FuzzVerify \
	./sign/labsig:FuzzVerifyXML \
	./sign/labsig:FuzzVerifyJSON \
	./publish:FuzzLoadWireMap \
	./untp:FuzzParse

fuzz:
	@n=$$(grep -rhoE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+' . | wc -l); \
	if [ "$$n" -ne $(words $(FUZZ_TARGETS)) ]; then \
		echo "fuzz: $$n fuzz targets in the tree, $(words $(FUZZ_TARGETS)) in FUZZ_TARGETS: add the new ones to the Makefile" >&2; exit 1; fi
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz: $$pkg $$fn for $(FUZZTIME)"; \
		out=$$(mktemp); \
		if ! $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x $$pkg >$$out 2>&1; then \
			cat $$out; rm -f $$out; exit 1; fi; \
		tail -n 2 $$out; rm -f $$out; \
	done

# Differential test (issue 19): every PDF the project has, and its generated
# structural variants, that poppler's pdftotext reads, `labrelay extract`
# reads with the fields pdftotext's text gives; what poppler refuses,
# labrelay refuses. Every image Tesseract reads, labrelay decodes. Prints
# the agreement table; fails on any disagreement.
.PHONY: diff-poppler
diff-poppler: deps
	LABRELAY_DIFFTEST=1 $(GO) test -count=1 -v -timeout 60m -run '^Test(Poppler|Tesseract)Agreement$$' ./extract/pdf/difftest

eval-real: build
	./$(BIN) eval --truth ../shared/corpus/real/truth ../shared/corpus/real

fixtures:
	$(GO) run ./fixtures/cmd/genfixtures

tidy-check:
	$(GO) mod tidy -diff

clean:
	rm -rf bin
