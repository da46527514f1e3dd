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
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...

test-short:
	$(GO) test -short ./...

bench: deps build
	$(GO) test -run '^$$' -bench . -benchmem ./...

# End-to-end native reports/s and drop-to-publish p50/p95 (versitygw,
# SQLite, dspsim on loopback), list sweep vs S3 event webhook.
bench-pipeline:
	$(GO) test -run '^$$' -bench PipelineNative -benchtime 300x ./pipeline

demo: deps build
	./$(BIN) demo

lint:
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@2025.1.1 ./...

fuzz:
	@echo "fuzz targets: see issue 9"

eval-real: build
	./$(BIN) eval --truth ../shared/corpus/real/truth ../shared/corpus/real

fixtures:
	$(GO) run ./fixtures/cmd/genfixtures

tidy-check:
	$(GO) mod tidy && git diff --exit-code go.mod go.sum

clean:
	rm -rf bin
