// Type-checked by tests/js/packaged.test.mjs without @types/node (lib es2022 + webworker, as in
// an edge-worker project): the relay's declarations need nothing from Node.
import { createRelay, type Relay } from "compute-horde-sdk/relay";

const relay: Relay = createRelay({ allowedOrigins: ["https://app.example.com"], facilitatorUrl: "https://facilitator.computehorde.io/" });
export default { fetch: (request: Request): Promise<Response> => relay(request) };
