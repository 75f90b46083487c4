// `browser` and the default (any bundler, esbuild included, plain pages, unknown runtimes): the
// wasm inlined, deflated (raw DEFLATE by zopfli) and base64-encoded, inflated with fflate at
// import. Zero-config everywhere, and the download is about the gzip of the .wasm itself.
import { inflateSync } from "fflate";
import { wasmDeflatedBase64 } from "../../build/wasm/inline.js";
import { loadSync } from "../src/load.js";

function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

loadSync(inflateSync(decodeBase64(wasmDeflatedBase64)));

export * from "../src/index.js";
