import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { enterpriseCheckDigit } from '../runtime/enterpriseCode.ts';
import { verifyCitizenPerMinute } from '../subgraphs/population/verifyCitizenLimit.ts';
import {
  createInProcessSupergraph,
  type GraphQLResult,
  type InProcessSupergraph,
} from './support/inProcessSupergraph.ts';

// No confused deputy, and every personal read purpose-bound and logged, whoever reads: a client learns
// through a mutation nothing it could not read with a query, and a citizen's token is a citizen's.
const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
beforeAll(async () => {
  // National clients (no agency: reads under the rig's legal basis, where these tests are not about cases).
  const legalBases = ['PUBLIC-SERVICE-PORTAL'];
  graph = await createInProcessSupergraph({
    limits: {
      clients: Object.fromEntries(
        ['verifier', 'verifier-2', 'link-1', 'link-2', 'link-3'].map((sub) => [sub, { legalBases }]),
      ),
    },
  });
});
afterAll(() => graph?.close());

let run = 0;
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${(run += 1)}`;
const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
const living = world.population.citizens.filter(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2000,
);
const deceased = world.population.citizens.find((c) => c.deathDate !== null);
// A provincial procedure of the national catalogue: filed at the province's public-service centre.
const procedure = world.procedures.procedures.find(
  (p) => p.onlineService === 'FULL' && p.level === 'PROVINCE' && p.code.length === 8,
);
const business = world.business.businesses[0];
const submit = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) {
  code evidence { source citizen { personalId } } } }`;
const logQuery = `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 100) {
  nodes { clientId agencyCode purpose dossierCode fields requestId } } } }`;
async function accessLogOf(personalId: string) {
  // The citizen reads their own log (no purpose needed for that).
  const token = await graph.token({ sub: personalId, role: 'citizen' });
  const result = await graph.query(logQuery, { id: personalId }, { token, purpose: null });
  expect(result.errors).toBeUndefined();
  return (result.data?.citizen as { accessLog: { nodes: Array<Record<string, unknown>> } }).accessLog.nodes;
}

describe('submitDossier is no confused deputy', () => {
  const applicant = (over: Record<string, unknown>) => ({
    procedureCode: procedure?.code,
    channel: 'ONLINE',
    provinceCode: '79',
    idempotencyKey: key('deputy'),
    ...over,
  });

  it('tells a dossier:write-only client the same FORBIDDEN for a living, a dead and an unknown citizen', async () => {
    const token = await graph.token({ sub: 'writer-only', agency: '000.00.00.H29', scope: 'dossier:write' });
    const answers: Array<{ data: unknown; errors?: GraphQLResult['errors'] }> = [];
    const known = new Set(world.population.citizens.map((c) => c.personalId));
    const unknown = [...Array(1000).keys()]
      .map((n) => `${living[2]?.personalId.slice(0, 6)}${String(999_999 - n).padStart(6, '0')}`)
      .find((id) => !known.has(id));
    for (const personalId of [living[2]?.personalId, deceased?.personalId, unknown]) {
      const result = await graph.query(
        submit,
        { input: applicant({ applicant: { personalId } }) },
        { token },
      );
      answers.push({ data: result.data ?? null, errors: result.errors });
    }
    expect(answers.map((a) => codes(a))).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(answers[0]?.errors?.[0]?.message).toMatch(/needs citizen:basic/);
    // Nothing in the answers tells the three apart.
    const strip = (a: (typeof answers)[number]) =>
      JSON.stringify({ ...a, errors: a.errors?.map((e) => ({ ...e, path: undefined })) });
    expect(new Set(answers.map(strip)).size).toBe(1);
    // Nor whether an enterprise exists, nor who represents it.
    const firms = [];
    const firstNine = `${business?.enterpriseCode.slice(0, 3)}999999`;
    const noSuchFirm = `${firstNine}${enterpriseCheckDigit(firstNine)}`;
    expect(world.business.businesses.some((b) => b.enterpriseCode === noSuchFirm)).toBe(false);
    for (const enterpriseCode of [business?.enterpriseCode, noSuchFirm]) {
      firms.push(
        await graph.query(submit, { input: applicant({ applicant: { enterpriseCode } }) }, { token }),
      );
    }
    expect(firms.map((f) => codes(f))).toEqual([['FORBIDDEN'], ['FORBIDDEN']]);
    expect(firms[0]?.errors?.[0]?.message).toMatch(/needs business:read/);
    expect(firms[0]?.errors?.[0]?.message).toBe(firms[1]?.errors?.[0]?.message);
  });

  it('logs the registry reads of a submission under the client, its purpose and its request id', async () => {
    const person = living[5] as (typeof living)[number];
    const token = await graph.token({
      sub: 'portal-deputy-test',
      agency: '000.00.00.H29',
      scope: 'dossier:write citizen:basic citizen:full',
    });
    const requestId = key('submission');
    const result = await graph.query(
      submit,
      { input: applicant({ applicant: { personalId: person.personalId } }) },
      { token, purpose: 'Tiếp nhận hồ sơ khai sinh trực tuyến', requestId },
    );
    expect(result.errors).toBeUndefined();
    const records = await accessLogOf(person.personalId);
    const mine = records.filter((r) => r.requestId === requestId);
    expect(mine).toEqual([
      expect.objectContaining({
        clientId: 'portal-deputy-test',
        agencyCode: '000.00.00.H29',
        purpose: 'Tiếp nhận hồ sơ khai sinh trực tuyến',
      }),
    ]);
    expect(records.some((r) => String(r.clientId).includes('service'))).toBe(false);
  });
});

