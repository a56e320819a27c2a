import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervisingOfficeOf } from '../runtime/agencyCodes.ts';
import { wardsOf } from '../runtime/adminUnits.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
const centreCode = '000.00.00.H41';
const ofCentre = world.dossiers.dossiers.filter((d) => d.agencyCode === centreCode);
/** A dossier of the Nghệ An centre with a citizen applicant, and one with a business applicant. */
const filed = ofCentre.find((d) => d.applicantPersonalId) as { code: string; applicantPersonalId: string };
const byBusiness = ofCentre.find((d) => d.applicantEnterpriseCode) as {
  code: string;
  applicantEnterpriseCode: string;
};
const applicant = world.population.citizens.find((c) => c.personalId === filed.applicantPersonalId) as {
  personalId: string;
  householdId: string | null;
};
const housemate = world.population.citizens.find(
  (c) => c.householdId && c.householdId === applicant.householdId && c.personalId !== applicant.personalId,
);
const representative = world.business.legalRepresentatives.find(
  (r) => r.enterpriseCode === byBusiness.applicantEnterpriseCode,
)?.personalId as string;
const parties = new Set(world.population.caseParties.map((p) => p.personalId));
/** Someone no dossier names, in no household of an applicant: no case anywhere. */
const stranger = world.population.citizens.find(
  (c) =>
    c.deathDate === null &&
    !parties.has(c.personalId) &&
    !world.population.citizens.some(
      (o) => o.householdId && o.householdId === c.householdId && parties.has(o.personalId),
    ),
) as { personalId: string };
const noOne = '040099999999';
/** A dossier of another agency, whose applicant is someone else. */
const elsewhere = world.dossiers.dossiers.find(
  (d) =>
    d.agencyCode !== centreCode && d.applicantPersonalId && d.applicantPersonalId !== applicant.personalId,
) as { code: string; applicantPersonalId: string };

