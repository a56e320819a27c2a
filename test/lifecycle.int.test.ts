import { count } from 'drizzle-orm';
import { accessRecords } from '../drizzle/population.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import { agencySuffixOf } from '../runtime/agencyCodes.ts';
import { wardsOf } from '../runtime/adminUnits.ts';
import { filingFor } from './support/filingFor.ts';
import { eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierStatuses, type DossierStatus, dossiers } from '../drizzle/dossiers.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { allowedTransitions } from '../subgraphs/dossiers/lifecycle.ts';
import { addWorkingDays, dueDateOf, workingDaysBetween } from '../subgraphs/dossiers/workingDays.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
let officer: string;
let run = 0;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
  officer = await graph.token({
    sub: 'portal-test',
    agency: '000.00.00.H29',
    scope: 'dossier:write dossier:read:all citizen:basic',
  });
});
afterAll(() => graph?.close());

const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
/** A key no other test or run uses (the PostgreSQL test database is shared by the files of a run). */
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${(run += 1)}`;

const living = world.population.citizens.filter(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2004,
);
const applicant = living[7] as (typeof living)[number];
const withRegistryEvidence = world.procedures.procedures.find(
  (p) =>
    p.code.length === 8 &&
    p.onlineService === 'FULL' &&
    world.procedures.requirements.some(
      (r) => r.procedureCode === p.code && r.evidence === 'CITIZEN_REGISTRY',
    ) &&
    world.procedures.fees.some((f) => f.procedureCode === p.code && Number(f.amount) > 0),
) as (typeof world.procedures.procedures)[number];
const notOnline = world.procedures.procedures.find((p) => p.onlineService === 'NONE');

const submit = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) {
  code status version channel provinceCode receivedAt dueAt consultedRegistries agency { code }
  fee { amountDue discountPercent paid }
  procedure { code name }
  applicant { ... on Citizen { personalId fullName } }
  evidence { requirementId source citizen { personalId fullName } business { name } priorDossier { code } }
  history { from to actor } } }`;
/** A submission filed in Nghệ An (40) at its first ward's service point, unless `over` says otherwise. */
const input = (over: Record<string, unknown> = {}) => ({
  procedureCode: withRegistryEvidence.code,
  applicant: { personalId: applicant.personalId },
  channel: 'ONLINE',
  provinceCode: '40',
  wardCode: wardsOf(String(over.provinceCode ?? '40'))[0]?.code,
  idempotencyKey: key('submit'),
  ...over,
});
/** The agency that receives `withRegistryEvidence` filed in a province. */
const receiverIn = (provinceCode: string) => filingFor(withRegistryEvidence, provinceCode).agencyCode;
const codeOf = (provinceCode: string) =>
  new RegExp(`^${receiverIn(provinceCode).replace(/\./g, '\\.')}-\\d{6}-\\d{4}$`);
/** How many access records the population register holds about a citizen. */
async function accessRecordsOf(personalId: string): Promise<number> {
  const db = graph.servers.find((s) => s.module.name === 'population')?.db.db as Db;
  const [row] = await db
    .select({ n: count() })
    .from(accessRecords)
    .where(eq(accessRecords.personalId, personalId));
  return row?.n ?? 0;
}
/** How many dossiers are stored (not the published statistics, which are rounded). */
async function countDossiers() {
  const db = graph.servers.find((s) => s.module.name === 'dossiers')?.db.db as Db;
  const [row] = await db.select({ n: count() }).from(dossiers);
  return row?.n ?? 0;
}

