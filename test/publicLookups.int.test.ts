import { filingFor } from './support/filingFor.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { minimumCell } from '../subgraphs/dossiers/suppressSmallCells.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

// The public lookups as a scraper would try them: trackDossier with guessed codes, and statistics
// filtered down to a handful of dossiers.
const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
let officer: string;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
  officer = await graph.token({
    sub: 'portal-lookups',
    agency: '000.00.00.X96',
    scope: 'dossier:write dossier:read:all citizen:basic',
  });
});
afterAll(() => graph?.close());

const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${Math.random()}`;
const applicant = world.population.citizens.find(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2004,
) as (typeof world.population.citizens)[number];
const procedure = world.procedures.procedures.find(
  (p) => p.onlineService === 'FULL' && p.code.length === 8,
) as (typeof world.procedures.procedures)[number];
/** The agency that receives these dossiers: the service point of Cà Mau's first listed ward. */
const receiver = filingFor(procedure, '96').agencyCode;
const submit = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code lookupSecret } }`;
const input = (idempotencyKey: string) => ({
  procedureCode: procedure.code,
  applicant: { personalId: applicant.personalId },
  channel: 'ONLINE',
  provinceCode: '96',
  wardCode: filingFor(procedure, '96').wardCode,
  idempotencyKey,
});
const track = `query($c: String!, $s: String) { trackDossier(code: $c, secret: $s) {
  code status nationalStatusCode receivedAt dueAt overdue procedure { code name } agency { code } } }`;

describe('trackDossier with and without the receipt’s lookup secret', () => {
  it('gives the status and dates for the code alone, the procedure and agency with the secret, and refuses a wrong one', async () => {
    const submitted = await graph.query(submit, { input: input(key('track')) }, { token: officer });
    expect(submitted.errors).toBeUndefined();
    const { code, lookupSecret } = submitted.data?.submitDossier as { code: string; lookupSecret: string };
    expect(lookupSecret).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const anonymous = { token: null, purpose: null, address: '10.9.0.1' };
    const alone = await graph.query(track, { c: code }, anonymous);
    expect(alone.errors).toBeUndefined();
    expect(alone.data?.trackDossier).toMatchObject({
      code,
      status: 'SUBMITTED',
      procedure: null,
      agency: null,
    });

    const full = await graph.query(track, { c: code, s: lookupSecret }, anonymous);
    expect(full.errors).toBeUndefined();
    expect(full.data?.trackDossier).toMatchObject({
      code,
      procedure: { code: procedure.code, name: procedure.name },
      agency: { code: receiver },
    });
    // As a person types it off the receipt: lower case, no dashes.
    const typed = await graph.query(
      track,
      { c: code, s: lookupSecret.replace(/-/g, '').toLowerCase() },
      anonymous,
    );
    expect(typed.data?.trackDossier).toMatchObject({ agency: { code: receiver } });

    const wrong = await graph.query(track, { c: code, s: 'AAAA-BBBB-CCCC' }, anonymous);
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong)).not.toContain(procedure.name);
  });

  it('keeps only the secret’s hash, shows it on no other read, and gives a resent submission a new one', async () => {
    const idempotencyKey = key('resend');
    const first = (await graph.query(submit, { input: input(idempotencyKey) }, { token: officer })).data
      ?.submitDossier as { code: string; lookupSecret: string };
    const dossiers = graph.servers.find((s) => s.module.name === 'dossiers');
    const stored = await dossiers?.db.db.execute(
      sql`select * from dossiers.dossiers where code = ${first.code}`,
    );
    const row = JSON.stringify(stored);
    expect(row).not.toContain(first.lookupSecret);
    expect(row).not.toContain(first.lookupSecret.replace(/-/g, ''));

    const read = await graph.query(
      `query($c: String!) { dossier(code: $c) { lookupSecret } }`,
      { c: first.code },
      { token: officer },
    );
    expect(read.data?.dossier).toEqual({ lookupSecret: null });

    const again = (await graph.query(submit, { input: input(idempotencyKey) }, { token: officer })).data
      ?.submitDossier as { code: string; lookupSecret: string };
    expect(again.code).toBe(first.code);
    expect(again.lookupSecret).not.toBe(first.lookupSecret);
    const anonymous = { token: null, purpose: null, address: '10.9.0.2' };
    expect(codes(await graph.query(track, { c: first.code, s: first.lookupSecret }, anonymous))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      (await graph.query(track, { c: first.code, s: again.lookupSecret }, anonymous)).data?.trackDossier,
    ).toMatchObject({
      agency: { code: receiver },
    });
  });

  it('tells a code-guessing scraper nothing but statuses: ten guessed codes, no procedure, no agency', async () => {
    const known = world.dossiers.dossiers.slice(0, 10).map((d) => d.code);
    const answers = await Promise.all(
      known.map((c) => graph.query(track, { c }, { token: null, purpose: null, address: '10.9.0.3' })),
    );
    const found = answers.map((a) => a.data?.trackDossier as { procedure: unknown; agency: unknown } | null);
    expect(found.filter(Boolean).length).toBe(10);
    for (const f of found) expect(f).toMatchObject({ procedure: null, agency: null });
  });
});

