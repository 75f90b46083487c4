# compute-horde-sdk — build, test, demo and benchmarks.
#
#   make demo    build everything needed, start the facilitator simulator, run examples/demo.mjs
#   make test    every test (vectors, native cargo tests, wasm in Node and headless Chromium, JS)
#   make pkg     build the npm package into pkg/
#   make bench   print the benchmark figures
#
# Each target installs what it needs on a fresh Debian machine (see `make setup`).

SHELL := /bin/bash
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION := 0.15.1
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup setup-rust setup-wasm-pack setup-node setup-browser setup-nginx bench-setup pkg test demo bench docs clean vectors-check

# Everything `make test` needs. `make demo` needs less: no wasm-pack, no browser, no nginx.
setup: setup-rust setup-wasm-pack setup-node setup-browser setup-nginx

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (3-6 minutes)"; \
	  cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)" --force; \
	fi

# wasm-pack, only for the `wasm-pack test` suites of `make test` (users of the crate run those):
# it finds the wasm-bindgen above on PATH and the Debian chromedriver, so it downloads nothing.
setup-wasm-pack: setup-rust
	@if [ "$$(wasm-pack --version 2>/dev/null)" != "wasm-pack $(WASM_PACK_VERSION)" ]; then \
	  echo "installing wasm-pack $(WASM_PACK_VERSION) (about 4 minutes)"; \
	  cargo install wasm-pack --version "=$(WASM_PACK_VERSION)" --force; \
	fi

setup-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

setup-browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  echo "installing Debian chromium + chromium-driver"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null; \
	fi

# nginx for the streaming tests, which start their own (-c/-p, a free loopback port) and stop it
# by PID. policy-rc.d keeps the Debian package from starting or enabling the system service.
setup-nginx:
	@if [ ! -x /usr/sbin/nginx ]; then \
	  echo "installing Debian nginx (the streaming tests run it as a job's executor)"; \
	  created_policy=; \
	  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1; fi; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null; status=$$?; \
	  if [ -n "$$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	  update-rc.d nginx disable >/dev/null 2>&1 || true; \
	  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl disable --now --quiet nginx || true; fi; \
	  exit $$status; \
	fi

vectors-check:
	@if [ -d ../shared/vectors ]; then \
	  diff -r ../shared/vectors tests/vectors >/dev/null \
	    || { echo "tests/vectors differs from ../shared/vectors: re-vendor them (never edit a vector)"; diff -rq ../shared/vectors tests/vectors; exit 1; }; \
	  echo "tests/vectors matches ../shared/vectors"; \
	else echo "../shared/vectors not present: using the vendored tests/vectors"; fi

pkg: setup-rust setup-node
	bash scripts/build-pkg.sh

test: vectors-check setup pkg
	bash scripts/test-all.sh

demo: setup-rust setup-node pkg
	bash scripts/demo.sh

# twiggy prints bench/size.mjs's per-crate table; installed only when missing (2-4 minutes).
bench-setup:
	@command -v twiggy >/dev/null || { echo "installing twiggy (2-4 minutes)"; cargo install twiggy --locked; }

bench: setup-rust setup-node setup-browser bench-setup pkg
	bash scripts/bench.sh

# API reference (TypeDoc over the shipped types) into build/docs/.
docs: setup-node
	npx --yes -p typescript@5.9.3 -p typedoc@0.28.20 typedoc --tsconfig tests/types/tsconfig.json \
	  --entryPoints pkg-template/index.d.ts --out build/docs --name compute-horde-sdk --readme none \
	  --disableSources --validation.notDocumented --treatWarningsAsErrors
	@echo "API reference: build/docs/index.html"

clean:
	rm -rf pkg build target/wasm32-unknown-unknown
