import { sql } from 'drizzle-orm';
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import type { Db, DbHandle } from '../subgraphs/kit/createDb.ts';
import { createAccessLogCheckpointer } from '../subgraphs/population/accessLogCheckpointer.ts';
import { createAccessLogPartitions, monthStart } from '../subgraphs/population/accessLogPartitions.ts';
import { openCheckpoint } from '../subgraphs/population/checkpointNote.ts';
import { loadAccessLogKeys } from '../subgraphs/population/accessLogKeys.ts';
import { loadEnv } from '../runtime/env.ts';
import { fileWitness } from '../subgraphs/population/checkpointWitness.ts';
import { leafHash, rootFromInclusion, verifyConsistency } from '../subgraphs/population/merkleTree.ts';
import { createPopulationRepository } from '../subgraphs/population/repository.ts';
import { verifyAccessLog } from '../subgraphs/population/verifyAccessLog.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';
import { slow } from './support/slow.ts';
import { openTestDb } from './support/testDatabase.ts';

// The access log as a Merkle tree with signed, witnessed checkpoints: an insider with the database
// (and not the key, not the witness) cannot edit, delete, truncate, rewrite or thin it unnoticed.
const dir = mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const world = generateWorld(demoSize);
const [alice, bob, carol] = world.population.citizens;
const logger = createLogger('test', 'silent');
let run = 0;

function record(personalId: string, i: number) {
  return {
    at: new Date(Date.UTC(2026, 11, 1, 8, 0, i)),
    personalId,
    clientId: 'lgsp-test',
    agencyCode: '000.00.00.H29',
    purpose: `kiểm tra ${i}`,
    dossierCode: null,
    legalBasis: null,
    fields: ['fullName'],
    requestId: `tamper-${i}`,
  };
}

/** A fresh population database with a log of 40 records under two witnessed checkpoints (30, then 40). */
async function logWithCheckpoints() {
  const handle: DbHandle = await openTestDb('population');
  const keys = generateKeyPairSync('ed25519');
  const witness = fileWitness(path.join(dir, `witness-${(run += 1)}.jsonl`));
  const checkpointer = createAccessLogCheckpointer(handle.db, { ...keys, witness, logger });
  const repo = createPopulationRepository(handle.db);
  const people = [alice, bob, carol].map((c) => c?.personalId ?? '');
  await repo.appendAccessRecords(Array.from({ length: 30 }, (_, i) => record(people[i % 3] as string, i)));
  await checkpointer.checkpoint();
  await repo.appendAccessRecords(
    Array.from({ length: 10 }, (_, i) => record(people[i % 3] as string, 30 + i)),
  );
  await checkpointer.checkpoint();
  const verify = () => verifyAccessLog(handle.db, { publicKey: keys.publicKey, witness });
  return { handle, db: handle.db, keys, witness, verify, checkpointer };
}

/** Runs a test on a fresh log (see logWithCheckpoints), closing its database whatever happens. */
async function withLog(test: (log: Awaited<ReturnType<typeof logWithCheckpoints>>) => Promise<void>) {
  const log = await logWithCheckpoints();
  try {
    await test(log);
  } finally {
    await log.handle.close();
  }
}

/** What an insider with the database does after changing records: renumber and rehash everything, and
 * sign new checkpoints with a key of their own (the log's key is not in the database). */
async function rebuildWithoutTheKey(db: Db) {
  await db.execute(sql`delete from population.access_tree`);
  await db.execute(sql`delete from population.access_checkpoints`);
  await db.execute(sql`update population.access_records set leaf_index = null, leaf_hash = null`);
  const forger = createAccessLogCheckpointer(db, {
    ...generateKeyPairSync('ed25519'),
    witness: fileWitness(path.join(dir, `forger-${(run += 1)}.jsonl`)),
    logger,
  });
  await forger.checkpoint();
}

const recordId = async (db: Db, requestId: string) =>
  Number(
    (
      await db
        .select({ id: sql<number>`id` })
        .from(sql`population.access_records`)
        .where(sql`request_id = ${requestId}`)
    )[0]?.id,
  );

