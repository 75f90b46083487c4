// A module Web Worker (no bundler): imports the installed package's file, checks, posts back.
import * as sdk from "../node_modules/compute-horde-sdk/index.mjs";
import { check } from "./check.mjs";

self.onmessage = async ({ data }) => {
  try {
    self.postMessage(await check(sdk, data.sim, "module-worker"));
  } catch (error) {
    self.postMessage({ error: `${error.name}: ${error.message}` });
  }
};
