import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from './support/slow.ts';
import { roundCount } from '../subgraphs/dossiers/publishStatistics.ts';
import { devTokenIssuer, loadDevKey, tokenAlgorithm, tokenAudience } from '../runtime/devKey.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import {
  allScopes,
  createInProcessSupergraph,
  type InProcessSupergraph,
} from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph({ webhookMaxSubscribers: 3 });
});
afterAll(() => graph?.close());

const adults = world.population.citizens.filter(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2000,
);
const someone = adults[3] as (typeof adults)[number];
const other = adults[4] as (typeof adults)[number];
const citizenQuery = `query($id: PersonalId!) { citizen(personalId: $id) { personalId fullName birthDate ethnicity permanentAddress { full } } }`;
const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);

describe('authentication', () => {
  it('serves public data without a token and refuses personal data', async () => {
    const publicData = await graph.query(
      `{ procedures(first: 2) { totalCount nodes { feeQuote(provinceCode: "01", channel: ONLINE) { amountDue } } }
      dossierStatistics { total } }`,
      undefined,
      { token: null },
    );
    expect(publicData.errors).toBeUndefined();
    expect((publicData.data?.dossierStatistics as any).total).toBe(
      roundCount(world.dossiers.dossiers.length),
    );
    const track = await graph.query(
      `query($c: String!) { trackDossier(code: $c) { status } }`,
      { c: world.dossiers.dossiers[0]?.code },
      { token: null },
    );
    expect(track.errors).toBeUndefined();

    const personal = await graph.query(citizenQuery, { id: someone.personalId }, { token: null });
    expect(personal.data?.citizen ?? null).toBeNull();
    expect(codes(personal)).toEqual(['UNAUTHENTICATED']);
    const worklist = await graph.query(`{ dossiers { totalCount } }`, undefined, { token: null });
    expect(codes(worklist)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a malformed, expired, foreign or wrongly signed token with UNAUTHENTICATED', async () => {
    const expired = await graph.token({ sub: 'c', agency: 'a', scope: allScopes, ttl: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const hmac = await new SignJWT({ scope: allScopes, agency: 'a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('c')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    // Signed with the right key, but good forever (no exp), or dated an hour ahead to outlive its ttl.
    const { privateKey } = await loadDevKey(graph.keyDir);
    const signed = (build: (jwt: SignJWT) => SignJWT) =>
      build(
        new SignJWT({ scope: allScopes, agency: 'a', role: 'client' })
          .setProtectedHeader({ alg: tokenAlgorithm })
          .setSubject('c')
          .setIssuer(devTokenIssuer)
          .setAudience(tokenAudience),
      ).sign(privateKey);
    const forever = await signed((jwt) => jwt.setIssuedAt());
    const ahead = await signed((jwt) => jwt.setIssuedAt('1h').setExpirationTime('2h'));
    const fine = await signed((jwt) => jwt.setIssuedAt().setExpirationTime('1h'));
    expect(codes(await graph.query(`{ procedures { totalCount } }`, undefined, { token: fine }))).toEqual([]);
    for (const token of ['garbage', expired, hmac, forever, ahead]) {
      const result = await graph.query(`{ procedures { totalCount } }`, undefined, { token });
      expect(codes(result), token.slice(0, 20)).toEqual(['UNAUTHENTICATED']);
      expect(result.data ?? null).toBeNull();
    }
  });
});

describe('field scopes and purpose', () => {
  it('nulls the fields a scope does not cover, names the scope, and returns the rest', async () => {
    // A national client (it reads under the rig's legal basis; an agency's would need a case).
    const token = await graph.token({ sub: 'test-client', scope: 'citizen:basic' });
    const result = await graph.query(citizenQuery, { id: someone.personalId }, { token });
    const citizen = result.data?.citizen as any;
    expect(citizen.fullName).toBe(someone.fullName);
    expect(citizen.birthDate).toBe(someone.birthDate);
    expect(citizen.ethnicity).toBeNull();
    expect(citizen.permanentAddress).toBeNull();
    const forbidden = (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(forbidden.map((e) => e.path?.at(-1)).sort()).toEqual(['ethnicity', 'permanentAddress']);
    expect(forbidden.find((e) => e.path?.at(-1) === 'ethnicity')?.message).toContain('citizen:sensitive');
  });

  it('needs X-Purpose for personal fields, not for the personal ID', async () => {
    const result = await graph.query(citizenQuery, { id: someone.personalId }, { purpose: null });
    expect((result.data?.citizen as any).personalId).toBe(someone.personalId);
    expect((result.data?.citizen as any).fullName).toBeNull();
    expect(
      result.errors?.every(
        (e) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.reason === 'PURPOSE_REQUIRED',
      ),
    ).toBe(true);
  });
});

describe('citizens and object-level access', () => {
  it('lets a citizen read their own record in full and nothing of anyone else', async () => {
    const token = await graph.token({ sub: someone.personalId, role: 'citizen' });
    const own = await graph.query(citizenQuery, { id: someone.personalId }, { token, purpose: null });
    expect(own.errors).toBeUndefined();
    expect((own.data?.citizen as any).ethnicity).toBe(someone.ethnicity);

    const theirs = await graph.query(citizenQuery, { id: other.personalId }, { token });
    expect(theirs.data?.citizen ?? null).toBeNull();
    expect(codes(theirs)).toContain('FORBIDDEN');
    expect(JSON.stringify(theirs)).not.toContain(other.fullName);
  });

  it('shows a citizen only their own dossiers', async () => {
    const mine = world.dossiers.dossiers.find((d) => d.applicantPersonalId);
    const notMine = world.dossiers.dossiers.find(
      (d) => d.applicantPersonalId && d.applicantPersonalId !== mine?.applicantPersonalId,
    );
    const token = await graph.token({ sub: mine?.applicantPersonalId ?? '', role: 'citizen' });
    const own = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: mine?.code },
      { token },
    );
    expect((own.data?.dossier as any).code).toBe(mine?.code);
    const foreign = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: notMine?.code },
      { token },
    );
    expect(foreign.data?.dossier ?? null).toBeNull();
    expect(codes(foreign)).toEqual(['NOT_FOUND']);
    const list = await graph.query(
      `{ dossiers(first: 100) { totalCount nodes { applicant { ... on Citizen { personalId } } } } }`,
      undefined,
      { token },
    );
    const expected = world.dossiers.dossiers.filter(
      (d) => d.applicantPersonalId === mine?.applicantPersonalId,
    ).length;
    expect((list.data?.dossiers as any).totalCount).toBe(expected);
  });

  it('keeps dossier:read to its own agency; dossier:read:all sees every agency', async () => {
    const agencyCode = world.dossiers.dossiers[0]?.agencyCode ?? '';
    const elsewhere = world.dossiers.dossiers.find((d) => d.agencyCode !== agencyCode);
    const token = await graph.token({ sub: 'one-stop', agency: agencyCode, scope: 'dossier:read' });
    const list = await graph.query(
      `{ dossiers(first: 100) { totalCount nodes { agency { code } } } }`,
      undefined,
      { token },
    );
    const own = world.dossiers.dossiers.filter((d) => d.agencyCode === agencyCode).length;
    expect((list.data?.dossiers as any).totalCount).toBe(own);
    expect((list.data?.dossiers as any).nodes.every((n: any) => n.agency.code === agencyCode)).toBe(true);

    const outside = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: elsewhere?.code },
      { token },
    );
    const missing = await graph.query(`{ dossier(code: "000.00.00.H26-200101-9999") { code } }`, undefined, {
      token,
    });
    expect(codes(outside)).toEqual(['NOT_FOUND']);
    expect(outside.errors?.[0]?.message.replace(elsewhere?.code ?? '', 'X')).toBe(
      missing.errors?.[0]?.message.replace('000.00.00.H26-200101-9999', 'X'),
    );
    const otherAgency = await graph.query(
      `query($a: String) { dossiers(agencyCode: $a) { totalCount } }`,
      { a: elsewhere?.agencyCode },
      { token },
    );
    expect(codes(otherAgency)).toEqual(['FORBIDDEN']);

    const all = await graph.query(`{ dossiers { totalCount } }`);
    expect((all.data?.dossiers as any).totalCount).toBe(world.dossiers.dossiers.length);
  });
});

