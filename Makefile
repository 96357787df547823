# Guichet: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
FUNCTIONS := $(notdir $(wildcard functions/*))
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags="-s -w"

.PHONY: run test tools frontend frontend-deps build vet lint-template gotest fuzz frontend-test e2e bench bench-lambda bench-load lambda deploy clean

## run: build the portal and serve it locally on :8080 with the embedded store, and
## the mail viewer at /dev/mail (to this machine only)
run: frontend
	GUICHET_DEV_MAIL=1 $(GO) run ./cmd/guichet serve

## test: everything CI runs: vet, cfn-lint on template.yaml, Go tests with the race
## detector (DynamoDB Local and SES stand-ins included), the portal's unit tests and
## the browser tests
test: tools vet lint-template gotest frontend-test e2e

## tools: install what the tests need (Java, Chromium, DynamoDB Local, SES and S3 stand-ins)
tools: frontend-deps
	scripts/tools

frontend-deps: frontend/node_modules/.package-lock.json

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	npm ci --prefix frontend --no-audit --no-fund

## frontend: build the portal into frontend/dist
frontend: frontend-deps
	npm run --prefix frontend build

vet:
	$(GO) vet ./...

## lint-template: cfn-lint (pinned in scripts/tools) on template.yaml; any finding fails
lint-template:
	PATH="$$HOME/.local/bin:$$PATH" cfn-lint template.yaml

# The suites that run against the DynamoDB, SES and S3 stand-ins run verbosely, so the
# output shows that they ran rather than skipped.
WIRE_SUITES := ./shared/table/dynamo/ ./shared/mail/ ./shared/blob/s3blob/
gotest:
	$(GO) test -race -count=1 -timeout 30m $$($(GO) list ./... | grep -v -e /shared/table/dynamo$$ -e /shared/mail$$ -e /shared/blob/s3blob$$)
	$(GO) test -race -count=1 -v $(WIRE_SUITES) | grep -v -e '^=== '
	$(MAKE) --no-print-directory fuzz FUZZ_TARGETS="$(FUZZ_SHORT)" FUZZTIME=$(FUZZ_SHORT_RUNS)

# Every fuzz target, as package:Name. Their seed corpora (testdata/fuzz) run with the
# ordinary tests; `make fuzz` explores each for FUZZTIME beyond them, and `make test`
# explores FUZZ_SHORT briefly: the targets of the small packages, whose instrumented
# build is quick (a first fuzzing build of shared/httpapi takes minutes on 2 cores).
FUZZ_TARGETS := $(addprefix ./shared/validate:,FuzzEmail FuzzDomain FuzzPassword FuzzPhone FuzzText FuzzRegistrationNo FuzzWebsite) \
	./shared/table:FuzzCursor ./shared/clientaddr:FuzzAddress ./shared/store:FuzzListedScan ./shared/mail:FuzzParse ./shared/mail:FuzzMessageRoundTrip \
	$(addprefix ./shared/httpapi:,FuzzLogin FuzzDecode) ./shared/httpapi/orgadmin:FuzzParseImport ./shared/markdown:FuzzRender ./shared/catalogue:FuzzCheckAnswers
FUZZ_SHORT := ./shared/validate:FuzzEmail ./shared/validate:FuzzPhone ./shared/table:FuzzCursor ./shared/clientaddr:FuzzAddress ./shared/markdown:FuzzRender
# make test counts executions rather than seconds: with a duration, Go 1.26's fuzzing
# coordinator can report a bare "context deadline exceeded" as the time runs out, a
# failure with no failing input (go.dev/issue/75804, fixed in Go 1.27).
FUZZ_SHORT_RUNS := 200000x
FUZZTIME ?= 10s

## fuzz: run every fuzz target for FUZZTIME (default 10s) beyond its seed corpus
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1000x "$${t%%:*}" | grep -v -e '^fuzz: elapsed' || exit 1; \
	done

frontend-test: frontend-deps
	npm test --prefix frontend

## e2e: browser tests in Chromium against a freshly built `guichet serve`
e2e: frontend
	scripts/e2e

## build: the local binary in bin/guichet
build:
	$(GO) build -o bin/guichet ./cmd/guichet

## bench: Go benchmarks: table drivers, password hashing, sign-in, CSV import
bench:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./shared/table/... ./shared/auth/ ./shared/httpapi/...

## bench-lambda: each function's size as AWS runs it and its start-to-first-answer time
bench-lambda:
	$(GO) run ./cmd/benchlambda

## bench-load: the portal under a mix of requests at 1,000 and 100,000 users on the
## embedded store: latency per route, table round trips, p99 growth (docs/performance.md)
bench-load:
	$(GO) run ./cmd/benchload

## lambda: every function built as AWS runs it, into bin/lambda/<name>/bootstrap
lambda:
	@for f in $(FUNCTIONS); do \
		GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o bin/lambda/$$f/bootstrap ./functions/$$f || exit 1; \
		printf '%-12s %6d KB\n' $$f $$(( $$(stat -c %s bin/lambda/$$f/bootstrap) / 1024 )); \
	done

# SAM's makefile builder calls build-<LogicalId>; HealthFunction is functions/health.
build-%Function:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/$(shell echo $* | tr A-Z a-z)

## deploy: build and deploy the stack, then upload the portal (scripts/deploy-portal:
## assets immutable first, index.html no-cache, CloudFront invalidation, old assets kept)
deploy: frontend
	sam build && sam deploy
	scripts/deploy-portal

clean:
	rm -rf bin frontend/dist
