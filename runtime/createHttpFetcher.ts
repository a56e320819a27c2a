import http from 'node:http';
import https from 'node:https';

type Init = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
};

/**
 * The HTTP client between our processes (the gateway to subgraphs, a subgraph back to the gateway):
 * plain node:http over keep-alive agents with a bounded number of sockets per host, answering a
 * standard Response. It replaces @apollo/gateway's default (make-fetch-happen with unlimited sockets),
 * whose per-request overhead showed in the benchmark's CPU profile and whose unbounded sockets let a
 * burst open one connection per fetch; and fetch (undici), which refuses ports it deems unsafe (6000).
 */
export function createHttpFetcher(
  options: {
    maxSockets?: number;
    /** For mutual TLS: the router's client certificate and key, and the CA subgraph certificates are checked against. */
    tls?: { cert?: Buffer; key?: Buffer; ca?: Buffer };
  } = {},
) {
  // Idle sockets are dropped after 4 s, before the subgraph's own 5 s keep-alive timeout closes them:
  // a request sent on a socket the server is closing fails, and a mutation is never retried.
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    scheduling: 'lifo' as const,
    timeout: 4000,
  };
  const agents = {
    'http:': new http.Agent(agentOptions),
    'https:': new https.Agent({ ...agentOptions, ...options.tls }),
  };
  return (url: string, init: Init = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const agent = agents[target.protocol as keyof typeof agents];
      if (!agent) return reject(new Error(`unsupported protocol ${target.protocol}`));
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        { method: init.method ?? 'POST', headers: init.headers, agent, signal: init.signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [key, value] of Object.entries(response.headers))
              if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
            const body = chunks.length ? Buffer.concat(chunks) : null;
            resolve(new Response(body, { status: response.statusCode ?? 502, headers }));
          });
        },
      );
      request.on('error', reject);
      // As a Buffer: with a string body Node writes the headers in the same UTF-8 chunk, and a
      // Vietnamese X-Purpose (bytes given as Latin-1) would reach the subgraph changed, unsigned.
      request.end(init.body === undefined ? undefined : Buffer.from(init.body));
    });
}
