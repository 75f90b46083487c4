#!/usr/bin/env bash
# make demo: runs examples/demo.mjs against the local facilitator simulator, or against the
# facilitator named by FACILITATOR_URL (then VALIDATOR_HOTKEY and a hotkey are needed too).
set -euo pipefail
cd "$(dirname "$0")/.."
# The example imports "compute-horde-sdk" like a user would: point that name at pkg/.
mkdir -p examples/node_modules
ln -sfn ../../pkg examples/node_modules/compute-horde-sdk
if [ -n "${FACILITATOR_URL:-}" ]; then
  exec node examples/demo.mjs
fi
node pkg-template/testing/cli.js --port 0 --step-ms 700 > build/demo-simulator.log 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s build/demo-simulator.log ] && break; sleep 0.1; done
FACILITATOR_URL=$(head -n1 build/demo-simulator.log)
echo "local facilitator simulator at $FACILITATOR_URL"
FACILITATOR_URL=$FACILITATOR_URL POLL_INTERVAL_SEC=0.5 node examples/demo.mjs
