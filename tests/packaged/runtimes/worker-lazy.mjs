// A Cloudflare Worker that loads the package only inside a request, with `await import()`: the
// wasm must then be instantiated during the request, where workerd forbids compiling wasm.
import { check } from "./check.mjs";

export default {
  async fetch(request, env) {
    const sdk = await import("compute-horde-sdk");
    return Response.json(await check(sdk, env.SIM_URL, "workerd-lazy"));
  },
};
