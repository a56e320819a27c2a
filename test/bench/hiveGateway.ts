import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createTokenVerifier } from '../../runtime/authenticate.ts';
import { gatewayContext } from '../../gateway/gatewayContext.ts';
import { type GatewayContext } from '../../gateway/gatewayContext.ts';
import { readSupergraph } from '../../gateway/readSupergraph.ts';
import { loadEnv } from '../../runtime/env.ts';
import { loadRouterSigningKey } from '../../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../../runtime/signRouterRequest.ts';

// Hive Gateway over the same supergraph file and the same subgraphs, for `npm run bench`. It does the
// same per-request work our gateway must do for the subgraphs to answer: verify the bearer token at the
// edge, forward the client's caller headers, and sign each fetch (RFC 9421) as every subgraph requires. It listens on the port given as its argument, with /health.
//
// Hive's in-flight deduplication is switched off unless `--deduplicate` follows the port: it keys a subgraph
// fetch on URL and body, not on the caller headers this plugin adds, so it sends one population fetch
// for several client requests, whose reads then leave one access record between them (and, with
// different clients, would hand one client's answer to another). Our gateway may not do that, so the
// comparison holds both gateways to the same obligations.
//
// With `--router-runtime` the gateway plans and executes with the Hive Router's Rust query planner
// (@graphql-hive/router-runtime, what `HIVE_ROUTER_RUNTIME=true` loads in the CLI); its subgraph fetches
// go through the same transport, so the same plugin signs them and the same switch de-duplicates.
const deduplicate = process.argv.includes('--deduplicate');
const routerRuntime = process.argv.includes('--router-runtime');
const env = loadEnv();
const verifyToken = await createTokenVerifier(env);
const sign = createRouterRequestSigner(await loadRouterSigningKey(env));
const callers = new WeakMap<object, Promise<GatewayContext>>();

const callerContext: GatewayPlugin = {
  onFetch({ context, url, options, setOptions }) {
    const request = (context as { request?: Request }).request;
    if (!request) return;
    let caller = callers.get(request);
    if (!caller) {
      const headers: IncomingHttpHeaders = Object.fromEntries(request.headers.entries());
      caller = gatewayContext(headers, verifyToken);
      callers.set(request, caller);
    }
    return caller.then(async (gc) => {
      const headers = await sign({
        method: options.method ?? 'POST',
        url,
        headers: { ...(options.headers as Record<string, string>), ...gc.forward },
        body: String(options.body ?? ''),
      });
      setOptions({ ...options, headers });
    });
  },
};

const gateway = createGatewayRuntime({
  // The subgraphs where the benchmark started them (<NAME>_URL), as our gateway is told.
  supergraph: readSupergraph(env.supergraphPath).replace(
    /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
    (whole, name: keyof typeof env.subgraphUrls) =>
      env.subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${env.subgraphUrls[name]}")` : whole,
  ),
  logging: 'error',
  graphqlEndpoint: '/',
  landingPage: false,
  plugins: () => [callerContext],
  ...(routerRuntime ? { unifiedGraphHandler } : {}),
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: deduplicate } as never } },
});
const server = http.createServer((req, res) => {
  if (req.url === '/health') return void res.writeHead(200).end('ok');
  return gateway(req, res);
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ msg: 'gateway listening', url: `http://127.0.0.1:${address.port}/` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
