// The shared client cases inside a module Web Worker (no window, no document).
import { runCases } from "/tests/browser/run-cases.mjs";

self.onmessage = async (event) => {
  const { sims, only } = event.data;
  self.postMessage(await runCases(sims, only));
};
