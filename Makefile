# dipgraph — the targets the README names.
GO      ?= go
BIN     ?= bin/dipgraph
PKGS    ?= ./...
# go.mod's toolchain line names the patched Go release; use it even where
# the installed Go defaults to GOTOOLCHAIN=local.
export GOTOOLCHAIN ?= auto

.PHONY: all build run test test-short soak vet fmt-check neo4j-start neo4j-stop generate clean playground-assets

all: build

build: playground-assets
	$(GO) build -trimpath -o $(BIN) ./cmd/dipgraph

# The playground's GraphiQL and React files, from the npm registry at the
# versions server/playground/package-lock.json pins, embedded by the build.
PLAYGROUND_ASSETS := server/playground/assets/graphiql.min.js
playground-assets: $(PLAYGROUND_ASSETS)
$(PLAYGROUND_ASSETS): server/playground/package.json server/playground/package-lock.json server/playground/build.sh
	./server/playground/build.sh

# The main job: the embedded store (data/), fixtures loaded on first start, the playground served.
run: build
	$(BIN) serve

# Every test, Neo4j included: starts a throwaway Neo4j from Maven Central jars
# when NEO4J_URI is not set, runs go vet, a gofmt check and go test -race.
test: playground-assets
	./scripts/test.sh

# Unit tests only: no Neo4j, no browser.
test-short:
	$(GO) test -short -count=1 $(PKGS)

# The 5-minute load test on loopback, against the embedded store and a throwaway Neo4j
# (scripts/soak.sh; STORES, CLIENTS, DURATION, RATE... in the environment).
soak:
	./scripts/soak.sh

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

neo4j-start:
	@./scripts/neo4j-start.sh

neo4j-stop:
	@./scripts/neo4j-stop.sh

clean:
	rm -rf bin data test-artifacts
	find server/playground/assets -type f ! -name README.md -delete
