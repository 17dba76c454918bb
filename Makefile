# Layerlab: build, serve and test everything.
#
#   make serve   build, then serve the playground at http://127.0.0.1:8080
#   make test    install what is missing, build, run every test suite
#
# Every install step checks first, so a warm run installs nothing.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# Playwright drives Debian's /usr/bin/chromium; it must never download one.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

TARGET_DIR   := $(or $(CARGO_TARGET_DIR),target)
WASM_TARGET  := wasm32-unknown-unknown
WASM_PROFILE := wasm-release
WASM_RAW     := $(TARGET_DIR)/$(WASM_TARGET)/$(WASM_PROFILE)/layerlab.wasm
BINDGEN_DIR  := $(TARGET_DIR)/wasm-bindgen
WASM_OPT     := node_modules/.bin/wasm-opt
VITE         := node_modules/.bin/vite
NPM_STAMP    := node_modules/.layerlab-npm-ci
PORT         ?= 8080

.PHONY: FORCE build serve test bench fuzz clean distclean deps deps-rust deps-node deps-test \
        native wasm pkg playground screenshot

## build: native release build, wasm + npm package in pkg/, playground in dist/
build: native playground

native:
	cargo build --release

WASM_BG  := $(BINDGEN_DIR)/layerlab_bg.wasm
WASM_OPT_OUT := $(BINDGEN_DIR)/layerlab_bg.opt.wasm

wasm: $(WASM_OPT_OUT)

# Cargo decides whether the module is stale (FORCE makes make always ask);
# the steps after it run only when their input changed, so a warm build does
# not spend ~10 s in wasm-opt.
#
# `strip = true` in the wasm profile would also drop the `target_features`
# section that wasm-bindgen and wasm-opt read to know which wasm features the
# module uses; wasm-opt strips names and debug info at the end instead.
$(WASM_RAW): FORCE | deps-rust
	CARGO_PROFILE_WASM_RELEASE_STRIP=false \
	  cargo build --target $(WASM_TARGET) --profile $(WASM_PROFILE) -p layerlab

$(WASM_BG): $(WASM_RAW) Cargo.lock
	wasm-bindgen --target web --no-typescript --out-dir $(BINDGEN_DIR) $(WASM_RAW)

# binaryen from npm, by explicit path: Debian's wasm-opt corrupts wasm-bindgen output.
$(WASM_OPT_OUT): $(WASM_BG) $(NPM_STAMP)
	$(WASM_OPT) -Oz --strip-debug --strip-producers --strip-target-features $< -o $@

pkg: wasm
	node tools/assemble-pkg.mjs --glue $(BINDGEN_DIR)/layerlab.js --wasm $(WASM_OPT_OUT)

playground: pkg
	$(VITE) build --logLevel warn

## serve: build, then serve dist/ (a plain static server)
serve: build
	@echo "Layerlab playground: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

## test: cargo test, wasm tests in Node, node --test on pkg/, headless Chromium
test: build deps-test
	node tests/run-all.mjs

## screenshot: refresh docs/screenshot.png from the browser test
screenshot: build deps-test
	node tests/browser/playground.test.mjs --update-screenshot

bench:
	@echo "make bench: not yet - benchmarks arrive with the analyses they measure."

fuzz:
	@echo "make fuzz: not yet - fuzz targets arrive with the parser's fuzzing issue."

## deps: everything the build needs (the tests add Chromium)
deps: deps-rust deps-node

deps-rust:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' \
	  || rustup target add $(WASM_TARGET)
	@tools/ensure-wasm-bindgen.sh

deps-node: $(NPM_STAMP)

# npm ci only when node_modules is missing or older than the lock file.
$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps-test: deps
	@tools/ensure-chromium.sh

FORCE:

## clean: remove generated files (pkg/, dist/, wasm-bindgen output, screenshots)
clean:
	rm -rf pkg dist $(BINDGEN_DIR) tests/browser/screenshots

## distclean: clean, plus cargo's target directory and node_modules
distclean: clean
	cargo clean
	rm -rf node_modules
