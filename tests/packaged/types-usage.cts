// Type-checked by tests/js/packaged.test.mjs like types-usage.mts, as a CommonJS module: the
// `require` conditions of the exports map lead to declarations a CommonJS file may import.
import { Keypair } from "compute-horde-sdk";
import { createRelay, toNodeHandler } from "compute-horde-sdk/relay";

const handler: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void =
  toNodeHandler(createRelay({ allowedOrigins: [] }));
const address: string = Keypair.fromUri("//Alice").ss58Address;
export { handler, address };
