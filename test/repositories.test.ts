import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createBusinessRepository } from '../subgraphs/business/repository.ts';
import { createDossiersRepository } from '../subgraphs/dossiers/repository.ts';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import { pageRequest } from '../subgraphs/kit/pagination.ts';
import { createPopulationRepository } from '../subgraphs/population/repository.ts';
import { createProceduresRepository } from '../subgraphs/procedures/repository.ts';
import { openTestDb } from './support/testDatabase.ts';

const world = generateWorld(demoSize);
const handles: DbHandle[] = [];
const open = async (name: Parameters<typeof openTestDb>[0]) => {
  const handle = await openTestDb(name);
  handles.push(handle);
  return handle.db;
};
let population: ReturnType<typeof createPopulationRepository>;
let business: ReturnType<typeof createBusinessRepository>;
let procedures: ReturnType<typeof createProceduresRepository>;
let dossiers: ReturnType<typeof createDossiersRepository>;

beforeAll(async () => {
  population = createPopulationRepository(await open('population'));
  business = createBusinessRepository(await open('business'));
  procedures = createProceduresRepository(await open('procedures'));
  dossiers = createDossiersRepository(await open('dossiers'));
});
afterAll(() => Promise.all(handles.map((h) => h.close())));

describe('population repository', () => {
  it('reads a batch of citizens by ID, ignoring unknown IDs', async () => {
    const ids = world.population.citizens.slice(0, 3).map((c) => c.personalId);
    const rows = await population.citizensByIds([...ids, '001090999999']);
    expect(rows.map((r) => r.personalId).sort()).toEqual([...ids].sort());
  });
  it('lists household members grouped by household', async () => {
    const [a, b] = world.population.households;
    const rows = await population.membersOfHouseholds([a?.id ?? '', b?.id ?? '']);
    const expected = world.population.citizens.filter(
      (c) => c.householdId === a?.id || c.householdId === b?.id,
    );
    expect(rows).toHaveLength(expected.length);
    expect(rows.map((r) => r.householdId)).toEqual([...rows.map((r) => r.householdId)].sort());
  });
});

describe('business repository', () => {
  it('filters by province and status and counts the same set', async () => {
    const filter = { provinceCode: '01', status: 'ACTIVE' as const };
    const expected = world.business.businesses.filter(
      (b) => b.provinceCode === '01' && b.status === 'ACTIVE',
    );
    expect(await business.countBusinesses(filter)).toBe(expected.length);
    const page = await business.searchBusinesses(filter, pageRequest(100, null));
    expect(page.map((b) => b.enterpriseCode)).toEqual(expected.map((b) => b.enterpriseCode).sort());
  });
  it('treats LIKE wildcards in a name search literally', async () => {
    expect(await business.countBusinesses({ name: '%' })).toBe(0);
    expect(await business.countBusinesses({ name: '_' })).toBe(0);
  });
});

describe('procedures repository', () => {
  it('returns fees and requirements in catalogue order', async () => {
    const code = world.procedures.procedures[8]?.code ?? '';
    const requirements = await procedures.requirementsOf([code]);
    expect(requirements.map((r) => r.position)).toEqual(requirements.map((_, i) => i));
    const policies = await procedures.policiesOf(['01', '79']);
    expect(new Set(policies.map((p) => p.provinceCode))).toEqual(new Set(['01', '79']));
  });
});

describe('dossiers repository', () => {
  it('pages each applicant separately in one statement', async () => {
    const counts = new Map<string, number>();
    for (const d of world.dossiers.dossiers)
      if (d.applicantPersonalId)
        counts.set(d.applicantPersonalId, (counts.get(d.applicantPersonalId) ?? 0) + 1);
    const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const keys = busiest.map(([id]) => id);
    const rows = await dossiers.pagesByApplicant(
      'citizen',
      keys,
      null,
      { kind: 'all' },
      pageRequest(2, null),
    );
    for (const [id, count] of busiest) {
      expect(rows.filter((r) => r.applicantKey === id)).toHaveLength(Math.min(count, 3));
    }
    const totals = await dossiers.countsByApplicant('citizen', keys, null, { kind: 'all' });
    expect(new Map(totals.map((t) => [t.key, t.n]))).toEqual(new Map(busiest));
  });
  it('keeps an agency to its own dossiers and a citizen to theirs', async () => {
    const agencyCode = world.dossiers.dossiers[0]?.agencyCode ?? '';
    const own = world.dossiers.dossiers.filter((d) => d.agencyCode === agencyCode);
    const rows = await dossiers.worklist({}, { kind: 'agency', agencyCode }, pageRequest(100, null));
    expect(rows.map((r) => r.code).sort()).toEqual(own.map((d) => d.code).sort());
    expect(await dossiers.countWorklist({}, { kind: 'none' })).toBe(0);
    const personalId = world.dossiers.dossiers.find((d) => d.applicantPersonalId)?.applicantPersonalId ?? '';
    const mine = await dossiers.worklist({}, { kind: 'applicant', personalId }, pageRequest(100, null));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.applicantPersonalId === personalId)).toBe(true);
  });

  it('walks the whole worklist with keyset cursors, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string[] | null = null;
    for (;;) {
      const rows = await dossiers.worklist({}, { kind: 'all' }, { first: 40, after });
      seen.push(...rows.slice(0, 40).map((r) => r.code));
      if (rows.length <= 40) break;
      const last = rows[39];
      after = last ? [last.receivedAt.toISOString(), last.code] : null;
    }
    expect(seen).toHaveLength(world.dossiers.dossiers.length);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
