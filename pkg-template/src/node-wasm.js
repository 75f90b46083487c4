// The node entries' module bytes: the .wasm shipped beside the entry file. A bundle for Node
// (esbuild --platform=node, ncc, a Lambda zip) moves the entry but not the .wasm: say so.
import { readFileSync } from "node:fs";

export function readWasm(path) {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new Error(
      `compute-horde-sdk: cannot read its wasm module at ${path} (${cause.code ?? cause.message}). ` +
      "When bundling for Node, copy node_modules/compute-horde-sdk/compute_horde_sdk_bg.wasm next to the bundle, " +
      "or keep compute-horde-sdk external.", { cause });
  }
}
