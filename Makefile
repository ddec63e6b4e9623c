# Every build and test uses the same tags: FTS5 is compiled into SQLite only
# with sqlite_fts5, and a binary built without it could not open a database
# that uses it.
GO      ?= go
TAGS    ?= sqlite_fts5
DEMO    ?= 5000
N       ?= 1000000
BENCHOUT ?= bench.json
# PG=postgres://… makes `make bench` measure PostgreSQL too, on the same data.
PG      ?=

.PHONY: build run test test-dates bench lint clean vendor

build:
	$(GO) build -tags '$(TAGS)' -o bin/streetfix ./cmd/streetfix

run: build
	./bin/streetfix serve --db streetfix.db --demo $(DEMO)

# The handlers package runs a hundred real-server and Chromium tests; with
# the race detector on a 2-core machine shared with other builds it can take
# longer than go test's default 10 minutes.
test: lint
	$(GO) test -tags '$(TAGS)' -race -count=1 -timeout 40m ./...

# Tests run on an injected clock (internal/testclock), never the wall
# clock; this runs the suite as if it were each of these days: a Monday and
# a Sunday, the two daylight-saving changes, 29 February and 1 January.
TEST_DATES ?= 2026-11-30T08:00:00Z 2026-11-29T23:30:00Z 2027-03-28T00:59:00Z 2027-10-31T00:59:00Z 2028-02-29T23:30:00Z 2027-01-01T00:05:00Z
test-dates:
	@for d in $(TEST_DATES); do echo "== STREETFIX_TEST_NOW=$$d"; \
	  STREETFIX_TEST_NOW=$$d $(GO) test -tags '$(TAGS)' -count=1 -timeout 40m ./... || exit 1; done

bench:
	$(GO) run -tags '$(TAGS)' ./cmd/benchmark -n $(N) -out $(BENCHOUT) $(if $(PG),-pg '$(PG)')

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