describe('the access log cannot be rewritten unnoticed', () => {
  it('verifies an intact log against its two witnessed checkpoints', async () => {
    await withLog(async (log) => {
      const report = await log.verify();
      expect(report.problems).toEqual([]);
      expect(report.witnessed).toBe(report.checked);
      expect(report.checked).toBeGreaterThanOrEqual(40);
      const notes = await log.witness.notes();
      expect(notes).toHaveLength(2);
      expect(notes.map((n) => openCheckpoint(n, log.keys.publicKey)?.size)).toEqual([
        report.checked - 10,
        report.checked,
      ]);
    });
  });

  it('detects an edited row', async () => {
    await withLog(async (log) => {
      const id = await recordId(log.db, 'tamper-12');
      await log.db.execute(
        sql`update population.access_records set purpose = 'nothing to see' where id = ${id}`,
      );
      const { problems } = await log.verify();
      expect(problems[0]).toMatch(new RegExp(`record ${id} \\(leaf \\d+\\) was edited`));
      expect(problems.join('\n')).toMatch(/differs from the checkpoint witnessed/);
    });
  });

  it('detects a deleted row', async () => {
    await withLog(async (log) => {
      await log.db.execute(sql`delete from population.access_records where request_id = 'tamper-20'`);
      const { problems } = await log.verify();
      expect(problems.join('\n')).toMatch(/leaf \d+ is missing: a record was deleted/);
    });
  });

  it('detects a dropped tail', async () => {
    await withLog(async (log) => {
      const last = await recordId(log.db, 'tamper-35');
      await log.db.execute(sql`delete from population.access_records where id >= ${last}`);
      // The checkpoints the database held for the dropped records go too (the witness keeps its copies).
      await log.db.execute(
        sql`delete from population.access_checkpoints where size > (select count(*) from population.access_records)`,
      );
      const { problems } = await log.verify();
      expect(problems.join('\n')).toMatch(
        /the witness vouches for \d+ records and the database holds \d+: the tail was dropped/,
      );
      // And the service will not sign on top of it.
      await expect(log.checkpointer.checkpoint()).rejects.toThrow(/not extending a truncated log/);
    });
  });

  // #26 point 4: an insider deleted the oldest leaves and inserted a retention row; verify said intact.
  it('detects the oldest records erased under a retention row no one signed', async () => {
    await withLog(async (log) => {
      await log.db.execute(sql`delete from population.access_records where leaf_index < 16`);
      await log.db.execute(
        sql`insert into population.access_retention (month, end_leaf, dropped_at) values ('2026-11-01', 16, now())`,
      );
      expect((await log.verify()).problems.join('\n')).toMatch(/start.* at leaf 16, but retention is off/);
      const withRetention = await verifyAccessLog(log.db, {
        publicKey: log.keys.publicKey,
        witness: log.witness,
        retentionMonths: 1,
      });
      expect(withRetention.problems.join('\n')).toMatch(/no signed, witnessed retention cut/);
      // Nor will the service sign it: the month is inside retention (or retention is off).
      const partitions = createAccessLogPartitions(log.db, {
        logger,
        retentionMonths: 1,
        signer: { ...log.keys, witness: log.witness },
      });
      await partitions.maintain(new Date(Date.UTC(2026, 11, 15)));
      expect(await log.witness.cuts()).toEqual([]);
    });
  });

  it('detects an emptied witness, and a dropped tail against the database’s own signed checkpoints', async () => {
    await withLog(async (log) => {
      const emptied = fileWitness(path.join(dir, `emptied-${(run += 1)}.jsonl`));
      const verifyWith = () => verifyAccessLog(log.db, { publicKey: log.keys.publicKey, witness: emptied });
      expect((await verifyWith()).problems.join('\n')).toMatch(/the witness holds no checkpoint/);
      await log.db.execute(sql`delete from population.access_records where leaf_index >= 35`);
      expect((await verifyWith()).problems.join('\n')).toMatch(
        /database's signed checkpoint vouches for 40 records and it holds 35/,
      );
    });
  });

  it('detects a log rewritten with every hash recomputed', async () => {
    await withLog(async (log) => {
      await log.db.execute(
        sql`update population.access_records set client_id = 'someone-else' where request_id = 'tamper-3'`,
      );
      await rebuildWithoutTheKey(log.db);
      const { problems } = await log.verify();
      // Every stored leaf hash matches its row again; the witnessed roots do not.
      expect(problems.join('\n')).not.toMatch(/was edited/);
      expect(problems.join('\n')).toMatch(/not signed by the access-log key/);
      expect(problems.join('\n')).toMatch(/differs from the checkpoint witnessed/);
    });
  });

  it('detects one citizen’s records removed and the tree rebuilt', async () => {
    await withLog(async (log) => {
      await log.db.execute(
        sql`delete from population.access_records where personal_id = ${bob?.personalId ?? ''}`,
      );
      await rebuildWithoutTheKey(log.db);
      const { problems } = await log.verify();
      expect(problems.join('\n')).not.toMatch(/is missing/);
      expect(problems.join('\n')).toMatch(/differs from the checkpoint witnessed|the tail was dropped/);
    });
  });
});

