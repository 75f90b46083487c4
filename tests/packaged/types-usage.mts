// Type-checked by tests/js/packaged.test.mjs (tsc, strict, module nodenext) in the project where
// the tarball is installed, with Node's types: every entry point resolves by name to its
// declarations, and the relay plugs into node:http and fetch-style hosts without casts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { ComputeHordeClient, Keypair } from "compute-horde-sdk";
import { startLocalFacilitator } from "compute-horde-sdk/testing";
import { createRelay, toNodeHandler, type Relay, type RelayOptions } from "compute-horde-sdk/relay";

const sim = await startLocalFacilitator({ strictCors: true });
const client = new ComputeHordeClient({ hotkey: Keypair.fromUri("//Alice"), computeHordeValidatorHotkey: "5F", facilitatorUrl: sim.url });
void client;

const options: RelayOptions = { allowedOrigins: ["https://app.example.com"], pathPrefix: "/api/ch/" };
const relay: Relay = createRelay(options);
const server = createServer(toNodeHandler(relay));
server.close();

// Express-style middleware: (req, res, next) with originalUrl.
type ExpressLike = (req: IncomingMessage & { originalUrl: string }, res: ServerResponse, next: () => void) => void;
const middleware: ExpressLike = toNodeHandler(createRelay({ allowedOrigins: ["*"], facilitatorUrl: "http://127.0.0.1:9000/" }));
void middleware;

// Fetch-style hosts (Cloudflare Workers, Deno, Bun, Next.js route handlers).
const worker: { fetch(request: Request): Promise<Response> } = { fetch: relay };
const answer: Promise<Response> = worker.fetch(new Request("https://relay.example.com/api/ch/auth/nonce"));
void answer;

// @ts-expect-error allowedOrigins is required
createRelay({});
// @ts-expect-error origins are strings
createRelay({ allowedOrigins: [1] });
// @ts-expect-error a relay is not a Node handler by itself
createServer(relay);
