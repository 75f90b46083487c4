// Vercel Edge code (bundled with the `edge-light` condition, run in edge-runtime).
import * as sdk from "compute-horde-sdk";
import { check } from "./check.mjs";

globalThis.runCheck = (simUrl) => check(sdk, simUrl, "edge-runtime");
