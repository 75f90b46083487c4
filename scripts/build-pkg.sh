#!/usr/bin/env bash
# Builds the npm package into pkg/: Rust → wasm (size-tuned release profile) → wasm-bindgen
# (--target web) → wasm-opt -Oz → pkg-template/ bundled by esbuild into ESM and CommonJS entries.
set -euo pipefail
cd "$(dirname "$0")/.."
# Without the `inline-zip` feature (the package zips in JS), and with the build machine's
# paths cut from panic locations (they are data in the module; the rest of the path is enough).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$cargo_home/registry/src/= --remap-path-prefix=$PWD/=" \
  cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features
rm -rf build/wasm && mkdir -p build/wasm
wasm-bindgen --target web --out-dir build/wasm --out-name compute_horde_sdk \
  target/wasm32-unknown-unknown/release/compute_horde_sdk.wasm
npx wasm-opt -Oz --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue build/wasm/compute_horde_sdk_bg.wasm -o build/wasm/compute_horde_sdk_bg.wasm
node scripts/assemble-pkg.mjs
