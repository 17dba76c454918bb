#!/usr/bin/env bash
# Make sure `wasm-bindgen` (and `wasm-bindgen-test-runner`, from the same
# crate) match the `wasm-bindgen` version in Cargo.lock exactly: a mismatch
# fails with a schema-version error. Installs only when missing or different.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(awk '
    /^\[\[package\]\]/ { in_pkg = 0 }
    /^name = "wasm-bindgen"$/ { in_pkg = 1; next }
    in_pkg && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
if [ -z "$want" ]; then
    echo "ensure-wasm-bindgen: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi

have=""
if command -v wasm-bindgen >/dev/null 2>&1; then
    have=$(wasm-bindgen --version | awk '{ print $2 }')
fi
runner_ok=false
if command -v wasm-bindgen-test-runner >/dev/null 2>&1 \
    && [ "$(wasm-bindgen-test-runner --version | awk '{ print $2 }')" = "$want" ]; then
    runner_ok=true
fi

if [ "$have" = "$want" ] && $runner_ok; then
    exit 0
fi

echo "ensure-wasm-bindgen: installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes"
# --locked first; some releases' lock files name crates the registry no
# longer has, so fall back to a fresh resolution.
if ! cargo install wasm-bindgen-cli --version "$want" --locked; then
    echo "ensure-wasm-bindgen: --locked failed, retrying without it"
    cargo install wasm-bindgen-cli --version "$want" --force
fi
wasm-bindgen --version
