# ShardForge — the two commands: `make run` and `make test`.
# Everything else is a step they take; each can be run alone.

PY      := /usr/bin/python3
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
BUILD   := build
ASAN    := build-asan
FUZZ    := build-fuzz
DATA    ?= ./data

.PHONY: all deps build build-asan build-fuzz run test test-unit test-asan test-integration \
        test-fuzz test-regress test-slt test-isolation format format-check clean bench

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

build-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=ASan -DCMAKE_C_COMPILER=clang >/dev/null
	@cmake --build $(ASAN) -j $(JOBS) -- --no-print-directory

build-fuzz: deps
	@cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DSF_FUZZ=ON -DSF_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ) -j $(JOBS) -- --no-print-directory

# Start a single-node database with its data in ./data (initialised once).
run: build
	@if [ ! -f $(DATA)/CLUSTER ]; then $(BUILD)/shardforge init --single-node --data-dir $(DATA); fi
	@exec $(BUILD)/shardforge start --config $(DATA)/shardforge.toml

# Every suite; the last line is `N passed, M failed` over all of them.
test: build build-asan build-fuzz
	@scripts/run-tests.sh all

test-unit: build
	@scripts/run-tests.sh unit
test-asan: build-asan
	@scripts/run-tests.sh asan
test-integration: build
	@scripts/run-tests.sh integration
test-fuzz: build-fuzz
	@scripts/run-tests.sh fuzz
test-regress: build
	@scripts/run-tests.sh regress
test-slt: build
	@scripts/run-tests.sh slt
test-isolation: build
	@scripts/run-tests.sh isolation

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')
format-check:
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)

# Benchmarks against their peers (not tests); results go to docs/benchmarks.md.
bench: build
	@$(BUILD)/kvbench
