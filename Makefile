# Hindsight: deployment postmortems from the board.
#
#   make demo   build hindsight and snap a bundled example board
#   make test   vet and run every test (what CI runs: bash .ci/run)

GO       ?= go
BIN      := bin/hindsight
EXAMPLE  ?= examples/migration-bad-state.txt
FUZZTIME ?= 10m

.PHONY: demo build deps test vet fuzz bench clean

demo: build
	@echo "\$$ hindsight snap $(EXAMPLE)"
	@./$(BIN) snap $(EXAMPLE)

build:
	$(GO) build -o $(BIN) ./cmd/hindsight

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: the files above need formatting" && exit 1)

# Install and start what the tests need (PostgreSQL; see scripts/ci-deps.sh).
deps:
	@bash -c '. scripts/ci-deps.sh && echo "HINDSIGHT_TEST_POSTGRES=$${HINDSIGHT_TEST_POSTGRES:-}"'

test: vet
	bash -c '. scripts/ci-deps.sh && exec $(GO) test -race -count=1 -timeout 30m ./...'

# Each fuzz target for FUZZTIME (default 10m); crashers land in testdata/fuzz/.
fuzz:
	$(GO) test ./timeline -run '^$$' -fuzz '^FuzzFind$$' -fuzztime $(FUZZTIME)
	$(GO) test ./timeline -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./timeline -run '^$$' -fuzz '^FuzzResolve$$' -fuzztime $(FUZZTIME)
	$(GO) test ./notes -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./snap -run '^$$' -fuzz '^FuzzSnap$$' -fuzztime $(FUZZTIME)
	$(GO) test ./render -run '^$$' -fuzz '^FuzzHTML$$' -fuzztime $(FUZZTIME)
	$(GO) test ./board/excalidraw -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)
	$(GO) test ./board/tldraw -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)
	$(GO) test ./board/photo -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./snap ./timeline

clean:
	rm -rf bin
