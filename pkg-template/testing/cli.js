#!/usr/bin/env node
// Runs the facilitator simulator standalone, e.g. for browser tests or a demo:
//   node pkg-template/testing/cli.js --port 8000 --step-ms 500 --strict-cors
// Prints the base URL on the first line of stdout, then serves until SIGINT/SIGTERM.
import { startLocalFacilitator } from "./index.js";

const USAGE = `Usage: node cli.js [options]
  --port N                     port on 127.0.0.1 (default 8000; 0 = any free port)
  --step-ms N                  milliseconds between job status steps (default 200)
  --whitelist SS58             allow only this hotkey (repeatable; default: everyone)
  --auth any|token|hotkey      accepted API authentication (default any)
  --token-lifetime-sec N       login token lifetime (default 3600)
  --hotkey-nonce-window-sec N  hotkey-header auth: max Nonce age (default 300)
  --max-signature-age-sec N|none  X-CH-Timestamp-NS freshness (default 600)
  --signature-layout current|legacy  SignedFields layout of job creation (default current)
  --strict-cors                django-cors-headers defaults (no origin, default headers only)
  --allowed-origin ORIGIN      origin allowed in strict mode (repeatable)
  --cheat                      non-trusted jobs print a different stdout
  --legacy-responses           early-2025 job bodies (no status_history)
  --streaming-hold-ms N        how long a streaming job stays streaming_ready (default 60000)
  --fault-rate R               probability of a fault per API request (0..1)
  --fault-kinds K,K,...        among 429,500,502,503,reset,slow (default all)
  --fault-seed N               PRNG seed of the faults (default 1)
  --slow-ms N                  delay of a "slow" fault (default 1000)
  --fault-paths REGEX          only paths matching REGEX get faults
  --help                       this text`;

function parseArgs(argv) {
  const opts = { port: 8000 };
  const faults = {};
  const number = (flag, v) => {
    const n = Number(v);
    if (v === undefined || v === "" || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--help": case "-h": return null;
      case "--port": opts.port = number(flag, value()); break;
      case "--step-ms": opts.stepMs = number(flag, value()); break;
      case "--whitelist": (opts.whitelist ??= []).push(value()); break;
      case "--auth": opts.auth = value(); break;
      case "--token-lifetime-sec": opts.tokenLifetimeSec = number(flag, value()); break;
      case "--hotkey-nonce-window-sec": opts.hotkeyNonceWindowSec = number(flag, value()); break;
      case "--max-signature-age-sec": {
        const v = value();
        opts.maxSignatureAgeSec = v === "none" ? null : number(flag, v);
        break;
      }
      case "--signature-layout": opts.signatureLayout = value(); break;
      case "--strict-cors": opts.strictCors = true; break;
      case "--allowed-origin": (opts.allowedOrigins ??= []).push(value()); break;
      case "--cheat": opts.cheat = true; break;
      case "--legacy-responses": opts.legacyResponses = true; break;
      case "--streaming-hold-ms": opts.streaming = { holdMs: number(flag, value()) }; break;
      case "--fault-rate": faults.rate = number(flag, value()); break;
      case "--fault-kinds": faults.kinds = value().split(",").map((k) => k.trim()).filter(Boolean); break;
      case "--fault-seed": faults.seed = number(flag, value()); break;
      case "--slow-ms": faults.slowMs = number(flag, value()); break;
      case "--fault-paths": faults.paths = new RegExp(value()); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (Object.keys(faults).length > 0) opts.faults = { rate: 0, ...faults };
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (opts === null) {
  console.log(USAGE);
  process.exit(0);
}

let sim;
try {
  sim = await startLocalFacilitator(opts);
} catch (err) {
  console.error(`cannot start the simulator: ${err.message}`);
  process.exit(1);
}
console.log(sim.url);
console.error(`facilitator simulator listening on ${sim.url} (stats: ${sim.url}__sim__/stats; Ctrl-C to stop)`);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
