// The one place where the wasm instance is set up: each entry (pkg-template/entries/) gets the
// module its own way and hands it here. The error classes are registered right after
// instantiation, so every error the wasm throws is already a ComputeHordeError.
import init, { initSync, __registerErrorClasses } from "../../build/wasm/compute_horde_sdk.js";
import { ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError } from "./errors.js";

const registerErrorClasses = () =>
  __registerErrorClasses({ ComputeHordeError, ComputeHordeNotFoundError, ComputeHordeJobTimeoutError });

/**
 * A WebAssembly.Module compiled in another realm of the same isolate (Next.js's and
 * edge-runtime's sandboxes compile `.wasm?module` imports outside the VM context they run the
 * code in) fails the glue's `instanceof WebAssembly.Module` and would be taken for bytes, which
 * those sandboxes refuse to compile. It instantiates fine in this realm: give it this realm's
 * prototype.
 */
function ownRealm(module) {
  if (!(module instanceof WebAssembly.Module) && Object.prototype.toString.call(module) === "[object WebAssembly.Module]") {
    Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  }
  return module;
}

/** Instantiates `module` (a WebAssembly.Module, or the module's bytes) synchronously. */
export function loadSync(module) {
  initSync({ module: ownRealm(module) });
  registerErrorClasses();
}

let loading;
/**
 * Instantiates the module from a URL (string or URL), a Response (or a promise of one),
 * a WebAssembly.Module or bytes; streaming compilation where the input allows it. Idempotent:
 * later calls return the first call's promise.
 */
export function loadAsync(input) {
  if (input === undefined || input === null) {
    return Promise.reject(new TypeError("init: pass the .wasm's URL, a Response, a WebAssembly.Module or its bytes"));
  }
  loading ??= init({ module_or_path: ownRealm(input) }).then(registerErrorClasses, (error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
