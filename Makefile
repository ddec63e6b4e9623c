# Every build and test uses the same tags: FTS5 is compiled into SQLite only
# with sqlite_fts5, and a binary built without it could not open a database
# that uses it.
GO      ?= go
TAGS    ?= sqlite_fts5
DEMO    ?= 5000
N       ?= 1000000
BENCHOUT ?= bench.json

.PHONY: build run test bench lint clean vendor

build:
	$(GO) build -tags '$(TAGS)' -o bin/streetfix ./cmd/streetfix

run: build
	./bin/streetfix serve --db streetfix.db --demo $(DEMO)

test: lint
	$(GO) test -tags '$(TAGS)' -race -count=1 ./...

bench:
	$(GO) run -tags '$(TAGS)' ./cmd/benchmark -n $(N) -out $(BENCHOUT)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags '$(TAGS)' ./...

# The front-end libraries are committed under web/static/vendor; this
# refreshes them from web/package.json (needs npm).
vendor:
	cd web && npm ci --no-audit --no-fund && npm run vendor

clean:
	rm -rf bin streetfix.db streetfix.db-wal streetfix.db-shm
