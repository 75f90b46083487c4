// Child process of the benchmarks: runs the facilitator simulator (startLocalFacilitator) with
// the JSON options of argv[3], prints its URL on the first stdout line, stops on SIGTERM.
//   node bench/sim-server.mjs <path of the testing module> '<options JSON>'
import { pathToFileURL } from "node:url";

const [modPath, optsJson] = process.argv.slice(2);
const { startLocalFacilitator } = await import(pathToFileURL(modPath).href);
const sim = await startLocalFacilitator(JSON.parse(optsJson ?? "{}"));
process.stdout.write(`${sim.url}\n`);
const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent holds our stdin: when it exits (even killed), stdin ends and we stop too.
process.stdin.on("end", stop);
process.stdin.resume();
