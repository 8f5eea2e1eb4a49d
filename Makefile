# tradedash: the two commands a newcomer needs are `make run` (the dashboard
# on the sample data, with a managed local ClickHouse) and `make test`.
GO      ?= go
BIN     := bin/tradedash
ADDR    ?= 127.0.0.1:8080
FUZZTIME ?= 10m

include dashboard/assets/assets.mk

.PHONY: all deps build run cluster test test-cluster check fuzz bench bench-import bench-dashboard bench-report bench-versions bench-trade bench-cluster clean

all: build

# System packages the tests need (ClickHouse, Chromium, wrk, LibreOffice,
# poppler, npm), installed with apt-get when missing.
deps:
	./scripts/install-deps.sh

build:
	$(GO) build -o $(BIN) ./cmd/tradedash

# The dashboard on the sample data: starts a managed ClickHouse under ./data,
# loads sample-data/ on first start, serves on $(ADDR).
run:
	./scripts/install-deps.sh run
	$(MAKE) build
	./$(BIN) serve --load-sample --addr $(ADDR)

# A local ClickHouse cluster (ZooKeeper, 2 shards x 2 replicas on loopback)
# under ./cluster-data: prints the URLs to give tradedash --clickhouse and
# runs until Ctrl-C, which stops it all.
cluster:
	./scripts/install-deps.sh cluster
	$(GO) build -o bin/tradedash-cluster ./localdb/cmd/tradedash-cluster
	./bin/tradedash-cluster -dir cluster-data

# Everything CI checks: formatting, vet, all tests with the race detector
# against a real ClickHouse and a real Chromium. The fuzz targets run too, on
# their seed corpora (testdata/fuzz/ holds every input a fuzzing campaign
# ever found), so a test run fails on the same inputs every time; finding
# new inputs is `make fuzz`'s job, not CI's.
test: deps check
	@echo "go test -race ./..., and beside it the cluster run of make test-cluster"; log=$$(mktemp); \
	$(MAKE) -s test-cluster > $$log 2>&1 & cluster=$$!; \
	rc=0; $(GO) test -race -count=1 -timeout 15m ./... || rc=$$?; \
	crc=0; wait $$cluster || crc=$$?; \
	echo "--- the same queries, importer, dashboard and report tests on a local cluster (make test-cluster):"; cat $$log; rm -f $$log; \
	test $$rc -eq 0 && test $$crc -eq 0

# The queries, importer, dashboard and report tests again on a local
# cluster (ZooKeeper, 2 shards x 2 replicas; localdb/clustertest): every
# path of the storage, the pages and the reports on both. make test runs
# them beside the race run, whose race detector checks the same code: they
# wait on ZooKeeper more than they compute. One package at a time (-p 1):
# each starts a cluster of five processes, and two of them beside the race
# run overloaded the 2 cores until restarts missed their deadlines. The
# browser and LibreOffice tests are left to the race run: they check what
# Chromium and LibreOffice make of pages and workbooks, whose content the
# other tests of both packages check, on the cluster too.
CLUSTER_SKIP := ^TestBrowser|^TestLibreOffice
test-cluster:
	TRADEDASH_TEST_CLUSTER=1 $(GO) test -count=1 -p 1 -timeout 14m -skip '$(CLUSTER_SKIP)' ./queries/ ./importer/ ./dashboard/ ./report/

check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# A fuzzing campaign: each target for $(FUZZTIME). A failing input is written
# to the target's testdata/fuzz/ directory; fix the bug and commit the input,
# which `make test` then runs for ever. Minimizing each new input is bounded:
# with large seed files the default (a minute an input) spends the whole run
# minimizing instead of fuzzing.
FUZZ_TARGETS := ingest:FuzzParseValue ingest:FuzzReadCSV ingest:FuzzReadXLSX view:FuzzParams
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz $$name ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 20x ./$$pkg; \
	done

# Benchmarks print their figures against the yardstick each issue names.
bench: bench-import bench-dashboard bench-report bench-versions bench-trade bench-cluster

bench-dashboard: deps
	$(GO) run ./dashboard/bench

# Reads at 1 and at 13 versions of 1,000,000 figures (12 re-imports with 10%
# of the values changed), side by side with their ratio.
bench-versions: deps
	$(GO) run ./queries/bench

# Trade reads at 1 and at 4 versions of 1,000,000 synthetic trade flows (3
# re-imports with 10% of the values changed), side by side with their
# ratio, ClickHouse's own time and the floor over a plain table; then a
# synthetic 10,000,000-row Comtrade file imported against clickhouse-client
# CSVWithNames, and the pair page and /api/v1/trade over it with wrk.
bench-trade: deps
	$(GO) run ./queries/tradebench

# The synthetic 10,000,000-row Comtrade import and the pair page and
# /api/v1/trade (uncached) on one managed server and on a local cluster (2
# shards x 2 replicas), side by side with their ratio; then the time a
# killed replica takes to catch up after its restart.
bench-cluster: deps
	$(GO) run ./queries/clusterbench

bench-report: deps
	$(GO) test -run '^$$' -bench 'ReportSample|RawExport' -benchtime 5x ./report
	$(GO) test -run '^$$' -bench 'Export1M' -benchtime 1x ./cmd/tradedash

bench-import: deps
	$(GO) test -run '^$$' -bench 'Import1M' -benchtime 1x ./cmd/tradedash
	$(GO) test -run '^$$' -bench 'ReadCSV' -benchmem ./ingest

clean:
	rm -rf bin artifacts dashboard/assets/node_modules
