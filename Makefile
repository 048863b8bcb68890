# loftgate — the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
PKGS    := ./...
BIN     := bin/loftgate

.PHONY: run test build vet record check-fixtures interop bench bench-peers bench-audit clean

## run: run every checklist suite against the bundled fixtures (offline, no secrets);
##      falls back to the simulator while no fixtures are recorded.
run:
	$(GO) run ./cmd/loftgate run $(if $(wildcard fixtures/*/*.yaml),,--target sim)

## test: vet, then every test: the harness and the suites with the race detector,
##       the CLI and interop without it, the two at once (the CLI's tests mostly wait
##       on subprocesses, so they overlap the race build); fails if either fails.
test: vet
	@echo '$(GO) test -race -count=1 ./harness/... ./suites/...  &  $(GO) test -count=1 ./cmd/... ./interop/...'
	@$(GO) test -race -count=1 ./harness/... ./suites/... & race=$$!; \
	  $(GO) test -count=1 ./cmd/... ./interop/...; cli=$$?; \
	  wait $$race; race=$$?; \
	  test $$cli -eq 0 && test $$race -eq 0

vet:
	$(GO) vet $(PKGS)

build:
	$(GO) build -o $(BIN) ./cmd/loftgate

## record: re-record fixtures/ from the simulator (deterministic).
record:
	$(GO) run ./cmd/loftgate record --target sim

## check-fixtures: exit 1 if the simulator drifted from fixtures/.
check-fixtures:
	$(GO) run ./cmd/loftgate record --target sim --check

## interop: published SalesLoft clients from npm against sim, proxy and serve, and the
##          AUTH specs against standard OAuth 2.0 servers from npm (needs Node.js 18.12+ and npm).
interop: interop/node_modules/.package-lock.json
	LOFTGATE_INTEROP=1 $(GO) test -count=1 -v -timeout 10m ./interop

# npm ci only when the lock changed since the last install (npm writes
# node_modules/.package-lock.json); a warm checkout skips it.
interop/node_modules/.package-lock.json: interop/package.json interop/package-lock.json
	cd interop && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## bench: Go benchmarks of the hot paths (figures in README.md).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./harness/...

## bench-peers: replay throughput beside the Prism mock (needs wrk and npm; not part of the tests).
bench-peers: build
	bash scripts/bench-peers.sh

## bench-audit: audit CPU and peak memory beside ripgrep on generated trees (no SalesLoft code at 1x and 4x; a TS monorepo with one provider).
bench-audit: build
	bash scripts/bench-audit.sh

clean:
	rm -rf bin reports
