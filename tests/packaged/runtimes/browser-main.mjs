// A browser app for bundlers (Vite, webpack): imports the package by name, runs the check with
// the simulator named in ?sim=, writes the result into #out.
import * as sdk from "compute-horde-sdk";
import { check } from "./check.mjs";

const out = document.getElementById("out");
const label = document.body.dataset.label;
check(sdk, new URLSearchParams(location.search).get("sim"), label).then(
  (result) => { out.textContent = JSON.stringify(result); },
  (error) => { out.textContent = JSON.stringify({ error: `${error.name}: ${error.message}` }); },
).finally(() => { out.dataset.done = "true"; });
