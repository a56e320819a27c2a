import { filingFor } from './support/filingFor.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { minimumCell, roundCount, roundingBase } from '../subgraphs/dossiers/publishStatistics.ts';
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

  it('withholds every figure of a set of fewer than 5 dossiers, its total too, and says so', async () => {
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
    expect(result.data?.narrow).toEqual({
      total: 0,
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
    const all = result.data?.all as Record<string, number | boolean | null>;
    expect(all.total).toBeGreaterThanOrEqual(minimumCell);
    expect(all.suppressed).toBe(false);
    expect(all.online).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(all))
      if (typeof value === 'number' && name !== 'averageRating') expect(value % roundingBase, name).toBe(0);
    for (const group of result.data?.byAgency as Array<{
      statistics: { total: number; suppressed: boolean; ratings: number };
    }>) {
      if (group.statistics.suppressed) expect(group.statistics).toMatchObject({ total: 0, ratings: 0 });
      else expect(group.statistics.total % roundingBase).toBe(0);
    }
  });

  // #26 point 2: two ranges one day apart covered 9 and 10 dossiers, neither suppressed, and their
  // difference was one dossier's channel, on-time completion, paperless count and rating.
  it('gives nothing to subtract between two periods that differ by a day or by a dossier', async () => {
    const byDay = new Map<string, typeof world.dossiers.dossiers>();
    for (const d of world.dossiers.dossiers) {
      const k = `${d.agencyCode} ${vietnamDate(d.receivedAt as Date)}`;
      byDay.set(k, [...(byDay.get(k) ?? []), d]);
    }
    // An agency-day holding one dossier, not the first day of its month.
    const [target] = [...byDay.entries()].find(([k, list]) => list.length === 1 && !k.endsWith('-01')) ?? [];
    expect(target).toBeDefined();
    const [agency, day] = (target as string).split(' ') as [string, string];
    const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const result = await graph.query(
      `query($a: String!, $before: Date!, $day: Date!) {
        upTo: dossierStatistics(agencyCode: $a, from: "2020-01-01", to: $before) { ${figures} from to }
        through: dossierStatistics(agencyCode: $a, from: "2020-01-01", to: $day) { ${figures} from to }
      }`,
      { a: agency, before: dayBefore, day },
    );
    expect(result.errors).toBeUndefined();
    // Both are counted to the end of the month: the same set, the same figures.
    expect(result.data?.upTo).toEqual(result.data?.through);
    expect((result.data?.through as { to: string }).to.slice(0, 7)).toBe(day.slice(0, 7));
    // And a whole month more or less moves each count by a multiple of 5, never by one dossier.
    const counted = world.dossiers.dossiers.filter((d) => d.agencyCode === agency).length;
    expect(roundCount(counted + 1) - roundCount(counted)).toBeGreaterThanOrEqual(0);
    expect([0, roundingBase]).toContain(roundCount(counted + 1) - roundCount(counted));
  });

  it('suppresses a procedure’s statistics the same way', async () => {
    const result = await graph.query(
      `query($c: String!, $d: Date!) { procedure(code: $c) { statistics(from: $d, to: $d, provinceCode: "96") { total suppressed ratings averageRating } } }`,
      { c: procedure.code, d: vietnamDate() },
    );
    expect(result.errors).toBeUndefined();
    const stats = (result.data?.procedure as { statistics: { total: number; suppressed: boolean } })
      .statistics;
    // This month's dossiers of the procedure in province 96: at least the one filed above.
    if (stats.suppressed) expect(stats.total).toBe(0);
    else expect(stats.total % roundingBase).toBe(0);
    expect(stats.suppressed || stats.total >= minimumCell).toBe(true);
  });
});
