// Deno and Bun: import the package by name from the project's node_modules (their resolvers
// pick the `deno` / `bun` or `node` export), run the check, print one JSON line.
import * as sdk from "compute-horde-sdk";
import { check } from "./check.mjs";

const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`;
const simUrl = globalThis.Deno ? Deno.env.get("CH_SIMULATOR_URL") : process.env.CH_SIMULATOR_URL;
console.log(JSON.stringify({ runtime, ...(await check(sdk, simUrl, runtime.split(" ")[0])) }));
