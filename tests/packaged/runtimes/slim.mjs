// compute-horde-sdk/slim in a page (no bundler): the package's .wasm export fetched by URL and
// compiled while streaming; before init() the page cannot have used the API.
import init, * as sdk from "../node_modules/compute-horde-sdk/slim.mjs";
import { check } from "./check.mjs";

const out = document.getElementById("slim");
(async () => {
  const first = init(new URL("../node_modules/compute-horde-sdk/compute_horde_sdk_bg.wasm", import.meta.url));
  const again = init(new URL("../node_modules/compute-horde-sdk/compute_horde_sdk_bg.wasm", import.meta.url));
  await first;
  const result = await check(sdk, new URLSearchParams(location.search).get("sim"), "slim");
  result.initIdempotent = first === again;
  return result;
})().then(
  (result) => { out.textContent = JSON.stringify(result); },
  (error) => { out.textContent = JSON.stringify({ error: `${error.name}: ${error.message}` }); },
).finally(() => { out.dataset.done = "true"; });
