import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceSupervisedBy, supervisingOfficeOf } from '../runtime/agencyCodes.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

const worklist = `{ dossiers(first: 100) { totalCount nodes { code agency { code } } } }`;

describe('reach of a province’s supervising office', () => {
  const office = supervisingOfficeOf('40');
  const ofProvince = world.dossiers.dossiers.filter((d) => d.agencyCode.endsWith('.H41'));
  const ofCentre = ofProvince.filter((d) => d.agencyCode === '000.00.00.H41');

  it('is named by the reference data, synthetic level-2 group 90', () => {
    expect(office).toBe('000.00.90.H41');
    expect(provinceSupervisedBy(office)).toBe('40');
    expect(provinceSupervisedBy('000.00.00.H41')).toBeUndefined();
    expect(provinceSupervisedBy('000.00.91.H41')).toBeUndefined();
  });

  it('sees every dossier of its province’s agencies, where the provincial centre sees its own', async () => {
    expect(ofProvince.length).toBeGreaterThan(ofCentre.length);
    const asOffice = await graph.token({ sub: 'vp-ubnd-nghe-an', agency: office, scope: 'dossier:read' });
    const seen = await graph.query(worklist, {}, { token: asOffice });
    expect(seen.errors).toBeUndefined();
    // Other test files of a run on PostgreSQL file more dossiers in the province: every node is the
    // province's, and each seeded one is there.
    expect((seen.data as any).dossiers.totalCount).toBeGreaterThanOrEqual(ofProvince.length);
    expect((seen.data as any).dossiers.nodes.every((n: any) => n.agency.code.endsWith('.H41'))).toBe(true);
    const each = await Promise.all(
      ofProvince.map((d) =>
        graph.query(`query($c: String!) { dossier(code: $c) { code } }`, { c: d.code }, { token: asOffice }),
      ),
    );
    expect(each.map((r) => (r.data as any)?.dossier?.code)).toEqual(ofProvince.map((d) => d.code));
    const commune = ofProvince.find((d) => d.agencyCode !== '000.00.00.H41') as { code: string };
    const one = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: commune.code },
      { token: asOffice },
    );
    expect((one.data as any).dossier).toEqual({ code: commune.code });

    const asCentre = await graph.token({
      sub: 'ttpvhcc-nghe-an',
      agency: '000.00.00.H41',
      scope: 'dossier:read',
    });
    const own = await graph.query(worklist, {}, { token: asCentre });
    expect((own.data as any).dossiers.totalCount).toBeGreaterThanOrEqual(ofCentre.length);
    expect((own.data as any).dossiers.nodes.every((n: any) => n.agency.code === '000.00.00.H41')).toBe(true);
    const notOwn = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: commune.code },
      { token: asCentre },
    );
    expect((notOwn.data as any)?.dossier ?? null).toBeNull();

    // Another province's office sees none of them.
    const elsewhere = await graph.token({
      sub: 'vp-ubnd-hcm',
      agency: supervisingOfficeOf('79'),
      scope: 'dossier:read',
    });
    const other = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: commune.code },
      { token: elsewhere },
    );
    expect((other.data as any)?.dossier ?? null).toBeNull();
  });
});