describe('submitDossier', () => {
  it('files a dossier whose evidence comes live from the population database, in one query', async () => {
    const result = await graph.query(submit, { input: input() }, { token: officer });
    expect(result.errors).toBeUndefined();
    const d = result.data?.submitDossier as any;
    expect(d.code).toMatch(codeOf('40'));
    expect(d).toMatchObject({
      status: 'SUBMITTED',
      version: 1,
      channel: 'ONLINE',
      agency: { code: receiverIn('40') },
    });
    expect(d.applicant).toEqual({ personalId: applicant.personalId, fullName: applicant.fullName });
    const fromRegistry = d.evidence.filter((e: any) => e.source === 'CITIZEN_REGISTRY');
    expect(fromRegistry.length).toBeGreaterThan(0);
    for (const e of fromRegistry)
      expect(e.citizen).toEqual({ personalId: applicant.personalId, fullName: applicant.fullName });
    expect(d.consultedRegistries).toContain('population');
    expect(d.history).toEqual([{ from: null, to: 'SUBMITTED', actor: 'portal-test' }]);

    // Fee frozen from today's quote for Nghệ An online; due date in working days.
    const quote = await graph.query(
      `query($c: String!) { procedure(code: $c) { processingDays feeQuote(provinceCode: "40", channel: ONLINE) { amountDue discountPercent } } }`,
      {
        c: withRegistryEvidence.code,
      },
    );
    const p = quote.data?.procedure as any;
    expect(d.fee).toMatchObject({
      amountDue: p.feeQuote.amountDue,
      discountPercent: p.feeQuote.discountPercent,
    });
    expect(new Date(d.dueAt)).toEqual(dueDateOf(new Date(d.receivedAt), p.processingDays));
  });

  it('gives back the same dossier for the same key and payload; CONFLICT for another payload', async () => {
    const same = input();
    const first = await graph.query(submit, { input: same }, { token: officer });
    const again = await graph.query(submit, { input: same }, { token: officer });
    expect((again.data?.submitDossier as any).code).toBe((first.data?.submitDossier as any).code);
    const other = await graph.query(
      submit,
      { input: { ...same, provinceCode: '01', wardCode: wardsOf('01')[0]?.code } },
      { token: officer },
    );
    expect(codes(other)).toEqual(['CONFLICT']);
  });

  it('creates exactly one dossier for 20 parallel submissions with one key', async () => {
    const before = await countDossiers();
    const one = input();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => graph.query(submit, { input: one }, { token: officer })),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(new Set(results.map((r) => (r.data?.submitDossier as any).code)).size).toBe(1);
    expect(await countDossiers()).toBe(before + 1);
  });

  it('numbers concurrent submissions uniquely within the agency and day', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        graph.query(submit, { input: input({ provinceCode: '92' }) }, { token: officer }),
      ),
    );
    const codesMade = results.map((r) => (r.data?.submitDossier as any)?.code);
    expect(codesMade.every((c) => codeOf('92').test(c))).toBe(true);
    expect(new Set(codesMade).size).toBe(20);
  });

  it('meets a requirement an e-document serves with no earlier dossier: without the document, it is paper', async () => {
    // Every PRIOR_RESULT requirement of the catalogue names the e-document types that meet it
    // (reference/document-types.json): an applicant's latest finished dossier proves nothing of what it issued.
    const needsPrior = world.procedures.procedures.find(
      (p) =>
        p.onlineService !== 'NONE' &&
        p.code.length === 8 &&
        world.procedures.requirements.some(
          (r) => r.procedureCode === p.code && r.evidence === 'PRIOR_RESULT',
        ),
    );
    const holders = new Set(world.documents.documents.map((d) => d.holderId));
    const finished = world.dossiers.dossiers
      .filter(
        (d) =>
          d.applicantPersonalId &&
          !holders.has(d.applicantPersonalId) &&
          (d.status === 'COMPLETED' || d.status === 'RESULT_RETURNED'),
      )
      .sort((a, b) => (b.completedAt as Date).getTime() - (a.completedAt as Date).getTime());
    const person = finished[0]?.applicantPersonalId as string;
    const result = await graph.query(
      submit,
      { input: input({ procedureCode: needsPrior?.code, applicant: { personalId: person } }) },
      { token: officer },
    );
    expect(result.errors).toBeUndefined();
    const sources = (result.data?.submitDossier as any).evidence.map((e: any) => e.source);
    expect(sources).not.toContain('PRIOR_RESULT');
    const priorRequirement = world.procedures.requirements.find(
      (r) => r.procedureCode === needsPrior?.code && r.evidence === 'PRIOR_RESULT',
    );
    expect(
      (result.data?.submitDossier as any).evidence.find((e: any) => e.requirementId === priorRequirement?.id),
    ).toMatchObject({ source: 'PAPER', priorDossier: null });
  });

  it('refuses bad submissions with a clear error and writes nothing', async () => {
    const before = await countDossiers();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ procedureCode: '1.999999' }, 'NOT_FOUND'],
      [{ applicant: { personalId: '001090999999' } }, 'NOT_FOUND'],
      [{ applicant: {} }, 'BAD_USER_INPUT'],
      [
        {
          applicant: {
            personalId: applicant.personalId,
            enterpriseCode: world.business.businesses[0]?.enterpriseCode,
          },
        },
        'BAD_USER_INPUT',
      ],
      [{ procedureCode: notOnline?.code }, 'BAD_USER_INPUT'],
      [{ provinceCode: '99' }, 'BAD_USER_INPUT'],
      [{ idempotencyKey: '' }, 'BAD_USER_INPUT'],
    ];
    for (const [over, code] of cases) {
      const result = await graph.query(submit, { input: input(over) }, { token: officer });
      expect(codes(result), JSON.stringify(over)).toEqual([code]);
    }
    expect(await countDossiers()).toBe(before);
  });

  it('refuses a dossier filed where it may not be, naming the rule, and reads no one for it', async () => {
    const reasons = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
      (result.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.reason, e.extensions?.argument]);
    const commune = world.procedures.procedures.find(
      (p) => p.level === 'COMMUNE' && p.onlineService !== 'NONE' && p.code.length === 8,
    );
    const foreign = world.procedures.procedures.find(
      (p) => p.code.length > 8 && p.onlineService !== 'NONE' && !p.code.endsWith(agencySuffixOf('40')),
    );
    const before = await countDossiers();
    const logBefore = await accessRecordsOf(applicant.personalId);
    expect(
      reasons(
        await graph.query(submit, { input: input({ procedureCode: foreign?.code }) }, { token: officer }),
      ),
    ).toEqual([['BAD_USER_INPUT', 'PROCEDURE_OF_ANOTHER_PROVINCE', 'provinceCode']]);
    expect(
      reasons(await graph.query(submit, { input: input({ wardCode: '97901' }) }, { token: officer })),
    ).toEqual([['BAD_USER_INPUT', 'WARD_OF_ANOTHER_PROVINCE', 'wardCode']]);
    // #26 point 20: a code no ward has is not "of another province".
    expect(
      reasons(await graph.query(submit, { input: input({ wardCode: '04099' }) }, { token: officer })),
    ).toEqual([['BAD_USER_INPUT', 'UNKNOWN_WARD', 'wardCode']]);
    // #26 point 19: the catalogue alone refuses this one, and the applicant's registry record is not read.
    expect(
      reasons(
        await graph.query(
          submit,
          { input: input({ procedureCode: commune?.code, wardCode: null }) },
          { token: officer },
        ),
      ),
    ).toEqual([['BAD_USER_INPUT', 'COMMUNE_SERVICE_POINT_REQUIRED', 'wardCode']]);
    expect(await accessRecordsOf(applicant.personalId)).toBe(logBefore);
    expect(await countDossiers()).toBe(before);
  });

  it('lets a citizen file only for themself', async () => {
    const token = await graph.token({ sub: applicant.personalId, role: 'citizen' });
    const own = await graph.query(submit, { input: input() }, { token });
    expect(own.errors).toBeUndefined();
    const other = living[8] as (typeof living)[number];
    const forOther = await graph.query(
      submit,
      { input: input({ applicant: { personalId: other.personalId } }) },
      { token },
    );
    expect(codes(forOther)).toEqual(['FORBIDDEN']);
  });

  it('leaves nothing behind when a failure strikes after the first insert', async () => {
    const dossiers = graph.servers.find((s) => s.module.name === 'dossiers');
    const db = dossiers?.db.db;
    if (!db) throw new Error('no dossiers database');
    const before = await countDossiers();
    const failing = input();
    // The dossier row is inserted before its first event: make that event's insert fail.
    await db.execute(sql`create or replace function dossiers.test_fail() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`);
    await db.execute(
      sql`create trigger test_fail before insert on dossiers.dossier_events for each row execute function dossiers.test_fail()`,
    );
    try {
      const result = await graph.query(submit, { input: failing }, { token: officer });
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(await countDossiers()).toBe(before);
    } finally {
      await db.execute(sql`drop trigger test_fail on dossiers.dossier_events`);
    }
    // The key was not kept either: the same submission now goes through once.
    const retried = await graph.query(submit, { input: failing }, { token: officer });
    expect(retried.errors).toBeUndefined();
    expect(await countDossiers()).toBe(before + 1);
  });
});