describe('verifyCitizen', () => {
  const verify = `query($id: PersonalId!, $name: String!, $birth: Date!) {
    verifyCitizen(personalId: $id, fullName: $name, birthDate: $birth) { matches mismatchedFields } }`;

  it('needs a purpose, writes an access record, and is limited per client', async () => {
    const person = living[8] as (typeof living)[number];
    const token = await graph.token({ sub: 'verifier', scope: 'citizen:basic' });
    const vars = { id: person.personalId, name: person.fullName, birth: '1990-01-01' };
    const noPurpose = await graph.query(verify, vars, { token, purpose: null });
    expect(codes(noPurpose)).toEqual(['FORBIDDEN']);
    expect(noPurpose.errors?.[0]?.extensions?.reason).toBe('PURPOSE_REQUIRED');

    const requestId = key('verify');
    const answered = await graph.query(verify, vars, { token, purpose: 'Xác thực người nộp', requestId });
    expect(answered.errors).toBeUndefined();
    const records = (await accessLogOf(person.personalId)).filter((r) => r.requestId === requestId);
    expect(records).toEqual([
      expect.objectContaining({ clientId: 'verifier', purpose: 'Xác thực người nộp' }),
    ]);
    expect(records[0]?.fields).toEqual(['verifyCitizen(fullName, birthDate)']);

    // Guessing a birth date runs into the per-client limit, then RATE_LIMITED with a wait.
    const outcomes: string[] = [];
    for (let i = 0; i < verifyCitizenPerMinute + 5; i += 1) {
      const guess = await graph.query(
        verify,
        { ...vars, birth: `19${String(50 + (i % 49)).padStart(2, '0')}-01-01` },
        { token, purpose: 'Xác thực người nộp' },
      );
      outcomes.push(String(codes(guess)[0] ?? 'ok'));
    }
    expect(outcomes.filter((o) => o === 'ok').length).toBe(verifyCitizenPerMinute - 1);
    expect(outcomes.at(-1)).toBe('RATE_LIMITED');
    // Another client is not held up by this one.
    const other = await graph.token({ sub: 'verifier-2', scope: 'citizen:basic' });
    expect((await graph.query(verify, vars, { token: other, purpose: 'Xác thực' })).errors).toBeUndefined();
  });
});

// #26 point 3: which procedures a named person applied for was read with no purpose, no record, no count.
describe('which dossiers a citizen filed', () => {
  const applicant = world.dossiers.dossiers.find((d) => d.applicantPersonalId)?.applicantPersonalId as string;
  const query = `query($id: PersonalId!) { citizen(personalId: $id) { dossiers { nodes { code procedure { name } status } } } }`;
  const dossiersOf = (result: GraphQLResult) =>
    (result.data?.citizen as { dossiers: { nodes: unknown[] } | null } | null)?.dossiers ?? null;

  it('is personal data: refused without citizen:basic or without a purpose, and neither read is logged', async () => {
    const requestId = key('link-refused');
    const noBasic = await graph.token({ sub: 'link-1', scope: 'dossier:read:all' });
    const refusedScope = await graph.query(query, { id: applicant }, { token: noBasic, requestId });
    expect(dossiersOf(refusedScope)).toBeNull();
    expect(codes(refusedScope)).toContain('FORBIDDEN');
    const both = await graph.token({ sub: 'link-2', scope: 'dossier:read:all citizen:basic' });
    const noPurpose = await graph.query(query, { id: applicant }, { token: both, purpose: null, requestId });
    expect(dossiersOf(noPurpose)).toBeNull();
    expect(noPurpose.errors?.map((e) => e.extensions?.reason)).toContain('PURPOSE_REQUIRED');
    expect((await accessLogOf(applicant)).filter((r) => r.requestId === requestId)).toEqual([]);
  });

  it('is served with a purpose and written to the citizen’s access log once', async () => {
    const requestId = key('link-read');
    const token = await graph.token({ sub: 'link-3', scope: 'dossier:read:all citizen:basic' });
    const result = await graph.query(
      query,
      { id: applicant },
      { token, purpose: 'Thanh tra hồ sơ', requestId },
    );
    expect(result.errors).toBeUndefined();
    const filed = world.dossiers.dossiers.filter((d) => d.applicantPersonalId === applicant).length;
    expect(dossiersOf(result)?.nodes).toHaveLength(Math.min(filed, 20));
    expect((await accessLogOf(applicant)).filter((r) => r.requestId === requestId)).toEqual([
      expect.objectContaining({ clientId: 'link-3', purpose: 'Thanh tra hồ sơ', fields: ['dossiers'] }),
    ]);
  });

  it('is the citizen’s own to read with their own token, without a purpose', async () => {
    const token = await graph.token({ sub: applicant, role: 'citizen' });
    const result = await graph.query(query, { id: applicant }, { token, purpose: null });
    expect(result.errors).toBeUndefined();
    expect(dossiersOf(result)?.nodes.length).toBeGreaterThan(0);
  });
});

