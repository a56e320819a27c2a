import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxy {
  url: string;
  /** Requests received since the last reset (GraphQL POSTs only). */
  posts: number;
  /** Delay every answer by this many milliseconds (0: none). */
  delayMs: number;
  /** Drop the connection of the next N GraphQL POSTs without answering (as a crashed peer would). */
  resetNext: number;
  /** Answer the next N GraphQL POSTs 503 SHUTTING_DOWN without forwarding them (as a draining subgraph does). */
  shutdownNext: number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of one subgraph, for fault tests: it forwards everything to the
 * subgraph, and can be told to answer late or to drop connections. The subgraph and the gateway are
 * the real processes; only the wire between them is made bad.
 */
export async function startFaultProxy(target: string | (() => string)): Promise<FaultProxy> {
  const state = { posts: 0, delayMs: 0, resetNext: 0, shutdownNext: 0 };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST') {
      state.posts += 1;
      if (state.resetNext > 0) {
        state.resetNext -= 1;
        req.socket.destroy();
        return;
      }
      if (state.shutdownNext > 0) {
        state.shutdownNext -= 1;
        res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
        res.end(
          JSON.stringify({ errors: [{ message: 'shutting down', extensions: { code: 'SHUTTING_DOWN' } }] }),
        );
        return;
      }
    }
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    try {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([key]) => !['host', 'connection', 'content-length'].includes(key),
        ),
      ) as Record<string, string>;
      const upstream = await fetch(new URL(req.url ?? '/', typeof target === 'string' ? target : target()), {
        method: req.method,
        headers,
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      req.socket.destroy(); // the subgraph is gone: so is the connection
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
