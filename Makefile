# Hindsight: deployment postmortems from the board.
#
#   make demo   build hindsight and snap a bundled example board
#   make demo-web  the web app, seeded with the examples (and ../shared/corpus)
#   make test   vet and run every test (what CI runs: bash .ci/run)

GO       ?= go
BIN      := bin/hindsight
EXAMPLE  ?= examples/migration-bad-state.txt
FUZZTIME ?= 10m
ADDR     ?= 127.0.0.1:8080

.PHONY: demo demo-web build deps test vet fuzz bench load-web clean

demo: build
	@echo "\$$ hindsight snap $(EXAMPLE)"
	@./$(BIN) snap $(EXAMPLE)
	@echo
	@echo "Next: make demo-web starts the web app with the examples (and ../shared/corpus) at http://$(ADDR)"

# The web app on a fresh history seeded with the examples and, when it is
# beside the checkout, the corpus of real postmortems; Ctrl-C stops it.
demo-web: build
	@dir=$$(mktemp -d); db=$$dir/history.db; \
	./$(BIN) import --db $$db examples/*.txt examples/config-push-clean-rollback.md >/dev/null; \
	if [ -d ../shared/corpus ]; then ./$(BIN) import --db $$db ../shared/corpus/ >/dev/null 2>&1 || true; fi; \
	echo "Hindsight web app: open http://$(ADDR) (history: $$db; Ctrl-C stops)"; \
	./$(BIN) serve --db $$db --addr $(ADDR) 2>$$dir/requests.log || { tail -5 $$dir/requests.log; exit 1; }

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

# The web app under wrk with 10,000 postmortems (docs/PERFORMANCE.md).
load-web:
	scripts/load-web.sh

clean:
	rm -rf bin
