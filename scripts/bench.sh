#!/usr/bin/env bash
# Prints the benchmark figures of the built package (pkg/; `make bench` builds it first):
#   bench/size.mjs               gzip sizes: the wasm, every entry, the browser download (esbuild, Vite), npm pack, per crate
#   bench/crypto.mjs             sign / verify / fromMnemonic, next to @polkadot and @scure
#   bench/coldstart.mjs          process start → first signature (node.mjs, node.cjs, the portable entry)
#   bench/create-throughput.mjs  createJob jobs/s against the simulator, next to raw fetch
#   bench/waitall.mjs            requests and wall time to watch 1,000 jobs: waitAll vs wait() each
#   bench/boundary.mjs           the argument boundary's cost per call, next to the bare wasm-bindgen glue
#   bench/hotpath.mjs            createJob / getJob vs raw fetch against a zero-cost server, CPU per call and where it goes
#   bench/scale.mjs              1,000 vs 10,000 jobs watched (requests, wall, RSS, wasm memory), 100,000 create + drop
# then a summary block with one verdict line per target (PASS / MISS, with the numbers).
# Every figure is a median of ≥ 5 runs. About 15 minutes on 2 cores (scale.mjs alone about 10).
#
# Environment: BENCH_ONLY="size crypto" runs a subset; BENCH_PKG=<dir> measures another built
# package directory; BENCH_SIM=inproc runs the simulator in the benchmark's own process.
# Exit status: 0 when every script ran (whatever the verdicts), 1 when a script failed.
set -uo pipefail
cd "$(dirname "$0")/.."

pkg="${BENCH_PKG:-pkg}"
if [ ! -f "$pkg/index.mjs" ] || [ ! -f "$pkg/index.cjs" ]; then
  echo "bench: $pkg/index.mjs or $pkg/index.cjs is missing: run 'make pkg' (bash scripts/build-pkg.sh) first" >&2
  exit 1
fi
if [ ! -d node_modules/@polkadot/util-crypto ] || [ ! -d node_modules/esbuild ]; then
  echo "bench: node_modules is incomplete: run 'npm ci' (make setup-node) first" >&2
  exit 1
fi

scripts=(${BENCH_ONLY:-size crypto coldstart create-throughput waitall boundary streaming-cert hotpath scale})
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
export BENCH_SUMMARY="$summary"
failed=()
start=$SECONDS
for name in "${scripts[@]}"; do
  t0=$SECONDS
  echo
  echo "################ bench/$name.mjs ################"
  if ! node "bench/$name.mjs"; then
    failed+=("$name")
    echo "bench/$name.mjs FAILED" >&2
  fi
  echo "(bench/$name.mjs: $((SECONDS - t0)) s)"
done

echo
echo "==================================== benchmark summary ===================================="
echo "node $(node --version), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), package $pkg, $((SECONDS - start)) s"
cat "$summary"
pass=$(grep -c ': PASS$' "$summary" || true)
miss=$(grep -c ': MISS$' "$summary" || true)
echo "-------------------------------------------------------------------------------------------"
echo "$pass targets PASS, $miss MISS${failed[*]:+; scripts FAILED: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