const lookup = `query($id: PersonalId!) { citizen(personalId: $id) { personalId fullName } }`;
const reasons = (r: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (r.errors ?? []).map((e) => `${String(e.extensions?.code)}:${String(e.extensions?.reason)}`);

let graph: InProcessSupergraph;
let centre: string;
let office: string;
let hcm: string;
let run = 0;
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${(run += 1)}`;

beforeAll(async () => {
  graph = await createInProcessSupergraph();
  const scope = 'citizen:basic citizen:full business:read dossier:read dossier:write';
  centre = await graph.token({ sub: 'ttpvhcc-nghe-an', agency: centreCode, scope });
  office = await graph.token({ sub: 'vp-ubnd-nghe-an', agency: supervisingOfficeOf('40'), scope });
  hcm = await graph.token({ sub: 'ttpvhcc-hcm', agency: '000.00.00.H29', scope });
});
afterAll(() => graph?.close());

describe('a case for every read of an agency’s client', () => {
  it('finds the cases the demo data needs', () => {
    expect(filed && byBusiness && housemate && representative && stranger && elsewhere).toBeTruthy();
  });

  it('refuses NO_CASE without a case, for someone else’s case, or another agency’s, alike whether the person exists', async () => {
    const refusals = [
      // No dossier named.
      [centre, applicant.personalId, undefined],
      [centre, noOne, undefined],
      // A dossier of the centre that does not link the person, and one that links no one.
      [centre, stranger.personalId, filed.code],
      [centre, noOne, filed.code],
      // Another agency's dossier, whose applicant is someone else.
      [centre, applicant.personalId, elsewhere.code],
      // Another agency naming the centre's dossier.
      [hcm, applicant.personalId, filed.code],
    ] as const;
    for (const [token, id, dossierCode] of refusals) {
      const read = await graph.query(lookup, { id }, { token, ...(dossierCode ? { dossierCode } : {}) });
      expect(read.data?.citizen ?? null, `${id} ${dossierCode}`).toBeNull();
      expect(reasons(read), `${id} ${dossierCode}`).toEqual(['FORBIDDEN:NO_CASE']);
      expect(JSON.stringify(read.errors)).not.toContain(id);
    }
  });

  it('refuses a case assertion the dossiers service did not sign', async () => {
    const forged = `${Buffer.from('{"alg":"EdDSA","typ":"vn-case+jwt"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({
        sub: 'ttpvhcc-nghe-an',
        dossier: filed.code,
        agency: centreCode,
        applicant: stranger.personalId,
      }),
    ).toString('base64url')}.${Buffer.alloc(64).toString('base64url')}`;
    const read = await graph.query(
      lookup,
      { id: stranger.personalId },
      {
        token: centre,
        dossierCode: filed.code,
        headers: { 'x-case-assertion': forged },
      },
    );
    expect(reasons(read)).toEqual(['FORBIDDEN:NO_CASE']);
  });

  it('serves the applicant, a housemate, a representative and the supervising office, and logs the case', async () => {
    const allowed = [
      [centre, applicant.personalId, filed.code],
      [centre, (housemate as { personalId: string }).personalId, filed.code],
      [centre, representative, byBusiness.code],
      [office, applicant.personalId, filed.code],
    ] as const;
    for (const [token, id, dossierCode] of allowed) {
      const requestId = key('case');
      const read = await graph.query(lookup, { id }, { token, dossierCode, requestId });
      expect(read.errors, `${id} ${dossierCode}`).toBeUndefined();
      expect((read.data as any).citizen.personalId).toBe(id);
      const own = await graph.token({ sub: id, role: 'citizen' });
      const log = await graph.query(
        `query($id: PersonalId!, $d: String!) { citizen(personalId: $id) { accessLog(dossierCode: $d, first: 50) { nodes { requestId dossierCode } } } }`,
        { id, d: dossierCode },
        { token: own, purpose: null },
      );
      expect(
        ((log.data as any).citizen.accessLog.nodes as any[]).find((n) => n.requestId === requestId),
      ).toEqual({
        requestId,
        dossierCode,
      });
    }
  });

  it('shows the applicant’s household, its members in the same case', async () => {
    const read = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { household { head { fullName } members { citizen { personalId fullName } } } } }`,
      { id: applicant.personalId },
      { token: centre, dossierCode: filed.code },
    );
    expect(read.errors).toBeUndefined();
    const members = (read.data as any).citizen.household.members as any[];
    expect(members.map((m) => m.citizen.personalId)).toContain(
      (housemate as { personalId: string }).personalId,
    );
    expect(members.every((m) => typeof m.citizen.fullName === 'string')).toBe(true);
  });

  it('binds the people of the worklist to their dossiers without the client naming them', async () => {
    const requestId = key('worklist');
    const list = await graph.query(
      `{ dossiers(first: 100) { nodes { code applicant { ... on Citizen { personalId fullName } } } } }`,
      {},
      { token: centre, requestId },
    );
    expect(list.errors).toBeUndefined();
    const nodes = ((list.data as any).dossiers.nodes as any[]).filter((n) => n.applicant?.personalId);
    // The case check is part of the one statement that reads the citizens: no statement more.
    graph.resetStatements();
    await graph.query(
      `{ dossiers(first: 100) { nodes { code applicant { ... on Citizen { personalId fullName } } } } }`,
      {},
      { token: centre },
    );
    const reads = graph.statements.population.filter((q) => q.includes('from "population"."citizens"'));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toContain('case_parties');
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => typeof n.applicant.fullName === 'string')).toBe(true);
    const own = await graph.token({ sub: applicant.personalId, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 50) { nodes { requestId dossierCode } } } }`,
      { id: applicant.personalId },
      { token: own, purpose: null },
    );
    const record = ((log.data as any).citizen.accessLog.nodes as any[]).find(
      (n) => n.requestId === requestId,
    );
    expect(ofCentre.map((d) => d.code)).toContain(record?.dossierCode);
  });

  it('binds the reads of a filing to the dossier being created, and that dossier to its applicant after', async () => {
    const ward = (wardsOf('40')[0] as { code: string }).code;
    const residence = world.procedures.procedures.find(
      (p) => p.name === 'Đăng ký thường trú' && p.code.length === 8,
    );
    const requestId = key('file');
    const submitted = await graph.query(
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code agency { code } } }`,
      {
        input: {
          procedureCode: residence?.code,
          applicant: { personalId: stranger.personalId },
          channel: 'IN_PERSON',
          provinceCode: '40',
          wardCode: ward,
          idempotencyKey: key('file'),
        },
      },
      { token: centre, requestId },
    );
    expect(submitted.errors).toBeUndefined();
    const code = (submitted.data as any).submitDossier.code as string;
    const agency = (submitted.data as any).submitDossier.agency.code as string;
    const own = await graph.token({ sub: stranger.personalId, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 20) { nodes { requestId dossierCode } } } }`,
      { id: stranger.personalId },
      { token: own, purpose: null },
    );
    expect(
      ((log.data as any).citizen.accessLog.nodes as any[]).filter((n) => n.requestId === requestId),
    ).toEqual([{ requestId, dossierCode: code }]);
    // The filing agency now has a case for the applicant; it names it.
    const filer =
      agency === centreCode ? centre : await graph.token({ sub: 'filer', agency, scope: 'citizen:basic' });
    const after = await graph.query(lookup, { id: stranger.personalId }, { token: filer, dossierCode: code });
    expect(after.errors).toBeUndefined();
    expect(reasons(await graph.query(lookup, { id: stranger.personalId }, { token: filer }))).toEqual([
      'FORBIDDEN:NO_CASE',
    ]);
  });

  it('counts the refusals in a metric, by reason, with no one’s data in it', async () => {
    await graph.query(lookup, { id: applicant.personalId }, { token: centre });
    const population = graph.servers.find((s) => s.module.name === 'population');
    const text = (await population?.metrics.registry.getSingleMetricAsString('graphql_refusals_total')) ?? '';
    expect(text).toMatch(/graphql_refusals_total\{[^}]*reason="NO_CASE"[^}]*\} [1-9]/);
    expect(text).not.toContain(applicant.personalId);
  });
});
