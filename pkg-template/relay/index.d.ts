/**
 * `compute-horde-sdk/relay`: a CORS relay that lets web pages use the ComputeHorde facilitator.
 *
 * The facilitator answers CORS with django-cors-headers, whose defaults allow no origin and
 * not the headers the SDK sends (`Realm`, `SubnetID`, `X-CH-*`). A page on another origin then
 * gets only `TypeError: Failed to fetch` (the SDK turns it into a `ComputeHordeError` that
 * names the page's origin and this relay). The relay runs on an origin you control, answers
 * the browser's CORS preflights itself and forwards the facilitator calls server-side, where
 * CORS does not apply. It holds no key and cannot sign: the page (or its wallet extension)
 * still signs the login nonce and every job, so the relay can neither impersonate a user nor
 * alter a signed job.
 *
 * What it does, request by request:
 * - An `Origin` that is neither in `allowedOrigins` nor the relay's own origin gets 403 with
 *   no CORS headers (the browser then refuses the response). Requests without `Origin` (a
 *   same-origin `GET`, a server) are served: CORS binds browsers only.
 * - Paths other than `auth/nonce`, `auth/login` and `api/v1/...` under `pathPrefix` get 404.
 * - Preflights (`OPTIONS` with `Access-Control-Request-Method`) get 204 with
 *   `Access-Control-Allow-Origin` (the request's origin), `-Allow-Methods` (`GET, HEAD, POST,
 *   PUT`), `-Allow-Headers` (`Authorization, Content-Type, Realm, SubnetID, Hotkey, Nonce,
 *   Signature, X-CH-Signature-Type, X-CH-Signatory, X-CH-Timestamp-NS, X-CH-Signature,
 *   X-CH-Signature-Scope`), `-Max-Age` (7200) and `Vary: Origin`. No
 *   `Access-Control-Allow-Credentials`: the SDK sends no cookies.
 * - Other calls are forwarded to `facilitatorUrl` with their method, query, body (at most
 *   32 MiB, else 413) and only these headers: `Authorization`, `Content-Type`, `Realm`,
 *   `SubnetID` and the five `X-CH-Signature*` / `X-CH-Signatory` / `X-CH-Timestamp-NS`
 *   headers of signed jobs. Never `Cookie`, `Host`, `Origin`, `Referer`, `X-Forwarded-*` or
 *   anything else. Redirects are not followed: they reach the page, with a `Location` inside
 *   the facilitator rewritten to the relay (and any other `Location` removed).
 * - The answer keeps the facilitator's status, body and `Content-Type`, `Retry-After`,
 *   `Allow`, `WWW-Authenticate` (never `Set-Cookie` nor the facilitator's own CORS headers),
 *   plus `Cache-Control: no-store` (answers are per user and nonces single-use: no shared cache
 *   may keep them), `Vary: Origin` and, for an allowed cross-origin page,
 *   `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers: Retry-After` (so that the
 *   SDK sees the facilitator's back-off hints). A facilitator that cannot be reached gives 502.
 *
 * **Authentication through a relay: use token auth (the default).** Whatever goes through a
 * relay must not have signed the URL, because the page requests the relay's URL
 * (`https://app.example.com/api/ch/api/v1/jobs/`) and the facilitator sees its own
 * (`https://facilitator.computehorde.io/api/v1/jobs/`).
 * - Token auth (`auth: "token"`, the default): the login signs only the nonce, the bearer token
 *   is not bound to a host, and job signatures (`X-CH-*`) cover the timestamp and the body's
 *   fields. None of them depends on the URL, so any mount point works.
 * - Hotkey-header auth (`auth: "hotkey"`, the early-2025 facilitator and the community
 *   edition) signs METHOD + absolute URL + headers on every call, and the facilitator checks it
 *   against the URL it rebuilds from its own request (Django's `build_absolute_uri`: its
 *   scheme, its `Host`, its path). Those two URLs are equal only when the relay *is* the
 *   facilitator's origin and path, i.e. when there is no relay. So the relay refuses requests
 *   carrying `Hotkey`, `Nonce` or `Signature` with 400 and a message that says to use token
 *   auth, instead of forwarding them to a certain `401 Invalid signature.`. A facilitator that
 *   only speaks hotkey-header auth must have its own CORS widened (`CORS_ALLOWED_ORIGINS` and
 *   `CORS_ALLOW_HEADERS`), or be served behind a reverse proxy on the page's origin at the same
 *   path that passes the public `Host` through.
 *
 * Other things to know: the facilitator sees every user's calls coming from the relay's IP
 * address (mind its rate limits); pagination `next` / `previous` links in list answers still
 * name the facilitator (the SDK pages by number and never follows them).
 *
 * Deployment. The page's client points at the relay, with the prefix it is mounted under:
 * `new ComputeHordeClient({ hotkey, computeHordeValidatorHotkey, facilitatorUrl: "https://relay.example.com/" })`,
 * or, for a relay under `/api/ch/` on the page's own origin,
 * `facilitatorUrl: new URL("/api/ch/", location.href).href` (the client wants an absolute URL).
 *
 * Node `http`:
 * ```ts
 * import { createServer } from "node:http";
 * import { createRelay, toNodeHandler } from "compute-horde-sdk/relay";
 *
 * const relay = createRelay({ allowedOrigins: ["https://app.example.com"] });
 * createServer(toNodeHandler(relay)).listen(8080);
 * ```
 *
 * Express (mount the relay before any body parser; Express's mount path is the `pathPrefix`):
 * ```ts
 * import express from "express";
 * import { createRelay, toNodeHandler } from "compute-horde-sdk/relay";
 *
 * const app = express();
 * app.use("/api/ch", toNodeHandler(createRelay({ allowedOrigins: ["https://app.example.com"], pathPrefix: "/api/ch/" })));
 * app.use(express.json());
 * app.listen(3000);
 * ```
 *
 * Next.js App Router, `app/api/ch/[...path]/route.ts` (same origin as the pages, so
 * `allowedOrigins` may stay empty):
 * ```ts
 * import { createRelay } from "compute-horde-sdk/relay";
 *
 * const relay = createRelay({ allowedOrigins: [], pathPrefix: "/api/ch/" });
 * export const dynamic = "force-dynamic";
 * export { relay as GET, relay as HEAD, relay as POST, relay as PUT, relay as OPTIONS };
 * ```
 *
 * Cloudflare Worker (also Deno: `Deno.serve(relay)`; Bun: `Bun.serve({ fetch: relay })`):
 * ```ts
 * import { createRelay } from "compute-horde-sdk/relay";
 *
 * const relay = createRelay({ allowedOrigins: ["https://app.example.com"] });
 * export default { fetch: (request: Request) => relay(request) };
 * ```
 *
 * @packageDocumentation
 */