describe('submission rules the docs promise', () => {
  it('keeps idempotency keys per client: two portals with one key file two dossiers', async () => {
    const otherPortal = await graph.token({
      sub: 'portal-other',
      agency: '000.00.00.H41',
      scope: 'dossier:write dossier:read:all citizen:basic',
    });
    const shared = key('shared');
    const first = await graph.query(submit, { input: input({ idempotencyKey: shared }) }, { token: officer });
    const second = await graph.query(
      submit,
      { input: input({ idempotencyKey: shared }) },
      { token: otherPortal },
    );
    const again = await graph.query(submit, { input: input({ idempotencyKey: shared }) }, { token: officer });
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const [a, b, c] = [first, second, again].map((r) => (r.data?.submitDossier as any).code);
    expect(b).not.toBe(a);
    expect(c).toBe(a);
  });

  it('refuses a deceased applicant with BAD_USER_INPUT and files nothing', async () => {
    const deceased = world.population.citizens.find((c) => c.deathDate !== null);
    expect(deceased).toBeDefined();
    const before = await countDossiers();
    const r = await graph.query(
      submit,
      { input: input({ applicant: { personalId: deceased?.personalId } }) },
      { token: officer },
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.message).toMatch(/deceased/);
    expect(await countDossiers()).toBe(before);
  });
});

