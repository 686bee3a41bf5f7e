# dipgraph — the targets the README names.
GO      ?= go
BIN     ?= bin/dipgraph
PKGS    ?= ./...

.PHONY: all build run test test-short vet fmt-check neo4j-start neo4j-stop generate clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/dipgraph

# The main job: the embedded store (data/), fixtures loaded on first start, the playground served.
run: build
	$(BIN) serve

# Every test, Neo4j included: starts a throwaway Neo4j from Maven Central jars
# when NEO4J_URI is not set, runs go vet, a gofmt check and go test -race.
test:
	./scripts/test.sh

# Unit tests only: no Neo4j, no browser.
test-short:
	$(GO) test -short -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

neo4j-start:
	@./scripts/neo4j-start.sh

neo4j-stop:
	@./scripts/neo4j-stop.sh

clean:
	rm -rf bin data
