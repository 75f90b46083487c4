// `edge-light` (Vercel Edge Functions, Next.js edge routes and middleware): the `.wasm?module`
// import those runtimes document, compiled at build time (they refuse
// `new WebAssembly.Module(bytes)` at run time).
import module from "./compute_horde_sdk_bg.wasm?module";
import { loadSync } from "../src/load.js";

loadSync(module);

export * from "../src/index.js";
