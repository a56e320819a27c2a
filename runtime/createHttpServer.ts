import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { context as otelContext, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface HttpServerOptions<C extends BaseContext> {
  /** The process part it serves (gateway, population, ...): names its trace spans. */
  name: string;
  apollo: ApolloServer<C>;
  /** Paths that answer GraphQL (GET and POST). */
  graphqlPaths: string[];
  context: (req: http.IncomingMessage) => Promise<C>;
  /** Other routes by exact path: /metrics, /health, ... */
  routes?: Record<string, RouteHandler>;
  bodyLimitBytes?: number;
  logger: Logger;
  /** Which browser origins may call (CORS); none when omitted. */
  allowOrigin?: (origin: string) => boolean;
  /** What /ready checks: each dependency's name and whether it answered. */
  readiness?: () => Promise<Record<string, boolean>>;
  /** What /ready warns of without failing (the working calendar running out). */
  warnings?: () => string[];
  /**
   * Checked for every GraphQL request once its body is read, before anything else: null admits it,
   * a reason refuses it with 401 UNAUTHENTICATED (a subgraph's check that a router sent it).
   */
  admit?: (req: http.IncomingMessage, body: Buffer) => Promise<string | null>;
  /**
   * Checked for the operation text (a POST body's `query`, a GET's `query` parameter) before Apollo
   * parses or caches it: a reason refuses it with 400 LIMIT_EXCEEDED.
   */
  refuseQuery?: (query: string) => string | null;
  /** Serve HTTPS; with `ca` and `requestCert`, ask clients for a certificate (mutual TLS). */
  tls?: https.ServerOptions;
  /**
   * While draining, a request this admits is still served (the gateway: a registry read that belongs
   * to a submission it is serving, which would otherwise fail half done).
   */
  admitWhileDraining?: (req: http.IncomingMessage) => boolean;
  /**
   * Connections one peer address may hold open at once (the gateway, when no proxy is in front: a
   * proxy's address is every client's). Past it a new connection is closed at once.
   */
  connectionsPerAddress?: number;
}

/** How long a request may take to arrive, headers and body (Node's default is 300 s). */
export const requestArrivalLimits = { headersMs: 10_000, requestMs: 20_000 };

/** Servers that have begun draining: /ready answers 503 from then on. */
const draining = new WeakSet<http.Server>();
/** Draining servers past their delay: they take no new request, answering it 503 SHUTTING_DOWN. */
const refusing = new WeakSet<http.Server>();
/** When each server last accepted a connection (the drain closes the listener once that is quiet). */
const lastConnection = new WeakMap<http.Server, number>();

/** Each open connection of a server: requests in flight on it, requests it served, and since when it is idle. */
type ConnectionState = { busy: number; served: number; since: number };
const connections = new WeakMap<http.Server, Map<import('node:net').Socket, ConnectionState>>();

function trackConnections(server: http.Server): void {
  const open = new Map<import('node:net').Socket, ConnectionState>();
  connections.set(server, open);
  server.on(
    server instanceof https.Server ? 'secureConnection' : 'connection',
    (socket: import('node:net').Socket) => {
      open.set(socket, { busy: 0, served: 0, since: Date.now() });
      lastConnection.set(server, Date.now());
      socket.once('close', () => open.delete(socket));
    },
  );
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const state = open.get(req.socket);
    if (!state) return;
    state.busy += 1;
    res.once('close', () => {
      state.busy -= 1;
      state.served += 1;
      state.since = Date.now();
    });
  });
}

/** Request headers a browser client may send. */
const corsHeaders =
  'content-type, authorization, x-purpose, x-dossier-code, x-legal-basis, x-request-id, apollo-require-preflight';

/** Writes a GraphQL-shaped error body, for failures before GraphQL execution starts. */
export function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** A request body over its limit (413). */
export class BodyTooLarge extends Error {}

/** A request's body, whole; BodyTooLarge past `limit` bytes (declared or sent). */
export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A plain node:http server around an Apollo Server (the one HTTP bootstrap of the gateway and every
 * subgraph): GraphQL on the given paths with a body limit, and a few plain routes beside it.
 */