describe('access log', () => {
  it('keeps the request id of the read, and refuses a purpose over 300 characters before any read', async () => {
    const person = adults[12] as (typeof adults)[number];
    const read = `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`;
    const citizenToken = await graph.token({ sub: person.personalId, role: 'citizen' });
    const logOf = async () =>
      (await graph.query(logQuery, { id: person.personalId }, { token: citizenToken, purpose: null })).data
        ?.citizen as any;
    const before = (await logOf()).accessLog.totalCount as number;

    const tooLong = await graph.query(read, { id: person.personalId }, { purpose: 'x'.repeat(301) });
    expect(codes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]?.message).toMatch(/X-Purpose.*300/);
    expect(tooLong.data ?? null).toBeNull();

    const ok = await graph.query(
      read,
      { id: person.personalId },
      { purpose: 'x'.repeat(300), requestId: 'req-promise-1' },
    );
    expect(ok.errors).toBeUndefined();
    const log = await logOf();
    // The citizen's own read of the log is not logged; the refused read left nothing.
    expect(log.accessLog.totalCount).toBe(before + 1);
    expect(log.accessLog.nodes[0]).toMatchObject({ requestId: 'req-promise-1', purpose: 'x'.repeat(300) });
  });

  const logQuery = `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 100) { totalCount nodes { clientId agencyCode purpose dossierCode fields requestId } } } }`;

  it('records each personal read with client, agency, purpose, dossier and fields; the citizen can read it', async () => {
    // An agency's client reads the applicant of one of its dossiers, for it.
    const filed = world.dossiers.dossiers.find((d) => d.applicantPersonalId) as {
      code: string;
      agencyCode: string;
      applicantPersonalId: string;
    };
    const person = { personalId: filed.applicantPersonalId };
    const token = await graph.token({
      sub: 'lgsp-hn',
      agency: filed.agencyCode,
      scope: 'citizen:basic citizen:full',
    });
    const dossierCode = filed.code;
    await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName currentAddress { full } } }`,
      { id: person.personalId },
      {
        token,
        purpose: 'Xác minh hồ sơ đăng ký thường trú',
        dossierCode,
      },
    );
    const citizenToken = await graph.token({ sub: person.personalId, role: 'citizen' });
    const log = await graph.query(
      logQuery,
      { id: person.personalId },
      { token: citizenToken, purpose: null },
    );
    expect(log.errors).toBeUndefined();
    const records = (log.data?.citizen as any).accessLog.nodes as any[];
    expect(records).toContainEqual(
      expect.objectContaining({
        clientId: 'lgsp-hn',
        agencyCode: filed.agencyCode,
        purpose: 'Xác minh hồ sơ đăng ký thường trú',
        dossierCode,
        fields: ['currentAddress', 'fullName'],
      }),
    );
    // Another client without audit:read may not read the log.
    const denied = await graph.query(logQuery, { id: person.personalId }, { token });
    expect(codes(denied)).toContain('FORBIDDEN');
  });

  it('writes exactly one record per citizen per read after a burst of 1,000 reads', async () => {
    const person = adults[20] as (typeof adults)[number];
    const token = await graph.token({ sub: 'test-client', scope: 'citizen:basic' });
    const before = (await graph.query(logQuery, { id: person.personalId })).data?.citizen as any;
    const reads = 1000;
    for (let batch = 0; batch < reads / 50; batch += 1) {
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          graph.query(
            `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
            { id: person.personalId },
            { token },
          ),
        ),
      );
      for (const r of results) expect(r.errors).toBeUndefined();
    }
    const after = (await graph.query(logQuery, { id: person.personalId })).data?.citizen as any;
    expect(after.accessLog.totalCount - before.accessLog.totalCount).toBe(reads);
  });
});

