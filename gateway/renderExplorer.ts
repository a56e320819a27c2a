import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type http from 'node:http';
import {
  css,
  editorWorkerService,
  favicon,
  graphqlWorker,
  js,
  jsonWorker,
} from '@graphql-yoga/render-graphiql/graphiql';
import type { RouteHandler } from '../runtime/createHttpServer.ts';

const defaultQuery = `# The offline explorer: GraphiQL served from the gateway itself, no internet needed.
# Headers (below) carry a development token and a purpose; edit them for your client.
query Worklist {
  dossiers(first: 5) {
    totalCount
    nodes {
      code
      status
      procedure { name }
      applicant { ... on Citizen { fullName } ... on Business { name } }
    }
  }
}
`;

/** Starts GraphiQL from the options in the page (a JSON element: data, not script) and the workers beside it. */
const boot = `(() => {
  const options = JSON.parse(document.getElementById('explorer-options').textContent);
  const base = document.currentScript.src.replace(/[^/]*$/, '');
  const workers = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => base + workers[label] };
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();`;

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Buffer;
  etag: string;
}

const asset = (type: string, content: string | Buffer): Asset => {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
};

/**
 * GraphiQL's scripts, styles and editor workers (@graphql-yoga/render-graphiql, 9 MB), served by the
 * gateway itself so the explorer works on a government network cut off from the internet: under a
 * path naming their version, so a browser keeps them (immutable, ETag, gzip) and each visit after the
 * first fetches only the small page.
 */
const assets = {
  'graphiql.js': asset('text/javascript; charset=utf-8', js),
  'graphiql.css': asset('text/css; charset=utf-8', css),
  'boot.js': asset('text/javascript; charset=utf-8', boot),
  'editor.worker.js': asset('text/javascript; charset=utf-8', editorWorkerService),
  'json.worker.js': asset('text/javascript; charset=utf-8', jsonWorker),
  'graphql.worker.js': asset('text/javascript; charset=utf-8', graphqlWorker),
  // The package gives its icon as a data: URL of 150 KB, too much to send with every page.
  'favicon.ico': asset(
    favicon.slice(5, favicon.indexOf(';')),
    Buffer.from(favicon.slice(favicon.indexOf(',') + 1), 'base64'),
  ),
};

const version = createHash('sha256')
  .update(
    Object.values(assets)
      .map((a) => a.etag)
      .join(),
  )
  .digest('base64url')
  .slice(0, 12);
/** Where the assets are served: a new path whenever any of them changes. */
export const explorerAssetBase = `/explorer/assets/${version}/`;

function serveAsset(item: Asset): RouteHandler {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const headers = {
      'content-type': item.type,
      'cache-control': 'public, max-age=31536000, immutable',
      etag: item.etag,
      'x-content-type-options': 'nosniff',
      vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === item.etag) return void res.writeHead(304, headers).end();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      item.gzipped ??= gzipSync(item.body);
      return void res.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(item.gzipped);
    }
    res.writeHead(200, headers).end(item.body);
  };
}

/** The routes of the explorer's assets, by exact path. */
export const explorerAssetRoutes: Record<string, RouteHandler> = Object.fromEntries(
  Object.entries(assets).map(([name, item]) => [`${explorerAssetBase}${name}`, serveAsset(item)]),
);

/** JSON inside a <script> element: nothing in it may close the element. */
const inertJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The offline explorer page: a few hundred bytes naming the assets above, with its options (the
 * prefilled headers and the example query) as data.
 */
export function renderExplorer(headers: Record<string, string>): string {
  const options = {
    title: 'Cổng chia sẻ dữ liệu — GraphQL explorer (offline)',
    endpoint: '/graphql',
    defaultQuery,
    headers: JSON.stringify(headers, null, 2),
    shouldPersistHeaders: false,
  };
  return `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>${options.title}</title>
    <link rel="icon" href="${explorerAssetBase}favicon.ico" />
    <link rel="stylesheet" href="${explorerAssetBase}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script type="application/json" id="explorer-options">${inertJson(options)}</script>
    <script src="${explorerAssetBase}graphiql.js"></script>
    <script src="${explorerAssetBase}boot.js"></script>
  </body>
</html>
`;
}
