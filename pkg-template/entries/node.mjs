// `node` (ESM): the .wasm shipped next to this file, read synchronously — no base64, no
// decompression, no init call. Also picked by Deno and Bun, which read npm packages' files.
import { fileURLToPath } from "node:url";
import { loadSync } from "../src/load.js";
import { readWasm } from "../src/node-wasm.js";

loadSync(readWasm(fileURLToPath(new URL("./compute_horde_sdk_bg.wasm", import.meta.url))));

export * from "../src/index.js";
export { loadBittensorHotkey } from "../src/node-hotkey.js";
