# Roja: thin wrapper over CMake. `make run` and `make test` are the two set-up commands.
JOBS        ?= $(shell nproc)
BUILD       ?= build
ASAN_BUILD  ?= build-asan
FUZZ_BUILD  ?= build-fuzz
FUZZ_SECONDS ?= 300
CMAKE_FLAGS ?=

.PHONY: all deps build run test test-unit test-asan bench bench-dns fuzz format check-layers tidy clean deb package-test

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

# Every default tier (unit, fuzz replay, integration), then the unit tier again under ASan+UBSan.
test: check-layers build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE bench
	$(MAKE) test-asan

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DROJA_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target roja_unit_tests roja_fuzz_replay
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|fuzz'

# The Debian package (CPack DEB) in $(BUILD)/roja_<version>-1_<arch>.deb.
deb: build
	cd $(BUILD) && cpack -G DEB

# Builds the .deb, lints it, installs, runs and purges it in a throw-away root (label package;
# also part of `make test`). See packaging/README.md.
package-test: check-layers build
	cd $(BUILD) && ctest --output-on-failure -L 'package|ops'

bench: deps
	@scripts/install-deps.sh bench
	cmake -S . -B $(BUILD)-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD)-release -j $(JOBS)
	cd $(BUILD)-release && ctest --output-on-failure -L bench -V

# Peer comparison through ../shared/bench (see docs/benchmarks.md).
bench-dns: deps
	cmake -S . -B $(BUILD)-release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD)-release -j $(JOBS) --target rojad udp_floor_server
	scripts/bench-dns.sh $(BUILD)-release

# libFuzzer targets built with clang; each runs FUZZ_SECONDS (default 300) on its committed corpus.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROJA_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Fails on an #include that points up or sideways across the layers of docs/design.md.
check-layers:
	python3 scripts/check-layers.py

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	git ls-files 'filter/*.cpp' 'config/*.cpp' 'daemon/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BUILD)-release