describe('the access log is never skipped', () => {
  it(
    'withholds personal data with AUDIT_UNAVAILABLE when the record cannot be written',
    async () => {
      const failing = await createInProcessSupergraph({
        wrapDb: (name, db) =>
          name === 'population'
            ? (Object.create(db, {
                execute: { value: () => Promise.reject(new Error('disk full')) },
              }) as typeof db)
            : db,
      });
      try {
        const result = await failing.query(citizenQuery, { id: someone.personalId });
        expect(codes(result)).toContain('AUDIT_UNAVAILABLE');
        expect(result.status).toBe(503); // docs/integrators.md: try again
        expect(JSON.stringify(result)).not.toContain(someone.fullName);
        // Public data does not depend on the access log.
        const publicData = await failing.query(`{ procedures { totalCount } }`, undefined, { token: null });
        expect(publicData.errors).toBeUndefined();
      } finally {
        await failing.close();
      }
    },
    slow(180_000),
  ); // it builds a second in-process supergraph
});

// #26 point 5: with webhook:manage, the dossiers service POSTed wherever it was told, and lastError said
// what answered there: SSH on loopback, the metadata service, our own subgraphs, Redis.
describe('webhook destinations', () => {
  const registerQuery = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { subscriber { id url } } }`;
  const operatorToken = () => graph.token({ sub: 'hook-operator', scope: 'webhook:manage' });

  it.each([
    'http://127.0.0.1:22/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0x7f000001:6379/',
    'http://2130706433/',
    'http://[::1]:4001/graphql',
    'http://[::ffff:127.0.0.1]/',
    'http://10.0.0.8/',
    'http://192.168.1.1/',
    'http://172.20.0.5/',
    'http://100.64.0.1/',
    'http://localhost:9400/metrics',
    'http://metadata.google.internal/',
    'http://0.0.0.0:4000/',
    'http://[fd00:ec2::254]/',
  ])('refuses to register %s', async (url) => {
    const result = await graph.query(
      registerQuery,
      { input: { id: 'probe', url } },
      { token: await operatorToken() },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.reason).toBe('DESTINATION_NOT_ALLOWED');
    expect(result.data ?? null).toBeNull();
  });

  it('registers a public address, and no more subscribers than WEBHOOK_MAX_SUBSCRIBERS', async () => {
    const token = await operatorToken();
    for (let i = 0; i < 3; i += 1) {
      const ok = await graph.query(
        registerQuery,
        { input: { id: `portal-${i}`, url: `https://203.0.114.${i + 1}/hook` } },
        { token },
      );
      expect(ok.errors).toBeUndefined();
    }
    const again = await graph.query(
      registerQuery,
      { input: { id: 'portal-0', url: 'https://203.0.114.9/hook' } },
      { token },
    );
    expect(again.errors).toBeUndefined(); // an update of one's own is no new subscriber
    const over = await graph.query(
      registerQuery,
      { input: { id: 'portal-3', url: 'https://203.0.114.4/hook' } },
      { token },
    );
    expect(codes(over)).toEqual(['LIMIT_EXCEEDED']);
  });
});
