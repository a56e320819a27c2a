import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from '../support/slow.ts';
import { signDevToken } from '../../runtime/devKey.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { freePort } from '../support/freePort.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';
import { postOnce, tallyOutcomes } from '../support/drainUnderLoad.ts';
import { nationalHeaders, writeNationalClients } from '../support/nationalClients.ts';

// The real processes over HTTP: every subgraph, each started by `npm run start:subgraph`'s entry on a
// free port, and the gateway started by its own entry over the committed supergraph.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-e2e-'));
const subgraphs: Record<string, Service> = {};
let gateway: Service | undefined;

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
/** An OpenTelemetry collector on loopback: what the processes export over OTLP/HTTP (JSON). */
const exportedSpans: ExportedSpan[] = [];
const collector = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
        scopeSpans: Array<{ spans: Array<Omit<ExportedSpan, 'service'>> }>;
      }>;
    };
    for (const rs of body.resourceSpans) {
      const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const scope of rs.scopeSpans)
        for (const span of scope.spans) exportedSpans.push({ ...span, service });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

beforeAll(async () => {
  const gatewayPort = await freePort();
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as net.AddressInfo).port}`,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const clients = writeNationalClients(dataDir, ['e2e-client']);
  Object.assign(
    subgraphs,
    await spawnSubgraphs(dataDir, {
      GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
      CLIENT_LIMITS_FILE: clients,
      ...tracing,
    }),
  );
  gateway = await spawnService(
    'bin/gateway.ts',
    [],
    {
      GATEWAY_PORT: String(gatewayPort),
      DATA_DIR: dataDir,
      CLIENT_LIMITS_FILE: clients,
      // Long enough that no stall of a slow machine expires the catalogue between two requests of a test.
      PUBLIC_CACHE_TTL_MS: '600000',
      ...tracing,
      ...Object.fromEntries(
        subgraphNames.map((name) => [`${name.toUpperCase()}_URL`, subgraphs[name]?.url ?? '']),
      ),
    },
    'gateway listening',
  );
}, slow(300_000));

afterAll(async () => {
  await Promise.all([gateway, ...Object.values(subgraphs)].map((s) => s?.stop()));
  collector.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  // A national client, reading under a legal basis (an agency's client reads only for its cases).
  const token = await signDevToken(dataDir, {
    sub: 'e2e-client',
    scope: 'citizen:basic citizen:full business:read dossier:read:all',
  });
  const response = await fetch(gateway?.url ?? '', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'e2e test',
      ...(headers.authorization ? {} : nationalHeaders),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** An online death registration (1.000656, commune-level) at a TP.HCM ward, filed by `personalId`. */
const deathRegistration = (personalId: string, idempotencyKey: string) => ({
  procedureCode: '1.000656',
  applicant: { personalId },
  channel: 'ONLINE',
  provinceCode: '79',
  wardCode: '97901',
  idempotencyKey,
});

/** The sum of the values of the metric lines of a process's /metrics that match `pattern` (one group). */
async function metricSum(url: string | undefined, pattern: RegExp): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  return [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
}

describe('gateway over HTTP', () => {
  it('answers POST /graphql as POST /, and counts each error by its code in graphql_errors_total', async () => {
    const query = '{ procedures(first: 2) { nodes { code } } }';
    const atGraphql = await fetch(new URL('/graphql', gateway?.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(atGraphql.status).toBe(200);
    expect(await atGraphql.json()).toEqual((await post(query)).body);

    const badInput = /^graphql_errors_total\{[^}]*code="BAD_USER_INPUT"[^}]*\} (\d+)/gm;
    const before = await metricSum(gateway?.metricsUrl, badInput);
    const bad = await post(`{ citizen(personalId: "123") { fullName } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await metricSum(gateway?.metricsUrl, badInput)).toBe(before + 1);
  });

  it('shares no answer between requests with PUBLIC_CACHE_TTL_MS=0', async () => {
    const uncached = await spawnService(
      'bin/gateway.ts',
      [],
      {
        GATEWAY_PORT: '0',
        DATA_DIR: dataDir,
        PUBLIC_CACHE_TTL_MS: '0',
        ...Object.fromEntries(
          subgraphNames.map((name) => [`${name.toUpperCase()}_URL`, subgraphs[name]?.url ?? '']),
        ),
      },
      'gateway listening',
    );
    try {
      const served = /^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm;
      const ask = () =>
        fetch(uncached.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ procedures(first: 3) { nodes { code name } } }' }),
        }).then((r) => r.json());
      const before = await metricSum(subgraphs.procedures?.url, served);
      const [first, second] = [await ask(), await ask()];
      expect(second).toEqual(first);
      expect(await metricSum(subgraphs.procedures?.url, served)).toBe(before + 2);
      expect(await metricSum(uncached.url, /^public_cache_lookups_total\{[^}]*\} (\d+)/gm)).toBe(0);
    } finally {
      await uncached.stop();
    }
  });

  it('answers a federated query touching all four subgraphs', async () => {
    const { status, body } = await post(`{ dossiers(first: 10, status: RESULT_RETURNED) { totalCount nodes {
      code procedure { name fees { amount } } agency { name }
      applicant { __typename ... on Citizen { fullName household { id } } ... on Business { name legalRepresentatives { fullName } } }
      evidence { source citizen { fullName } business { name } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.dossiers.nodes as any[];
    expect(nodes.length).toBe(10);
    for (const d of nodes) {
      expect(d.procedure.name).toBeTruthy(); // procedures
      expect(d.agency.name).toBeTruthy(); // procedures (Agency entity)
      expect(d.applicant.fullName ?? d.applicant.name).toBeTruthy(); // population or business
    }
    expect(nodes.some((d) => d.evidence.some((e: any) => e.citizen?.fullName))).toBe(true); // population via evidence
  });

  it('submits a dossier whose evidence the dossiers service fetched through the gateway', async () => {
    const list = await post(
      `{ dossiers(first: 1, status: IN_PROGRESS) { nodes { applicant { ... on Citizen { personalId } } } } }`,
    );
    const personalId =
      list.body.data.dossiers.nodes[0]?.applicant.personalId ??
      (
        await post(`{ dossiers(first: 20) { nodes { applicant { ... on Citizen { personalId } } } } }`)
      ).body.data.dossiers.nodes.find((n: any) => n.applicant.personalId).applicant.personalId;
    const token = await signDevToken(dataDir, {
      sub: 'e2e-portal',
      agency: '000.00.00.H29',
      scope: 'dossier:write citizen:basic',
    });
    const { status, body } = await post(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code status evidence { source citizen { personalId fullName } } } }`,
      {
        input: deathRegistration(personalId, 'e2e-1'),
      },
      {
        authorization: `Bearer ${token}`,
        'x-purpose': Buffer.from('Tiếp nhận hồ sơ', 'utf8').toString('latin1'),
      },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.submitDossier.status).toBe('SUBMITTED');
    expect(
      body.data.submitDossier.evidence.some(
        (e: any) => e.source === 'CITIZEN_REGISTRY' && e.citizen.personalId === personalId,
      ),
    ).toBe(true);
  });

  it.each([
    ['a page of 101', `{ dossiers(first: 101) { totalCount } }`, undefined, 'LIMIT_EXCEEDED'],
    [
      '101 personal IDs',
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName } }`,
      { ids: Array.from({ length: 101 }, (_, i) => `001090${String(i).padStart(6, '0')}`) },
      'LIMIT_EXCEEDED',
    ],
    [
      'a forged cursor',
      `{ dossiers(first: 2, after: "bm90LWEtY3Vyc29y") { totalCount } }`,
      undefined,
      'BAD_USER_INPUT',
    ],
  ])('answers %s with HTTP 400 and its code, no SQL in the text', async (_what, query, variables, code) => {
    const { status, body } = await post(query, variables);
    expect(body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual([code]);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).not.toMatch(/select |Failed query|params:/i);
  });

  it('turns a malformed personal ID into BAD_USER_INPUT without calling a subgraph', async () => {
    const { status, body } = await post(`query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`, {
      id: '003090000001',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain("'003'");
  });

  it('follows one request id through the gateway and every subgraph it touched, and counts it in /metrics', async () => {
    const requestId = `e2e-trace-${process.pid}`;
    // A search nobody made before: the gateway's catalogue cache cannot answer it, procedures must.
    const { body } = await post(
      `query TraceMe($search: String) { procedures(search: $search, first: 1) { nodes { code } }
        dossiers(first: 3) { nodes { code applicant { ... on Citizen { fullName } ... on Business { name } } } } }`,
      { search: requestId },
      { 'x-request-id': requestId },
    );
    expect(body.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the log lines flush
    const logged = (service: Service | undefined) =>
      (service?.logs() ?? []).some(
        (line) => line.includes(`"requestId":"${requestId}"`) && line.includes('graphql request'),
      );
    expect(logged(gateway)).toBe(true);
    for (const name of ['dossiers', 'procedures'] as const) expect(logged(subgraphs[name]), name).toBe(true);
    const metrics = await (await fetch(new URL('/metrics', gateway?.metricsUrl))).text();
    // TraceMe is no registered operation: counted, under "other" (a client's names are not labels).
    expect(metrics).toMatch(
      /graphql_request_duration_seconds_count\{component="gateway",operation="other"\} [1-9]/,
    );
    expect(metrics).not.toContain('operation="TraceMe"');
    expect(metrics).toMatch(/subgraph_fetch_duration_seconds_count\{[^}]*subgraph="dossiers"[^}]*\} [1-9]/);
  });

  it('serves /explorer and /stats with a CSP, no framing, nosniff and no referrer; the explorer token is short and reads nothing sensitive', async () => {
    for (const page of ['/explorer', '/stats']) {
      const response = await fetch(new URL(page, gateway?.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await response.text();
      if (page !== '/explorer') continue;
      expect(response.headers.get('cache-control')).toBe('no-store');
      const token = /Bearer ([\w-]+\.[\w-]+\.[\w-]+)/.exec(html)?.[1] ?? '';
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
        scope: string;
        iat: number;
        exp: number;
      };
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(15 * 60);
      expect(claims.scope.split(' ').sort()).toEqual(['business:read', 'citizen:basic', 'dossier:read']);
    }
  });

  it('serves the explorer as a small page whose 9 MB of assets a browser caches (ETag, 304, immutable, gzip)', async () => {
    const page = await fetch(new URL('/explorer', gateway?.url));
    const html = await page.text();
    expect(html.length).toBeLessThan(20_000);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script: the options are a JSON element
    const assets = [...html.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(assets.length).toBeGreaterThanOrEqual(3);
    let total = 0;
    for (const asset of assets) {
      const first = await fetch(new URL(asset, gateway?.url), { headers: { 'accept-encoding': 'gzip' } });
      expect(first.status, asset).toBe(200);
      expect(first.headers.get('cache-control'), asset).toContain('immutable');
      total += (await first.arrayBuffer()).byteLength;
      const etag = first.headers.get('etag') ?? '';
      expect(etag, asset).toMatch(/^"[\w-]+"$/);
      const again = await fetch(new URL(asset, gateway?.url), { headers: { 'if-none-match': etag } });
      expect(again.status, asset).toBe(304);
      expect((await again.arrayBuffer()).byteLength, asset).toBe(0);
    }
    expect(total).toBeGreaterThan(1_000_000); // GraphiQL itself is in them
  });

  it('serves /metrics on the operator port only', async () => {
    expect((await fetch(new URL('/metrics', gateway?.url))).status).toBe(404);
    expect(new URL(gateway?.metricsUrl ?? '').hostname).toBe('127.0.0.1');
    expect((await fetch(new URL('/metrics', gateway?.metricsUrl))).status).toBe(200);
  });

  it('keeps /metrics small whatever operation names clients send', async () => {
    const before = (await (await fetch(new URL('/metrics', gateway?.metricsUrl))).text()).length;
    for (let i = 0; i < 20; i += 1)
      await post(`query Op${i}${'x'.repeat(50_000)} { procedures(first: 1) { totalCount } }`);
    const after = await (await fetch(new URL('/metrics', gateway?.metricsUrl))).text();
    expect(after).not.toContain('x'.repeat(200));
    expect(after.length - before).toBeLessThan(20_000); // 20 names of 50 KB were 1 MB of labels
  });

  it('answers the public catalogue from its cache, never personal data', async () => {
    const counts = async () => {
      const count = async (url: string | undefined, pattern: RegExp) =>
        [...(await (await fetch(new URL('/metrics', url))).text()).matchAll(pattern)].reduce(
          (total, match) => total + Number(match[1]),
          0,
        );
      return {
        procedures: await count(
          subgraphs.procedures?.url,
          /^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm,
        ),
        population: await count(
          subgraphs.population?.url,
          /^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm,
        ),
        hits: await count(
          gateway?.metricsUrl,
          /^public_cache_lookups_total\{[^}]*result="hit"[^}]*\} (\d+)/gm,
        ),
      };
    };
    const worklist = `query CachedWorklist { dossiers(first: 5, status: RESULT_RETURNED) { nodes { code
      procedure { name } applicant { ... on Citizen { fullName } ... on Business { name } } evidence { citizen { fullName } } } } }`;
    const first = await post(worklist);
    expect(first.body.errors).toBeUndefined();
    const before = await counts();
    const second = await post(worklist);
    expect(second.body).toEqual(first.body);
    const after = await counts();
    expect(after.procedures - before.procedures).toBe(0); // every procedure name came from the cache
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(5);
    expect(after.population - before.population).toBe(1); // each read of a citizen reaches the population
  });

  it('traces one request from the gateway into the subgraphs (OpenTelemetry, switched on by environment)', async () => {
    const { body } = await post(
      `query TracedWorklist($search: String) { procedures(search: $search, first: 1) { nodes { code } }
        dossiers(first: 2) { nodes { code } } }`,
      { search: `traced-${process.pid}` },
    );
    expect(body.errors).toBeUndefined();
    const gatewayRoot = async () => {
      for (let waited = 0; waited < 20_000; waited += 200) {
        // Earlier tests' requests are traced too (some answered from the catalogue cache): take the
        // request whose trace reached both subgraphs it asked.
        const roots = exportedSpans.filter(
          (s) => s.service === 'gateway' && s.name === 'gateway POST /' && !s.parentSpanId,
        );
        for (const root of roots) {
          const trace = exportedSpans.filter((s) => s.traceId === root.traceId);
          const reached = (name: string) => trace.some((s) => s.service === name);
          if (reached('procedures') && reached('dossiers')) return { root, trace };
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`no complete trace among ${exportedSpans.length} exported spans`);
    };
    const { trace } = await gatewayRoot();
    const gatewaySpanIds = new Set(trace.filter((s) => s.service === 'gateway').map((s) => s.spanId));
    // Apollo Gateway's own spans (planning, fetches) joined the trace...
    expect(trace.some((s) => s.service === 'gateway' && s.name.startsWith('gateway.'))).toBe(true);
    // ...and each subgraph's server span is a child of a gateway span.
    for (const name of ['dossiers', 'procedures']) {
      const server = trace.find((s) => s.service === name && s.name === `${name} POST /graphql`);
      expect(server, name).toBeDefined();
      expect(gatewaySpanIds.has(server?.parentSpanId ?? ''), name).toBe(true);
    }
  });

  // #26 point 7: these were answered 500, so any client could raise the 5xx rate and page an operator.
  it.each([
    ['%00', { 'x-purpose': 'a%00b' }],
    ['%0A', { 'x-purpose': 'a%0Ab' }],
    ['a tab', { 'x-purpose': 'a\tb' }],
    ['U+202E', { 'x-purpose': Buffer.from('a\u202Eb', 'utf8').toString('latin1') }],
    ['U+2028', { 'x-purpose': Buffer.from('a\u2028b', 'utf8').toString('latin1') }],
    ['a lone %FF', { 'x-purpose': 'a%FFb' }],
    ['overlong UTF-8', { 'x-purpose': Buffer.from([0x61, 0xc0, 0xaf]).toString('latin1') }],
    ['a purpose of 301 characters', { 'x-purpose': 'a'.repeat(301) }],
    ['a malformed X-Dossier-Code', { 'x-dossier-code': 'not-a-code' }],
  ])('answers a bad caller header (%s) 400 BAD_USER_INPUT, not 500', async (_, headers) => {
    const { status, body } = await post('{ procedures { totalCount } }', undefined, headers);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
  });

  it('serves the access log’s verifier key at /.well-known/access-log-key, as the API gives it', async () => {
    const response = await fetch(new URL('/.well-known/access-log-key', gateway?.url));
    expect(response.status).toBe(200);
    const key = (await response.text()).trim();
    expect(key).toMatch(/^population\.access-log\.vn-data-sharing-gateway\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const { body } = await post('{ accessLogVerifierKey }');
    expect(body.data?.accessLogVerifierKey).toBe(key);
  });

  it('publishes the agencies’ document keys and revocations, and passes a scan through to the documents service', async () => {
    const keys = await fetch(new URL('/.well-known/document-keys', gateway?.url));
    expect(keys.status).toBe(200);
    expect(keys.headers.get('content-type')).toBe('application/jwk-set+json');
    // The keys of every agency that has issued (none yet, on a database seeded elsewhere), as the API gives them.
    const published = (await keys.json()) as { keys: Array<{ kid: string; kty: string }> };
    expect(published.keys.every((k) => k.kty === 'OKP' && /^[\w.]+#/.test(k.kid))).toBe(true);
    expect(JSON.parse((await post('{ documentSigningKeys }')).body.data.documentSigningKeys)).toEqual(
      published,
    );
    const revocations = await fetch(new URL('/.well-known/document-revocations', gateway?.url));
    expect(((await revocations.json()) as { revocations: unknown[] }).revocations).toBeInstanceOf(Array);

    const token = await signDevToken(dataDir, {
      sub: 'e2e-reception',
      agency: '000.00.00.H29',
      scope: 'dossier:write dossier:read:all citizen:basic citizen:full document:read',
    });
    const as = { authorization: `Bearer ${token}`, 'x-purpose': 'e2e reception' };
    const list = await post(
      `{ dossiers(first: 20) { nodes { applicant { ... on Citizen { personalId } } } } }`,
    );
    const personalId = list.body.data.dossiers.nodes.find((n: any) => n.applicant.personalId).applicant
      .personalId;
    const filed = await post(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code evidence { requirementId source } } }`,
      { input: { ...deathRegistration(personalId, 'e2e-scan'), channel: 'IN_PERSON' } },
      as,
    );
    expect(filed.body.errors).toBeUndefined();
    const { code, evidence } = filed.body.data.submitDossier;
    const paper = evidence.find((e: any) => e.source === 'PAPER').requirementId;
    const opened = await post(
      `mutation($code: String!, $r: ID!) { requestUpload(dossierCode: $code, requirementId: $r) { url maxBytes } }`,
      { code, r: paper },
      as,
    );
    expect(opened.body.errors).toBeUndefined();
    const url = new URL(opened.body.data.requestUpload.url, gateway?.url);
    const scan = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 0x20)]);
    const put = (body: Buffer, headers: Record<string, string> = { authorization: as.authorization }) =>
      fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/pdf', ...headers },
        body: new Uint8Array(body),
      });
    expect((await put(scan, {})).status).toBe(401);
    expect((await put(Buffer.alloc(opened.body.data.requestUpload.maxBytes + 1, 0x25))).status).toBe(413);
    const stored = await put(scan);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({
      component: { dossierCode: code, mediaType: 'application/pdf' },
      evidence: 'DIGITISED',
    });
    expect((await put(scan)).status).toBe(410);
    const after = await post(
      `query($code: String!) { dossier(code: $code) { evidence { requirementId source } } }`,
      { code },
      as,
    );
    expect(after.body.data.dossier.evidence.find((e: any) => e.requirementId === paper).source).toBe(
      'DIGITISED',
    );

    // And back, once, to the client the download URL was given to, as an attachment no browser renders.
    const listed = await post(
      `query($code: String!) { dossier(code: $code) { digitisedComponents { requirementId download { url mediaType } } } }`,
      { code },
      as,
    );
    expect(listed.body.errors).toBeUndefined();
    const download = listed.body.data.dossier.digitisedComponents.find(
      (c: any) => c.requirementId === paper,
    ).download;
    const get = (headers: Record<string, string> = { authorization: as.authorization }) =>
      fetch(new URL(download.url, gateway?.url), { headers });
    expect((await get({})).status).toBe(401);
    const served = await get();
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w-]+\.pdf"$/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(scan)).toBe(true);
    const again = await get();
    expect(again.status).toBe(410);
    expect(((await again.json()) as any).errors[0].extensions.reason).toBe('DOWNLOAD_URL_USED_OR_EXPIRED');
  });

  it('refuses a bad token with UNAUTHENTICATED', async () => {
    const { status, body } = await post('{ procedures { totalCount } }', undefined, {
      authorization: 'Bearer nope',
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an oversized body and batched operations with LIMIT_EXCEEDED', async () => {
    const big = await fetch(gateway?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ procedures { totalCount } }`,
        variables: { pad: 'x'.repeat(300 * 1024) },
      }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
    const batch = await fetch(gateway?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { query: '{ procedures { totalCount } }' },
        { query: '{ procedures { totalCount } }' },
      ]),
    });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as any).errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
  });

  it('refuses direct calls to a subgraph, _entities and _service included', async () => {
    const url = subgraphs.population?.url ?? '';
    const entities = {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { fullName } } }',
      variables: { r: [{ __typename: 'Citizen', personalId: '001090000001' }] },
    };
    for (const body of [
      entities,
      { query: '{ _service { sdl } }' },
      { query: '{ citizen(personalId: "001090000001") { fullName } }' },
    ]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(401);
      const json = (await response.json()) as { data?: unknown; errors?: any[] };
      expect(json.data).toBeUndefined();
      expect(json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('counts SQL statements per subgraph at /metrics, and answers /health', async () => {
    for (const name of subgraphNames) {
      const base = new URL(subgraphs[name]?.url ?? '').origin;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const line = metrics.split('\n').find((l) => l.startsWith(`db_statements_total{subgraph="${name}"`));
      expect(line, `${name} /metrics`).toBeDefined();
      expect(Number(line?.split(' ').at(-1))).toBeGreaterThan(0);
    }
    const health = await fetch(new URL('/health', gateway?.url));
    expect(health.status).toBe(200);
  });

  it('serves Apollo Sandbox at / to a browser', async () => {
    const page = await fetch(gateway?.url ?? '', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('embeddable-sandbox');
  });

  // #26 point 24: on SIGTERM with 30 submissions in flight, all 30 failed SUBGRAPH_UNAVAILABLE: the
  // dossiers service reads the registries back through the gateway that was draining.
  it('finishes the submissions it took while it drains on SIGTERM, then shuts every process down cleanly', async () => {
    const list = await post(
      `{ dossiers(first: 20) { nodes { applicant { ... on Citizen { personalId } } } } }`,
    );
    const personalId = list.body.data.dossiers.nodes.find((n: any) => n.applicant?.personalId).applicant
      .personalId;
    const token = await signDevToken(dataDir, {
      sub: 'e2e-drain',
      agency: '000.00.00.H29',
      scope: 'dossier:write citizen:basic',
    });
    const submissions = Array.from({ length: 30 }, (_, i) =>
      postOnce(
        gateway?.url ?? '',
        {
          query: `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
          variables: {
            input: deathRegistration(personalId, `e2e-drain-${i}`),
          },
        },
        { authorization: `Bearer ${token}`, 'x-purpose': 'e2e drain' },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const gatewayExit = gateway?.stop();
    const outcomes = await Promise.all(submissions);
    console.log(`gateway SIGTERM with 30 submissions in flight: ${JSON.stringify(tallyOutcomes(outcomes))}`);
    // Each was filed, or refused whole before the gateway took it (SHUTTING_DOWN): none half done.
    for (const outcome of outcomes)
      expect(
        (outcome.status === 200 && outcome.data && outcome.codes.length === 0) ||
          (outcome.status === 503 && outcome.codes.join() === 'SHUTTING_DOWN') ||
          outcome.status === 'refused',
        JSON.stringify(outcome),
      ).toBe(true);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    const codes = await Promise.all([gatewayExit, ...Object.values(subgraphs).map((s) => s?.stop())]);
    expect(codes).toEqual([0, ...subgraphNames.map(() => 0)]);
  });
});
