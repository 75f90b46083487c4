// `node` (CommonJS, bundled to node.cjs): the .wasm shipped next to this file, read synchronously.
import { join } from "node:path";
import { loadSync } from "../src/load.js";
import { readWasm } from "../src/node-wasm.js";

// CommonJS output: __dirname is the package directory.
loadSync(readWasm(join(__dirname, "compute_horde_sdk_bg.wasm")));

export * from "../src/index.js";
export { loadBittensorHotkey } from "../src/node-hotkey.js";