describe('transitionDossier', () => {
  const transition = `mutation($code: String!, $to: DossierStatus!, $v: Int!, $note: String) {
    transitionDossier(code: $code, to: $to, expectedVersion: $v, note: $note) { code status version completedAt history { from to note } } }`;

  it('lets exactly one of 50 parallel changes with the same expected version through', async () => {
    const created = await graph.query(submit, { input: input() }, { token: officer });
    const code = (created.data?.submitDossier as any).code;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        graph.query(transition, { code, to: 'RECEIVED', v: 1 }, { token: officer }),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(codes(r)).toEqual(['CONFLICT']);
    const after = await graph.query(
      `query($c: String!) { dossier(code: $c) { version history { to } } }`,
      { c: code },
      { token: officer },
    );
    expect(after.data?.dossier).toEqual({ version: 2, history: [{ to: 'SUBMITTED' }, { to: 'RECEIVED' }] });
  });

  it('follows the lifecycle to a result and records every step', async () => {
    const created = await graph.query(submit, { input: input({ channel: 'IN_PERSON' }) }, { token: officer });
    const code = (created.data?.submitDossier as any).code;
    let version = 1;
    for (const to of ['IN_PROGRESS', 'SUPPLEMENT_REQUESTED', 'IN_PROGRESS', 'COMPLETED', 'RESULT_RETURNED']) {
      const r = await graph.query(transition, { code, to, v: version, note: `to ${to}` }, { token: officer });
      expect(r.errors, to).toBeUndefined();
      version = (r.data?.transitionDossier as any).version;
    }
    const d = await graph.query(
      `query($c: String!) { dossier(code: $c) { status nationalStatusCode completedAt history { from to } } }`,
      { c: code },
      { token: officer },
    );
    const dossier = d.data?.dossier as any;
    expect(dossier.status).toBe('RESULT_RETURNED');
    expect(dossier.nationalStatusCode).toBe(10);
    expect(dossier.completedAt).not.toBeNull();
    expect(dossier.history.map((h: any) => h.to)).toEqual([
      'RECEIVED',
      'IN_PROGRESS',
      'SUPPLEMENT_REQUESTED',
      'IN_PROGRESS',
      'COMPLETED',
      'RESULT_RETURNED',
    ]);
  });

  it('rejects every transition the lifecycle does not allow', async () => {
    let checked = 0;
    for (const from of dossierStatuses) {
      const dossier = world.dossiers.dossiers.find((d) => d.status === from);
      if (!dossier) throw new Error(`no seeded dossier in ${from}`);
      for (const to of dossierStatuses.filter(
        (s) => !allowedTransitions[from].includes(s as DossierStatus),
      )) {
        const r = await graph.query(
          transition,
          { code: dossier.code, to, v: dossier.version },
          { token: officer },
        );
        expect(codes(r), `${from} → ${to}`).toEqual(['INVALID_TRANSITION']);
        checked += 1;
      }
    }
    expect(checked).toBe(dossierStatuses.length ** 2 - Object.values(allowedTransitions).flat().length);
  });

  it('answers INVALID_TRANSITION with the steps the lifecycle does allow', async () => {
    const created = await graph.query(submit, { input: input() }, { token: officer });
    const code = (created.data?.submitDossier as any).code;
    const r = await graph.query(transition, { code, to: 'COMPLETED', v: 1 }, { token: officer });
    expect(codes(r)).toEqual(['INVALID_TRANSITION']);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      from: 'SUBMITTED',
      to: 'COMPLETED',
      allowed: [...allowedTransitions.SUBMITTED],
    });
  });

  it.each(['SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED'])(
    'stops the clock at %s and moves the due date on by the working days it stood still',
    async (waiting) => {
      const created = await graph.query(
        submit,
        { input: input({ channel: 'IN_PERSON' }) },
        { token: officer },
      );
      const code = (created.data?.submitDossier as any).code;
      const r = await graph.query(transition, { code, to: waiting, v: 1 }, { token: officer });
      expect(r.errors).toBeUndefined();
      // The wait began ten days ago: its clock stopped then.
      const stoppedAt = new Date(Date.now() - 10 * 24 * 3600_000);
      const db = graph.servers.find((s) => s.module.name === 'dossiers')?.db.db;
      await db?.update(dossiers).set({ clockStoppedAt: stoppedAt }).where(eq(dossiers.code, code));
      const before = await graph.query(
        `query($c: String!) { dossier(code: $c) { dueAt overdue } }`,
        { c: code },
        { token: officer },
      );
      const dueBefore = new Date((before.data?.dossier as any).dueAt);
      expect((before.data?.dossier as any).overdue).toBe(false);
      const resumedAround = new Date();
      const resumed = await graph.query(
        `mutation($c: String!) { transitionDossier(code: $c, to: IN_PROGRESS, expectedVersion: 2) { dueAt fee { paid } } }`,
        { c: code },
        { token: officer },
      );
      expect(resumed.errors).toBeUndefined();
      const stood = workingDaysBetween(stoppedAt, resumedAround);
      expect(stood).toBeGreaterThanOrEqual(6);
      expect(new Date((resumed.data?.transitionDossier as any).dueAt)).toEqual(
        addWorkingDays(dueBefore, stood),
      );
      // Leaving PAYMENT_REQUIRED for processing marks the fee paid; a supplement does not.
      expect((resumed.data?.transitionDossier as any).fee.paid).toBe(waiting === 'PAYMENT_REQUIRED');
    },
  );

  it('refuses a stale expected version with CONFLICT', async () => {
    const created = await graph.query(submit, { input: input() }, { token: officer });
    const code = (created.data?.submitDossier as any).code;
    const stale = await graph.query(transition, { code, to: 'RECEIVED', v: 7 }, { token: officer });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);
  });
});

