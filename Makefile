# Roja: thin wrapper over CMake. `make run` and `make test` are the two set-up commands.
JOBS        ?= $(shell nproc)
BUILD       ?= build
ASAN_BUILD  ?= build-asan
TSAN_BUILD  ?= build-tsan
FUZZ_BUILD  ?= build-fuzz
FUZZ_CHECK_BUILD ?= build-fuzz-check
FUZZ_SECONDS ?= 300
CMAKE_FLAGS ?=

.PHONY: all deps build run test test-unit test-asan test-tsan check-targets bench bench-dns fuzz \
        format format-check check-layers tidy clean deb package-test

all: build

deps:
	@scripts/install-deps.sh all

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Starts rojad on its built-in default config (127.0.0.1:5353, example list).
run: build
	$(BUILD)/daemon/rojad

# The format and the layers first (seconds), every default tier (unit, fuzz replay, integration,
# package), the unit tier under ASan+UBSan, the threaded tiers under TSan, then the other targets'
# builds.
test: format-check check-layers build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE bench
	$(MAKE) test-asan
	$(MAKE) test-tsan
	$(MAKE) check-targets

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DROJA_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target roja_unit_tests roja_fuzz_replay
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|fuzz'

# ThreadSanitizer: only what its tier runs (unit tests, rojad, rojactl), then the unit tier and the
# integration tests whose daemon runs threads at once; any report fails (scripts/test-tsan.sh).
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DROJA_SANITIZE=thread $(CMAKE_FLAGS)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target roja_unit_tests rojad rojactl
	scripts/test-tsan.sh $(TSAN_BUILD) $(JOBS)

# Keeps `make bench`, `bench-dns`, `fuzz` and `deb` building without running them: the bench
# targets alone in the Release tree (-O3, whose optimiser warns where -O2 does not; the directory
# `make bench` uses), the fuzz targets alone with clang (at -O0 without debug information, in a
# directory of their own: clang's diagnostics do not depend on the optimiser, and this halves the
# check's cost), and the .deb from the tested build.
check-targets: build
	cmake -S . -B $(BUILD)-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD)-release -j $(JOBS) --target roja_bench
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_CHECK_BUILD) -DCMAKE_BUILD_TYPE=None \
	    -DCMAKE_CXX_FLAGS=-O0 -DROJA_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_CHECK_BUILD) -j $(JOBS) --target roja_fuzzers
	$(MAKE) deb

# The Debian package (CPack DEB) in $(BUILD)/roja_<version>-1_<arch>.deb.
deb: build
	cd $(BUILD) && cpack -G DEB

# Builds the .deb, lints it, installs, runs and purges it in a throw-away root (label package;
# also part of `make test`). See packaging/README.md.
package-test: build
	cd $(BUILD) && ctest --output-on-failure -L 'package|ops'

bench: deps
	@scripts/install-deps.sh bench
	cmake -S . -B $(BUILD)-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD)-release -j $(JOBS) --target roja_bench
	cd $(BUILD)-release && ctest --output-on-failure -L bench -V

# Peer comparison through ../shared/bench (see docs/benchmarks.md).
bench-dns: deps
	cmake -S . -B $(BUILD)-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD)-release -j $(JOBS) --target rojad udp_floor_server
	scripts/bench-dns.sh $(BUILD)-release

# libFuzzer targets built with clang; each runs FUZZ_SECONDS (default 300) on its committed corpus.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROJA_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target roja_fuzzers
	scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Fails on an #include that points up or sideways across the layers of docs/design.md.
check-layers:
	python3 scripts/check-layers.py

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# Fails on any file `make format` would change (first step of `make test`).
format-check: deps
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

tidy: build
	git ls-files 'filter/*.cpp' 'config/*.cpp' 'daemon/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD) $(FUZZ_CHECK_BUILD) $(BUILD)-release
