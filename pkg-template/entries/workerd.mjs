// `workerd` (Cloudflare Workers; wrangler resolves this condition first): the .wasm imported as
// a module, so the runtime compiles it at deploy time and no wasm is compiled from bytes at
// request time — which workerd forbids, so a lazy `await import()` inside `fetch` works too.
import module from "./compute_horde_sdk_bg.wasm";
import { loadSync } from "../src/load.js";

loadSync(module);

export * from "../src/index.js";