describe('the access log by month', () => {
  /** A read of one citizen at the given day (UTC), with a request id of its own. */
  const readOn = (day: string, i: number) => ({
    ...record(alice?.personalId ?? '', i),
    at: new Date(`${day}T08:00:00Z`),
    requestId: `month-${day}-${i}`,
  });
  const partitionsOf = async (db: Db) =>
    (
      await db
        .select({ part: sql<string>`tableoid::regclass::text`, n: sql<number>`count(*)::int` })
        .from(sql`population.access_records`)
        .groupBy(sql`tableoid`)
        .orderBy(sql`1`)
    ).map((r) => `${r.part}: ${r.n}`);

  it('keeps each record in its month’s partition, and moves a month that waited in the default into its own', async () => {
    const handle = await openTestDb('population');
    try {
      const repo = createPopulationRepository(handle.db);
      // The migration added this month and the next two; a month long past has no partition yet.
      await repo.appendAccessRecords([readOn(monthStart(new Date()), 1), readOn('2025-03-10', 2)]);
      expect(await partitionsOf(handle.db)).toEqual([
        `population.access_records_${monthStart(new Date()).slice(0, 7).replace('-', '_')}: 1`,
        'population.access_records_default: 1',
      ]);
      expect(await repo.ensureAccessMonths(['2025-03-31'])).toBe(1);
      expect(await repo.ensureAccessMonths(['2025-03-01'])).toBe(0);
      expect(await partitionsOf(handle.db)).toEqual([
        'population.access_records_2025_03: 1',
        `population.access_records_${monthStart(new Date()).slice(0, 7).replace('-', '_')}: 1`,
      ]);
    } finally {
      await handle.close();
    }
  });

  it('drops months past retention once they are in the tree; what stays still verifies against the witness', async () => {
    const handle = await openTestDb('population');
    try {
      const { db } = handle;
      const repo = createPopulationRepository(db);
      const keys = generateKeyPairSync('ed25519');
      const witness = fileWitness(path.join(dir, `witness-months-${(run += 1)}.jsonl`));
      const checkpointer = createAccessLogCheckpointer(db, { ...keys, witness, logger });
      const now = new Date(Date.UTC(2026, 11, 15));
      const verify = () =>
        verifyAccessLog(db, { publicKey: keys.publicKey, witness, retentionMonths: 2, now });
      const partitions = createAccessLogPartitions(db, {
        logger,
        retentionMonths: 2,
        signer: { ...keys, witness },
      });
      await repo.ensureAccessMonths(['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
      // July and August (leaves 0-5), then September (6-8) and one more August read written after
      // them (leaf 9: records written across midnight), then October and December (10-15).
      await repo.appendAccessRecords([1, 2, 3].map((i) => readOn('2026-07-05', i)));
      await repo.appendAccessRecords([4, 5, 6].map((i) => readOn('2026-08-05', i)));
      await checkpointer.checkpoint();
      await repo.appendAccessRecords([7, 8, 9].map((i) => readOn('2026-09-05', i)));
      await repo.appendAccessRecords([readOn('2026-08-31', 10)]);
      await checkpointer.checkpoint();
      await repo.appendAccessRecords([11, 12, 13].map((i) => readOn('2026-10-05', i)));
      await repo.appendAccessRecords([14, 15, 16].map((i) => readOn('2026-12-05', i)));
      await checkpointer.checkpoint();
      expect((await verify()).problems).toEqual([]);

      // Two whole months kept before December: July, August and September go.
      expect((await partitions.maintain(now)).dropped).toEqual(['2026-07-01', '2026-08-01', '2026-09-01']);
      expect(await partitionsOf(db)).toEqual([
        'population.access_records_2026_10: 3',
        'population.access_records_2026_12: 3',
      ]);
      const report = await verify();
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ retainedFrom: 10, checked: 6, witnessed: 16 });
      // The cut is signed and witnessed: the same log read with retention off, or a shorter one, is not.
      expect((await witness.cuts()).length).toBe(3);
      const off = await verifyAccessLog(db, { publicKey: keys.publicKey, witness, retentionMonths: 0, now });
      expect(off.problems.join('\n')).toMatch(/retention is off/);
      const shorter = await verifyAccessLog(db, {
        publicKey: keys.publicKey,
        witness,
        retentionMonths: 4,
        now,
      });
      expect(shorter.problems.join('\n')).toMatch(/inside the retention of 4 months/);
      // The tree goes on: new reads are signed on top of the cut log, and it verifies.
      await repo.appendAccessRecords([readOn('2026-12-06', 17)]);
      await checkpointer.checkpoint();
      expect(await verify()).toMatchObject({ problems: [], retainedFrom: 10, checked: 7 });

      // A month holding a record not yet in the tree is kept (and every month after it).
      await repo.appendAccessRecords([readOn('2026-10-20', 18)]);
      expect((await partitions.maintain(new Date(Date.UTC(2027, 1, 15)))).dropped).toEqual([]);

      // A retained record deleted is still caught.
      await db.execute(
        sql`delete from population.access_records where request_id = ${'month-2026-10-05-12'}`,
      );
      expect((await verify()).problems.join('\n')).toMatch(/leaf 11 is missing: a record was deleted/);
    } finally {
      await handle.close();
    }
  });
});

