// The package's client tests in Node, against local facilitator simulators.
import { after, before, test } from "node:test";
import * as sdk from "../../pkg/index.mjs";
import { cases } from "./client.cases.mjs";
import { startSimulators, vector } from "./harness.mjs";

let sims;
before(async () => { sims = await startSimulators(); });
after(() => sims.close());

for (const [name, run] of cases) {
  test(`node: ${name}`, { timeout: 120_000 }, () => run({ sdk, sims: sims.urls, vector }));
}