export function createHttpServer<C extends BaseContext>(options: HttpServerOptions<C>): http.Server {
  const limit = options.bodyLimitBytes ?? 256 * 1024;
  const tracer = trace.getTracer(options.name);
  const listener: http.RequestListener = (req, res) => {
    if (refusing.has(server) && !options.admitWhileDraining?.(req)) {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '1');
      return sendError(
        res,
        503,
        'SHUTTING_DOWN',
        `The ${options.name} service is shutting down; send this again`,
      );
    }
    // A server span per request, child of the caller's span when a traceparent header came with it
    // (no-op unless tracing is on).
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${options.name} ${req.method} ${(req.url ?? '/').split('?')[0]}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.url } },
      parent,
    );
    res.on('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    });
    otelContext.with(trace.setSpan(parent, span), () =>
      handle(req, res).catch((error: unknown) => {
        options.logger.error({ err: error, url: req.url }, 'request failed');
        if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else res.end();
      }),
    );
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  trackConnections(server);
  // A body trickled a byte at a time held a connection for minutes (#26): a request has this long to
  // arrive whole, then it is answered 408 and the connection closed.
  server.headersTimeout = requestArrivalLimits.headersMs;
  server.requestTimeout = requestArrivalLimits.requestMs;
  if (options.connectionsPerAddress) limitConnectionsPerAddress(server, options.connectionsPerAddress);
  return server;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('vary', 'Origin');
      const allowed = options.allowOrigin?.(origin) ?? false;
      if (allowed) res.setHeader('access-control-allow-origin', origin);
      if (req.method === 'OPTIONS') {
        if (!allowed) return void res.writeHead(403).end();
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, PUT',
          'access-control-allow-headers': corsHeaders,
          'access-control-max-age': '600',
        });
        return void res.end();
      }
    }
    if (url.pathname === '/ready') return answerReady(server, options.readiness, res, options.warnings);
    const route = options.routes?.[url.pathname];
    if (route) return route(req, res);
    if (!options.graphqlPaths.includes(url.pathname)) return sendError(res, 404, 'NOT_FOUND', 'No such path');

    let bytes: Buffer;
    try {
      bytes = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendError(res, 413, 'LIMIT_EXCEEDED', `Request body is larger than ${limit} bytes`);
      throw error;
    }
    const refusal = options.admit ? await options.admit(req, bytes) : null;
    if (refusal) return sendError(res, 401, 'UNAUTHENTICATED', refusal);
    const text = bytes.toString('utf8');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = text;
    if (text && (headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        return sendError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
      // One operation per request: a batch would multiply every other limit.
      if (Array.isArray(body))
        return sendError(
          res,
          400,
          'LIMIT_EXCEEDED',
          'Batched operations are not accepted: send one operation per request',
        );
    }
    const query =
      body && typeof body === 'object' && 'query' in body
        ? (body as { query: unknown }).query
        : url.searchParams.get('query');
    const tooMuch = typeof query === 'string' ? options.refuseQuery?.(query) : null;
    if (tooMuch) return sendError(res, 400, 'LIMIT_EXCEEDED', tooMuch);
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/**
 * /ready: 200 when every dependency answers within two seconds; 503 while `server` drains or when one
 * does not. Served on the server itself and, for the gateway, on its operator port too.
 */
export async function answerReady(
  server: http.Server,
  readiness: (() => Promise<Record<string, boolean>>) | undefined,
  res: http.ServerResponse,
  warnings?: () => string[],
): Promise<void> {
  const send = (status: number, body: unknown) =>
    void res
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  if (draining.has(server)) return send(503, { status: 'draining' });
  const checks = await Promise.race([
    readiness?.() ?? Promise.resolve({}),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref()),
  ]).catch(() => null);
  const ok = checks !== null && Object.values(checks).every(Boolean);
  const warned = warnings?.() ?? [];
  return send(ok ? 200 : 503, {
    status: ok ? 'ready' : 'not ready',
    checks: checks ?? 'timed out',
    ...(warned.length > 0 ? { warnings: warned } : {}),
  });
}

/**
 * A plain server of a few routes and nothing else (the gateway's operator port: /metrics, /health,
 * /ready), kept off the port clients reach.
 */
export function createRouteServer(routes: Record<string, RouteHandler>, logger: Logger): http.Server {
  return http.createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route) return sendError(res, 404, 'NOT_FOUND', 'No such path');
    Promise.resolve(route(req, res)).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
}

/** Starts listening and answers the base URL (port 0 picks a free port). */
export function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const scheme = server instanceof https.Server ? 'https' : 'http';
      resolve(`${scheme}://${shownHost}:${address.port}`);
    });
  });
}

/**
 * Drains a server: /ready answers 503 at once (so a load balancer stops sending), requests are still
 * served for `delayMs`; then new requests are answered 503 SHUTTING_DOWN (connection: close) while those
 * in flight finish, idle keep-alive connections are dropped, and once nothing is in flight and no
 * connection has arrived for 200 ms (at most 5 s more) the listener closes and this resolves.
 * Closing the listener while connections still arrive would reset the ones in its accept queue: a
 * request lost, where a 503 is an answer.
 */
export async function closeServer(server: http.Server, delayMs = 0): Promise<void> {
  draining.add(server);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  refusing.add(server);
  // Connections busy now are closed as soon as their response is sent, not kept alive for reuse.
  server.on('request', (_req, res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  const open = connections.get(server) ?? new Map();
  const refusedSince = Date.now();
  await new Promise<void>((resolve) => {
    let closing = false;
    const sweep = setInterval(() => {
      const now = Date.now();
      // Keep-alive connections are dropped once idle after a response. One that has not yet carried a
      // request is left alone for 10 s: its request may be in the socket buffer, unread by a busy
      // process, and dropping it would lose a request sent before the listener closed (the headers
      // timeout still ends a connection that never sends one).
      for (const [socket, state] of open)
        if (state.busy === 0 && now - state.since > (state.served > 0 ? 250 : 10_000)) socket.destroy();
      if (closing) return;
      const busy = [...open.values()].some((state) => state.busy > 0);
      const quiet = now - (lastConnection.get(server) ?? 0) > 200 || now - refusedSince > 5000;
      if (busy || !quiet) return;
      closing = true;
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
    }, 50);
  });
}

/** Closes a new connection from an address that already holds `max` open ones. */
function limitConnectionsPerAddress(server: http.Server, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