describe('statistics and the small-cell rule', () => {
  const figures = `total suppressed online fullyOnline completedOnTime completedLate overdue paperlessRequirements totalRequirements averageRating ratings`;

  it('withholds every figure but the total of a set of fewer than 5 dossiers, and says so', async () => {
    const submitted = await graph.query(submit, { input: input(key('small')) }, { token: officer });
    expect(submitted.errors).toBeUndefined();
    const today = vietnamDate();
    const result = await graph.query(
      `query($d: Date!, $p: String!, $a: String!) {
        narrow: dossierStatistics(from: $d, to: $d, agencyCode: $a, procedureCode: $p) { ${figures} }
        all: dossierStatistics { ${figures} }
        byAgency: dossierStatisticsBy(by: AGENCY, from: $d, to: $d) { key statistics { ${figures} } }
      }`,
      { d: today, p: procedure.code, a: receiver },
    );
    expect(result.errors).toBeUndefined();
    const narrow = result.data?.narrow as Record<string, unknown> & { total: number };
    expect(narrow.total).toBeGreaterThanOrEqual(1);
    expect(narrow.total).toBeLessThan(minimumCell);
    expect(narrow).toEqual({
      total: narrow.total,
      suppressed: true,
      online: 0,
      fullyOnline: 0,
      completedOnTime: 0,
      completedLate: 0,
      overdue: 0,
      paperlessRequirements: 0,
      totalRequirements: 0,
      averageRating: null,
      ratings: 0,
    });
    const all = result.data?.all as { total: number; suppressed: boolean; online: number };
    expect(all.total).toBeGreaterThanOrEqual(minimumCell);
    expect(all.suppressed).toBe(false);
    expect(all.online).toBeGreaterThan(0);
    for (const group of result.data?.byAgency as Array<{
      statistics: { total: number; suppressed: boolean; ratings: number };
    }>) {
      expect(group.statistics.suppressed).toBe(group.statistics.total < minimumCell);
      if (group.statistics.suppressed) expect(group.statistics.ratings).toBe(0);
    }
  });

  it('suppresses a procedure’s statistics the same way', async () => {
    const result = await graph.query(
      `query($c: String!, $d: Date!) { procedure(code: $c) { statistics(from: $d, to: $d, provinceCode: "96") { total suppressed ratings averageRating } } }`,
      { c: procedure.code, d: vietnamDate() },
    );
    expect(result.errors).toBeUndefined();
    const stats = (result.data?.procedure as { statistics: { total: number; suppressed: boolean } })
      .statistics;
    expect(stats.suppressed).toBe(stats.total > 0 && stats.total < minimumCell);
    expect(stats.total).toBeGreaterThanOrEqual(1);
  });
});
