import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierSequences, dossiers } from '../drizzle/dossiers.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

// A busy one-stop shop's day: past 9,999 dossiers the codes stay codes, and a code already taken (a
// dossier imported with today's code before the counter knew it) never blocks the next submission.
const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
let db: Db;
let officer: string;
let run = 0;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
  db = graph.servers.find((s) => s.module.name === 'dossiers')?.db.db as Db;
  officer = await graph.token({
    sub: 'portal-sequence-test',
    agency: '000.00.00.H29',
    scope: 'dossier:write dossier:read:all citizen:basic citizen:full',
  });
});
afterAll(() => graph?.close());

const applicant = world.population.citizens.filter((c) => c.deathDate === null)[11];
// A provincial procedure of the national catalogue: filed at the province's public-service centre.
const procedure = world.procedures.procedures.find(
  (p) => p.onlineService === 'FULL' && p.level === 'PROVINCE' && p.code.length === 8,
);
const agency = '000.00.00.X52'; // Bình Định's one-stop shop: no other test files there
const today = () => vietnamDate(new Date()).slice(2).replace(/-/g, '');
const submit = () =>
  graph.query(
    `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code status version } }`,
    {
      input: {
        procedureCode: procedure?.code,
        applicant: { personalId: applicant?.personalId },
        channel: 'ONLINE',
        provinceCode: '52',
        idempotencyKey: `sequence-${process.pid}-${Date.now()}-${(run += 1)}`,
      },
    },
    { token: officer, purpose: 'Tiếp nhận hồ sơ' },
  );

describe('an agency’s daily sequence', () => {
  it('goes past 9,999 with codes that tracking, reading and moving accept', async () => {
    await db
      .insert(dossierSequences)
      .values({ agencyCode: agency, day: today(), last: 9998 })
      .onConflictDoUpdate({
        target: [dossierSequences.agencyCode, dossierSequences.day],
        set: { last: 9998 },
      });
    const [a, b] = [await submit(), await submit()];
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const codes = [a, b].map((r) => (r.data?.submitDossier as { code: string }).code);
    expect(codes).toEqual([`${agency}-${today()}-9999`, `${agency}-${today()}-10000`]);
    const code = codes[1] as string;
    const tracked = await graph.query(
      `query($c: String!) { trackDossier(code: $c) { status } }`,
      { c: code },
      { token: null },
    );
    expect(tracked.errors).toBeUndefined();
    expect(tracked.data?.trackDossier).toEqual({ status: 'SUBMITTED' });
    const read = await graph.query(
      `query($c: String!) { dossier(code: $c) { code } }`,
      { c: code },
      { token: officer },
    );
    expect(read.data?.dossier).toEqual({ code });
    const moved = await graph.query(
      `mutation($c: String!) { transitionDossier(code: $c, to: RECEIVED, expectedVersion: 1) { status version } }`,
      { c: code },
      { token: officer },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.transitionDossier).toEqual({ status: 'RECEIVED', version: 2 });
  });

  it('answers a submission whose next code is already taken with the number after it', async () => {
    const [counter] = await db
      .select()
      .from(dossierSequences)
      .where(and(eq(dossierSequences.agencyCode, agency), eq(dossierSequences.day, today())));
    const last = counter?.last ?? 0;
    // A dossier holding the next two codes, written without the counter (as an import of old did).
    const [template] = await db.select().from(dossiers).limit(1);
    for (const n of [last + 1, last + 2])
      await db.insert(dossiers).values({
        ...(template as typeof dossiers.$inferInsert),
        code: `${agency}-${today()}-${String(n).padStart(4, '0')}`,
        agencyCode: agency,
      });
    const result = await submit();
    expect(result.errors).toBeUndefined();
    expect((result.data?.submitDossier as { code: string }).code).toBe(
      `${agency}-${today()}-${String(last + 3).padStart(4, '0')}`,
    );
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(dossiers)
      .where(sql`${dossiers.code} like ${`${agency}-${today()}-%`}`);
    expect(n).toBe(5); // 9999 and 10000 from the first test, the two planted, this one
  });
});
