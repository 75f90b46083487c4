/**
 * `compute-horde-sdk/slim`: the whole API of `compute-horde-sdk`, with no wasm inside and
 * nothing loaded at import. Call {@link init} (or {@link initSync}) once before using it; the
 * module is the package's `compute-horde-sdk/compute_horde_sdk_bg.wasm` export.
 *
 * @example
 * ```ts
 * import init, { Keypair } from "compute-horde-sdk/slim";
 * import wasmUrl from "compute-horde-sdk/compute_horde_sdk_bg.wasm?url"; // Vite
 * await init(wasmUrl);
 * Keypair.fromUri("//Alice").ss58Address;
 * ```
 * @packageDocumentation
 */
export * from "./index.js";

/** What {@link init} instantiates the module from. */
export type InitInput = string | URL | Response | PromiseLike<Response> | WebAssembly.Module | BufferSource;

/**
 * Fetches (for a URL), compiles (streaming where the input allows it) and instantiates the
 * module. Call it once; later calls return the first call's promise.
 */
export default function init(input: InitInput): Promise<void>;

/** Instantiates the module synchronously from a compiled module or its bytes. */
export declare function initSync(module: WebAssembly.Module | BufferSource): void;