describe('proofs for citizens and auditors', () => {
  let graph: InProcessSupergraph;
  let publicKey: KeyObject;
  let checkpoint: () => Promise<number>;
  beforeAll(async () => {
    graph = await createInProcessSupergraph();
    const population = graph.servers.find((s) => s.module.name === 'population');
    // The service's own key (the development one under its data directory): the key it publishes.
    const keys = await loadAccessLogKeys(loadEnv({ DATA_DIR: graph.keyDir }));
    publicKey = keys.publicKey;
    const checkpointer = createAccessLogCheckpointer(population?.db.db as Db, {
      ...keys,
      witness: fileWitness(path.join(dir, 'graph-witness.jsonl')),
      logger,
    });
    checkpoint = checkpointer.checkpoint;
  }, slow(120_000));
  afterAll(() => graph?.close());

  const logQuery = `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 10) { nodes {
    requestId fields inclusion { leafIndex treeSize leafData leafHash auditPath checkpoint } } } } }`;

  it('writes one record per citizen per request, across the fetches of the request', async () => {
    const dossier = world.dossiers.dossiers.find(
      (d) =>
        d.applicantPersonalId &&
        world.dossiers.dossierEvidence.some(
          (e) => e.dossierCode === d.code && e.citizenId === d.applicantPersonalId,
        ),
    );
    const person = dossier?.applicantPersonalId as string;
    const requestId = `one-record-${process.pid}-${Date.now()}`;
    // The applicant, and the same person as evidence: two population fetches in one request.
    const result = await graph.query(
      `query($code: String!) { dossier(code: $code) { applicant { ... on Citizen { fullName } }
        evidence { citizen { fullName birthDate } } } }`,
      { code: dossier?.code },
      { requestId, purpose: 'Giải quyết hồ sơ' },
    );
    expect(result.errors).toBeUndefined();
    const token = await graph.token({ sub: person, role: 'citizen' });
    const log = await graph.query(logQuery, { id: person }, { token, purpose: null });
    const mine = ((log.data?.citizen as any).accessLog.nodes as any[]).filter(
      (r) => r.requestId === requestId,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].fields).toEqual(['birthDate', 'fullName']);
  });

  it('lets a record settle before the tree takes it, so that a request resent meanwhile is the same read', async () =>
    withLog(async ({ db, keys, witness }) => {
      const repo = createPopulationRepository(db);
      const person = alice?.personalId ?? '';
      const read = (fields: string[]) => ({
        ...record(person, 0),
        requestId: 'resent-1',
        at: new Date(),
        fields,
      });
      // The population's own checkpointer lets records settle for seconds; this one for a minute.
      const settling = createAccessLogCheckpointer(db, { ...keys, witness, logger, settleMs: 60_000 });
      await repo.appendAccessRecords([read(['birthDate', 'fullName'])]);
      await settling.checkpoint();
      // The same request resent (its first answer lost with a killed replica): the read is logged already.
      await repo.appendAccessRecords([read(['fullName'])]);
      // Once in the tree (at shutdown everything goes in), the same request id is another read.
      await settling.stop();
      await repo.appendAccessRecords([read(['fullName'])]);
      const rows = await db
        .select({ fields: sql<string[]>`fields`, leafIndex: sql<number | null>`leaf_index` })
        .from(sql`population.access_records`)
        .where(sql`request_id = 'resent-1'`)
        .orderBy(sql`id`);
      expect(rows.map((r) => r.fields)).toEqual([['birthDate', 'fullName'], ['fullName']]);
      expect(rows[0]?.leafIndex).not.toBeNull();
    }));

  // #26 point 18: the proofs were right, but the key that verifies them was published nowhere and the
  // leaf format undocumented. An outsider's check, with node:crypto alone: the published verifier key,
  // the note's signature, the documented leaf, RFC 9162's inclusion algorithm.
  it('publishes its verifier key, with which an outsider checks a record from the documentation alone', async () => {
    const person = carol?.personalId as string;
    await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
      { id: person },
      { purpose: 'kiểm tra khóa' },
    );
    await checkpoint();
    const vkey = (await graph.query(`{ accessLogVerifierKey }`, undefined, { token: null })).data
      ?.accessLogVerifierKey as string;
    // name+hash+key: the base64 of the key may hold '+' itself, so split at the first two only.
    const [name, keyHashHex] = vkey.split('+') as [string, string];
    const encoded = vkey.slice(name.length + keyHashHex.length + 2);
    expect(name).toBe('population.access-log.vn-data-sharing-gateway');
    const raw = Buffer.from(encoded, 'base64');
    expect(raw[0]).toBe(1); // Ed25519
    const key = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]),
      format: 'der',
      type: 'spki',
    });
    expect(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from(`${name}\n`), raw]))
        .digest()
        .subarray(0, 4)
        .toString('hex'),
    ).toBe(keyHashHex);

    const token = await graph.token({ sub: person, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 1) { nodes { at clientId agencyCode purpose dossierCode legalBasis fields requestId
        inclusion { leafIndex treeSize leafData leafHash auditPath checkpoint } } } } }`,
      { id: person },
      { token, purpose: null },
    );
    const record = ((log.data?.citizen as any).accessLog.nodes as any[])[0];
    const { inclusion } = record;
    // The note: body, blank line, "— <name> base64(key hash ‖ signature)"; the body's lines are origin, size, root.
    const [body, signatureLine] = (inclusion.checkpoint as string).split('\n\n') as [string, string];
    const blob = Buffer.from((signatureLine.split(' ')[2] as string).trim(), 'base64');
    expect(blob.subarray(0, 4).toString('hex')).toBe(keyHashHex);
    expect(verify(null, Buffer.from(`${body}\n`), key, blob.subarray(4))).toBe(true);
    const [, size, rootB64] = body.split('\n') as [string, string, string];
    expect(size).toBe(inclusion.treeSize);
    // The leaf as documented: nine values in order, the same as the record shown, and the legal basis
    // last when the read had one (the test client reads under one).
    const leaf = JSON.parse(inclusion.leafData);
    expect(Number.isInteger(leaf[0]) && leaf[0] > 0).toBe(true); // the record's id
    expect(leaf[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // AccessRecord.at is shown to the second; the leaf keeps the milliseconds.
    expect(Math.floor(Date.parse(leaf[1]) / 1000) * 1000).toBe(Date.parse(record.at));
    expect(leaf.slice(2)).toEqual([
      person,
      record.clientId,
      record.agencyCode,
      record.purpose,
      record.dossierCode,
      record.fields,
      record.requestId,
      ...(record.legalBasis ? [{ legalBasis: record.legalBasis }] : []),
    ]);
    expect(record.legalBasis).toBe('PUBLIC-SERVICE-PORTAL');
    // RFC 9162 §2.1.3.2, with big integers.
    const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    let r = sha(Buffer.of(0), Buffer.from(inclusion.leafData, 'utf8'));
    expect(r.toString('base64')).toBe(inclusion.leafHash);
    let fn = BigInt(inclusion.leafIndex);
    let sn = BigInt(inclusion.treeSize) - 1n;
    for (const p of (inclusion.auditPath as string[]).map((h) => Buffer.from(h, 'base64'))) {
      expect(sn).not.toBe(0n);
      if ((fn & 1n) === 1n || fn === sn) {
        r = sha(Buffer.of(1), p, r);
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else r = sha(Buffer.of(1), r, p);
      fn >>= 1n;
      sn >>= 1n;
    }
    expect(sn).toBe(0n);
    expect(r.toString('base64')).toBe(rootB64);
  });

  it('lets a citizen prove each record of their log is in the signed log, and an auditor that it only grew', async () => {
    const person = alice?.personalId as string;
    await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`,
      { id: person },
      { purpose: 'kiểm tra' },
    );
    const token = await graph.token({ sub: person, role: 'citizen' });
    const before = await graph.query(logQuery, { id: person }, { token, purpose: null });
    expect(((before.data?.citizen as any).accessLog.nodes as any[])[0].inclusion).toBeNull();
    await checkpoint();
    const first = (
      await graph.query(`{ accessLogCheckpoint { size root note } }`, undefined, { token: null })
    ).data?.accessLogCheckpoint as { size: string; root: string; note: string };
    const log = await graph.query(logQuery, { id: person }, { token, purpose: null });
    const nodes = (log.data?.citizen as any).accessLog.nodes as any[];
    expect(nodes.length).toBeGreaterThan(0);
    for (const { inclusion } of nodes) {
      const signed = openCheckpoint(inclusion.checkpoint, publicKey);
      expect(signed?.size).toBe(Number(inclusion.treeSize));
      expect(leafHash(inclusion.leafData).toString('base64')).toBe(inclusion.leafHash);
      const root = rootFromInclusion(
        Number(inclusion.leafIndex),
        Number(inclusion.treeSize),
        leafHash(inclusion.leafData),
        inclusion.auditPath.map((h: string) => Buffer.from(h, 'base64')),
      );
      expect(root?.equals(signed?.root as Buffer)).toBe(true);
    }
    // More reads, a later checkpoint, and the proof that the later log extends the earlier one.
    await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { birthDate } }`,
      { id: bob?.personalId },
      { purpose: 'kiểm tra' },
    );
    await checkpoint();
    const second = (
      await graph.query(`{ accessLogCheckpoint { size root note } }`, undefined, { token: null })
    ).data?.accessLogCheckpoint as { size: string; root: string };
    const proof = await graph.query(
      `query($from: String!, $to: String!) { accessLogConsistency(fromSize: $from, toSize: $to) }`,
      { from: first.size, to: second.size },
      { token: null },
    );
    expect(proof.errors).toBeUndefined();
    const hashes = (proof.data?.accessLogConsistency as string[]).map((h) => Buffer.from(h, 'base64'));
    const [oldRoot, newRoot] = [Buffer.from(first.root, 'base64'), Buffer.from(second.root, 'base64')];
    expect(verifyConsistency(Number(first.size), Number(second.size), oldRoot, newRoot, hashes)).toBe(true);
    expect(verifyConsistency(Number(first.size), Number(second.size), newRoot, newRoot, hashes)).toBe(false);
    const bad = await graph.query(`{ accessLogConsistency(fromSize: "5", toSize: "99999999") }`, undefined, {
      token: null,
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