describe('a citizen token', () => {
  const married = living.find((c) => c.spouseId);
  const spouseQuery = `query($id: PersonalId!) { citizen(personalId: $id) { fullName spouse { personalId fullName birthDate } } }`;

  it('reads its own record without a purpose, and no one else’s whatever scopes its issuer put in it', async () => {
    expect(married).toBeDefined();
    const spouse = world.population.citizens.find((c) => c.personalId === married?.spouseId);
    const token = await graph.token({
      sub: married?.personalId as string,
      role: 'citizen',
      scope: 'citizen:basic citizen:full',
    });
    const requestId = key('spouse');
    const declared = await graph.query(
      spouseQuery,
      { id: married?.personalId },
      { token, purpose: 'Đăng ký kết hôn: kiểm tra', requestId },
    );
    const citizen = declared.data?.citizen as { fullName: string; spouse: Record<string, unknown> | null };
    expect(citizen.fullName).toBe(married?.fullName);
    expect(codes(declared)).toContain('FORBIDDEN');
    expect(JSON.stringify(declared)).not.toContain(spouse?.fullName);
    const logged = (await accessLogOf(spouse?.personalId as string)).filter((r) => r.requestId === requestId);
    expect(logged).toEqual([]);
  });

  // #26 point 13: with client scopes in a citizen's token, the dossiers' applicants were other citizens.
  it('reads no other applicant through dossier entities with client scopes in its token', async () => {
    const someone = world.dossiers.dossiers.find((d) => d.applicantPersonalId)?.applicantPersonalId as string;
    const token = await graph.token({
      sub: someone,
      role: 'citizen',
      scope: 'citizen:basic dossier:read:all',
    });
    const result = await graph.query(
      `{ dossiers(first: 100) { nodes { applicant { ... on Citizen { personalId fullName } } } } }`,
      undefined,
      { token, purpose: 'Giải quyết hồ sơ' },
    );
    const applicants = (
      result.data?.dossiers as { nodes: { applicant: { personalId?: string } | null }[] }
    ).nodes
      .map((n) => n.applicant?.personalId)
      .filter(Boolean);
    expect(applicants.length).toBeGreaterThan(0);
    expect(new Set(applicants)).toEqual(new Set([someone]));
    const ownDossiers = world.dossiers.dossiers.filter((d) => d.applicantPersonalId === someone).length;
    expect(applicants).toHaveLength(Math.min(ownDossiers, 100));
  });
});

// #26 point 12: five requests under one X-Request-Id, with two dossier codes, became one record
// naming the first code. A record is one citizen, one request id and one dossier.
describe('reads for two dossiers under one request id', () => {
  it('leave one record per dossier, each naming its own', async () => {
    // An applicant of two dossiers of one agency, read by that agency for each.
    const pair = world.dossiers.dossiers.find((d) =>
      world.dossiers.dossiers.some(
        (o) =>
          o !== d &&
          o.applicantPersonalId &&
          o.applicantPersonalId === d.applicantPersonalId &&
          o.agencyCode === d.agencyCode,
      ),
    ) as { code: string; agencyCode: string; applicantPersonalId: string };
    const person = pair.applicantPersonalId;
    const first = pair.code;
    const second = (
      world.dossiers.dossiers.find(
        (o) => o.code !== first && o.applicantPersonalId === person && o.agencyCode === pair.agencyCode,
      ) as { code: string }
    ).code;
    const requestId = key('two-dossiers');
    const token = await graph.token({ sub: 'merge-client', agency: pair.agencyCode, scope: 'citizen:basic' });
    const read = (field: string, dossierCode: string) =>
      graph.query(
        `query($id: PersonalId!) { citizen(personalId: $id) { ${field} } }`,
        { id: person },
        {
          token,
          purpose: 'Giải quyết hồ sơ',
          requestId,
          dossierCode,
        },
      );
    for (const [field, code] of [
      ['fullName', first],
      ['birthDate', first],
      ['gender', second],
    ] as const)
      expect((await read(field, code as string)).errors).toBeUndefined();
    const records = (await accessLogOf(person)).filter((r) => r.requestId === requestId);
    expect(records.map((r) => [r.dossierCode, r.fields]).sort()).toEqual(
      [
        [first, ['birthDate', 'fullName']],
        [second, ['gender']],
      ].sort(),
    );
  });
});