/** Options of {@link createRelay}. All are checked when the relay is created. */
export interface RelayOptions {
  /**
   * The facilitator to forward to (a trailing `api/v1/` is accepted and removed, as by the
   * client).
   * @defaultValue `"https://facilitator.computehorde.io/"`
   */
  facilitatorUrl?: string | undefined;
  /**
   * Origins of the pages that may use the relay from another origin, written exactly as
   * browsers send them: scheme, host and port if not the default (`"https://app.example.com"`,
   * `"http://localhost:5173"`; a trailing `/` is tolerated; paths, `"null"` and patterns are
   * refused). `"*"` allows every origin and must be given explicitly. The relay's own origin
   * is always allowed (by its URL, or by the browser's `Sec-Fetch-Site: same-origin`), so a
   * relay that serves only same-origin pages can take `[]`.
   */
  allowedOrigins: readonly string[];
  /**
   * The URL path under which the relay is mounted, as the browser sees it: a request for
   * `<pathPrefix>api/v1/jobs/` goes to `<facilitatorUrl>api/v1/jobs/`; requests outside it get
   * 404. A missing trailing `/` is added.
   * @defaultValue `"/"`
   */
  pathPrefix?: string | undefined;
  /**
   * The function that sends the forwarded request (a proxy-aware fetch, a mock in tests...).
   * It is called with one `Request` and must resolve to a `Response`.
   * @defaultValue the global `fetch`
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/**
 * A relay: a fetch-style handler (Request in, Response out), as used by edge workers, Deno,
 * Bun and framework route handlers. Refusals and failures are answers, not rejections: 403
 * (origin), 404 (path), 405 (method), 400 (hotkey-header auth, unreadable body), 413 (body
 * over 32 MiB), 502 (facilitator unreachable).
 */
export type Relay = (request: Request) => Promise<Response>;

/**
 * Creates a relay (see the module documentation for what it forwards and refuses).
 * @throws {TypeError} when an option is invalid; the message starts with the option's name
 *   (`"allowedOrigins[0]: must be an origin ..."`).
 */
export declare function createRelay(options: RelayOptions): Relay;

/**
 * The parts of Node's `http.IncomingMessage` (or Express's request) that
 * {@link toNodeHandler} uses. Declared here so that this module's types need no `@types/node`.
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Express's original URL, before a mount path was removed from `url`. */
  readonly originalUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** True when something (a body parser) has already consumed the body. */
  readonly readableEnded: boolean;
}

/** The parts of Node's `http.ServerResponse` that {@link toNodeHandler} uses. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): boolean;
  end(chunk?: string): unknown;
  destroy(): unknown;
  once(event: "close" | "drain", listener: () => void): unknown;
}

/**
 * Adapts a relay to Node's `http` server (and Express or Connect middleware): the request URL
 * is rebuilt from `Host` and the request path (Express's `originalUrl` when present), the
 * body is read (at most 32 MiB, else 413) and the answer streamed back. When the browser goes
 * away, the forwarded request is aborted. A body already consumed by a body parser gives 500
 * with an explanation.
 * @throws {TypeError} when `relay` is not a function.
 */
export declare function toNodeHandler(relay: Relay): (req: NodeRequestLike, res: NodeResponseLike) => void;
