import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { legalBases } from '../runtime/legalBases.ts';
import { accessLeafData } from '../subgraphs/population/accessLeaf.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
/** A dossier with a citizen applicant: its agency's client reads them for it (a case, not a basis). */
const filedFor = world.dossiers.dossiers.find((d) => d.applicantPersonalId) as {
  code: string;
  agencyCode: string;
  applicantPersonalId: string;
};
const someone = { personalId: filedFor.applicantPersonalId };
const agencyDesk = () =>
  graph.token({ sub: 'agency-desk', agency: filedFor.agencyCode, scope: 'citizen:basic' });
/** A personal ID in the right form that is no one's: a refusal must look the same for it. */
const no_one = '079099999999';
const lookup = `query($id: PersonalId!) { citizen(personalId: $id) { fullName birthDate } }`;

let graph: InProcessSupergraph;
/** The national public-service portal: no agency, registered for one basis. */
let portal: string;

beforeAll(async () => {
  graph = await createInProcessSupergraph({
    limits: { clients: { 'national-portal': { legalBases: ['PUBLIC-SERVICE-PORTAL'] } } },
  });
  portal = await graph.token({ sub: 'national-portal', scope: 'citizen:basic citizen:full' });
});
afterAll(() => graph?.close());

describe('a legal basis for clients without a case', () => {
  it('names its law and article for every basis of the reference list', () => {
    expect(legalBases.length).toBeGreaterThan(0);
    for (const basis of legalBases) {
      expect(basis.code).toMatch(/^[A-Z][A-Z-]+$/);
      expect(basis.law).toMatch(/(Luật|Nghị định|Bộ luật)/);
      expect(basis.article.length).toBeGreaterThan(0);
    }
  });

  it('refuses a client of no agency that names no basis, or one it is not registered for, alike for anyone', async () => {
    for (const id of [someone.personalId, no_one]) {
      const none = await graph.query(lookup, { id }, { token: portal, legalBasis: null });
      expect(none.data?.citizen ?? null).toBeNull();
      expect(none.errors?.map((e) => e.extensions?.reason)).toEqual(['LEGAL_BASIS_REQUIRED']);
      const other = await graph.query(lookup, { id }, { token: portal, legalBasis: 'CRIMINAL-PROCEDURE' });
      expect(other.data?.citizen ?? null).toBeNull();
      expect(other.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([
        ['FORBIDDEN', 'LEGAL_BASIS_NOT_ALLOWED'],
      ]);
      expect(JSON.stringify(other)).not.toContain(id);
    }
  });

  it('answers 400 for a basis that is not in the list', async () => {
    const unknown = await graph.query(
      lookup,
      { id: someone.personalId },
      { token: portal, legalBasis: 'BECAUSE' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_LEGAL_BASIS',
    });
  });

  it('serves a registered basis and writes it into the access record, and into the leaf the log signs', async () => {
    const requestId = `basis-${process.pid}-${Date.now()}`;
    const read = await graph.query(
      lookup,
      { id: someone.personalId },
      { token: portal, legalBasis: 'PUBLIC-SERVICE-PORTAL', requestId, purpose: 'Cấp bản sao trích lục' },
    );
    expect(read.errors).toBeUndefined();
    expect((read.data as any).citizen.fullName).toBeTruthy();
    const own = await graph.token({ sub: someone.personalId, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 50) { nodes {
        clientId legalBasis dossierCode requestId purpose } } } }`,
      { id: someone.personalId },
      { token: own, purpose: null },
    );
    expect(log.errors).toBeUndefined();
    const records = ((log.data as any).citizen.accessLog.nodes as any[]).filter(
      (r) => r.requestId === requestId,
    );
    expect(records).toEqual([
      {
        clientId: 'national-portal',
        legalBasis: 'PUBLIC-SERVICE-PORTAL',
        dossierCode: null,
        requestId,
        purpose: 'Cấp bản sao trích lục',
      },
    ]);
    // A read of an agency client (which binds its reads to cases, not bases) records no basis.
    const agencyRead = `agency-${requestId}`;
    const byAgency = await graph.query(
      lookup,
      { id: someone.personalId },
      { token: await agencyDesk(), dossierCode: filedFor.code, requestId: agencyRead },
    );
    expect(byAgency.errors).toBeUndefined();
    const after = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 50) { nodes { legalBasis requestId } } } }`,
      { id: someone.personalId },
      { token: own, purpose: null },
    );
    expect(
      ((after.data as any).citizen.accessLog.nodes as any[]).find((r) => r.requestId === agencyRead),
    ).toEqual({
      legalBasis: null,
      requestId: agencyRead,
    });
  });

  it('lets the citizen list the reads of one case: a legal basis, a dossier', async () => {
    const requestId = `case-${process.pid}-${Date.now()}`;
    const dossierCode = filedFor.code;
    await graph.query(
      lookup,
      { id: someone.personalId },
      { token: portal, legalBasis: 'PUBLIC-SERVICE-PORTAL', requestId: `${requestId}-a` },
    );
    await graph.query(
      lookup,
      { id: someone.personalId },
      { token: await agencyDesk(), dossierCode, requestId: `${requestId}-b` },
    );
    const own = await graph.token({ sub: someone.personalId, role: 'citizen' });
    const byCase = async (filter: string) => {
      const log = await graph.query(
        `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 100, ${filter}) { totalCount nodes { requestId legalBasis dossierCode } } } }`,
        { id: someone.personalId },
        { token: own, purpose: null },
      );
      expect(log.errors).toBeUndefined();
      return (log.data as any).citizen.accessLog;
    };
    const underBasis = await byCase('legalBasis: "PUBLIC-SERVICE-PORTAL"');
    expect(underBasis.nodes.every((n: any) => n.legalBasis === 'PUBLIC-SERVICE-PORTAL')).toBe(true);
    expect(underBasis.nodes.map((n: any) => n.requestId)).toContain(`${requestId}-a`);
    expect(underBasis.nodes.map((n: any) => n.requestId)).not.toContain(`${requestId}-b`);
    expect(underBasis.totalCount).toBe(underBasis.nodes.length);
    const forDossier = await byCase(`dossierCode: "${dossierCode}"`);
    expect(forDossier.nodes.map((n: any) => n.requestId)).toContain(`${requestId}-b`);
    expect(forDossier.nodes.every((n: any) => n.dossierCode === dossierCode)).toBe(true);
    const bad = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(legalBasis: "NOPE") { totalCount } } }`,
      { id: someone.personalId },
      { token: own, purpose: null },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('adds the basis to a record’s leaf only when there is one, so that every earlier leaf keeps its hash', () => {
    const row = {
      id: 7,
      at: new Date('2026-12-01T01:02:03Z'),
      month: '2026-12-01',
      personalId: someone.personalId,
      clientId: 'c',
      agencyCode: '',
      purpose: 'p',
      dossierCode: null,
      legalBasis: null,
      fields: ['fullName'],
      requestId: 'r',
      leafIndex: null,
      leafHash: null,
    };
    const before = JSON.stringify([
      7,
      '2026-12-01T01:02:03.000Z',
      someone.personalId,
      'c',
      '',
      'p',
      null,
      ['fullName'],
      'r',
    ]);
    expect(accessLeafData(row)).toBe(before);
    expect(JSON.parse(accessLeafData({ ...row, legalBasis: 'PDPL-STATE-DUTY' })).at(-1)).toEqual({
      legalBasis: 'PDPL-STATE-DUTY',
    });
  });
});
