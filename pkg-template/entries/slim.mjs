// `compute-horde-sdk/slim`: no wasm inside and nothing loaded at import; call `init()` first with
// the .wasm's URL, a Response, a WebAssembly.Module or its bytes (streaming compilation, off the
// main thread where the browser can), or `initSync()` with a Module or bytes. The .wasm is the
// package's `compute-horde-sdk/compute_horde_sdk_bg.wasm` export.
import { loadAsync, loadSync } from "../src/load.js";

export default function init(input) {
  return loadAsync(input);
}
export function initSync(module) {
  loadSync(module);
}

export * from "../src/index.js";