describe('rateDossier', () => {
  const rate = `mutation($code: String!, $score: Int!, $comment: String) { rateDossier(code: $code, score: $score, comment: $comment) { rating { score comment } } }`;

  it('rates a finished dossier once, by the submitting client', async () => {
    const created = await graph.query(submit, { input: input({ channel: 'IN_PERSON' }) }, { token: officer });
    const code = (created.data?.submitDossier as any).code;
    const early = await graph.query(rate, { code, score: 5 }, { token: officer });
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    let version = 1;
    for (const to of ['IN_PROGRESS', 'COMPLETED']) {
      const r = await graph.query(
        `mutation($c: String!, $to: DossierStatus!, $v: Int!) { transitionDossier(code: $c, to: $to, expectedVersion: $v) { version } }`,
        { c: code, to, v: version },
        { token: officer },
      );
      version = (r.data?.transitionDossier as any).version;
    }
    expect(codes(await graph.query(rate, { code, score: 6 }, { token: officer }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const someoneElse = await graph.token({
      sub: 'other-portal',
      agency: receiverIn('40'),
      scope: 'dossier:write dossier:read',
    });
    expect(codes(await graph.query(rate, { code, score: 4 }, { token: someoneElse }))).toEqual(['FORBIDDEN']);
    const first = await graph.query(rate, { code, score: 4, comment: 'Nhanh gọn' }, { token: officer });
    expect(first.data?.rateDossier).toEqual({ rating: { score: 4, comment: 'Nhanh gọn' } });
    expect(codes(await graph.query(rate, { code, score: 1 }, { token: officer }))).toEqual(['CONFLICT']);
  });
});
