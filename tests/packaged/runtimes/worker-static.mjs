// A Cloudflare Worker that imports the package at the top (bundled with the `workerd` condition).
import * as sdk from "compute-horde-sdk";
import { check } from "./check.mjs";

export default {
  async fetch(request, env) {
    return Response.json(await check(sdk, env.SIM_URL, "workerd-static"));
  },
};
