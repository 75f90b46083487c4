#!/usr/bin/env bash
# Runs every test suite, keeps going when one fails, and prints one summary line:
# "N passed, M failed". Each suite's output goes to artifacts/test-logs/<suite>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p artifacts/test-logs
passed=0; failed=0; failed_suites=()

count() { # suite log status: adds the suite's pass/fail counts from its runner's summary lines
  local suite=$1 log=$2 status=$3 p f
  # cargo test: "test result: ok. 12 passed; 0 failed"; node --test (tap): "# pass 12", "# fail 0"
  read -r p f < <(awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^# pass [0-9]+$/ { p += $3 } /^# fail [0-9]+$/ { f += $3 }
    END { print p + 0, f + 0 }' "$log")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$f" -ne 0 ] && failed_suites+=("$suite")
  printf '%-28s %4d passed, %d failed%s\n' "$suite" "$p" "$f" "$([ "$status" -ne 0 ] && echo "  (exit $status; see $log)")"
}

suite() { # name command...
  local name=$1; shift
  local log="artifacts/test-logs/$name.log"
  "$@" >"$log" 2>&1
  count "$name" "$log" $?
}

# The facilitator simulator for the wasm tests (its URL is compiled into tests/wasm.rs).
# The previous run's log goes first: the background redirection truncates it only once the
# job starts, and until then its old URL (another port) would be read.
rm -f artifacts/test-logs/simulator.log
node pkg-template/testing/cli.js --port "${SIM_PORT:-0}" --step-ms 100 >artifacts/test-logs/simulator.log 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null' EXIT
# Its first line is its URL (a loaded machine may take seconds to start Node: up to 60 s).
CH_SIM_URL=
for _ in $(seq 600); do
  CH_SIM_URL=$(head -n1 artifacts/test-logs/simulator.log 2>/dev/null | grep -E '^http://[^ ]+/$' || true)
  [ -n "$CH_SIM_URL" ] && break
  kill -0 $SIM_PID 2>/dev/null || break
  sleep 0.1
done
export CH_SIM_URL
echo "facilitator simulator for the wasm tests: ${CH_SIM_URL:-NOT STARTED (see artifacts/test-logs/simulator.log)}"

suite "cargo-test (native)" cargo test --quiet -- --nocapture
# The vector tests print how many cases of each golden file they ran.
grep -hoE '(replayed [0-9]+ )?[a-z_]+\.json:? .*' "artifacts/test-logs/cargo-test (native).log" | sed 's/^/    /' || true
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=60
suite "wasm-test (node)" cargo test --target wasm32-unknown-unknown --test wasm
suite "wasm-test (chromium)" env WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm
suite "wasm-test (web worker)" env WASM_BINDGEN_USE_DEDICATED_WORKER=1 cargo test --target wasm32-unknown-unknown --test wasm
# The same wasm tests the way users of the crate run them.
suite "wasm-pack test --node" wasm-pack test --node
suite "wasm-pack test --chrome" wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
suite "node-test (package)" node --test --test-reporter=tap tests/js/
# The generated-argument suite prints how many bad values it tried.
grep -hoE 'hostile-args: .*' "artifacts/test-logs/node-test (package).log" | sed 's/^/    /' || true
# The hostile-facilitator suite prints how many named answers and misbehaving fetches it ran.
grep -hoE 'hostile answers: .*' "artifacts/test-logs/node-test (package).log" | sed 's/^/    /' || true

echo
if [ "$failed" -ne 0 ]; then echo "failed suites: ${failed_suites[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
