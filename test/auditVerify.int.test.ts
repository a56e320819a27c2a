import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateWorld } from '../seed/generateWorld.ts';
import { demoSize } from '../seed/worldSize.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { createAccessLogCheckpointer } from '../subgraphs/population/accessLogCheckpointer.ts';
import {
  accessLogWitnessFile,
  devAuditKeyFile,
  loadAccessLogKeys,
  loadAccessLogPublicKey,
} from '../subgraphs/population/accessLogKeys.ts';
import { fileWitness } from '../subgraphs/population/checkpointWitness.ts';
import { createDb, type DbHandle } from '../subgraphs/kit/createDb.ts';
import { createPopulationRepository } from '../subgraphs/population/repository.ts';
import { slow } from './support/slow.ts';
import { testDatabaseUrl } from './support/testDatabase.ts';

// `npm run audit:verify` as an operator runs it: against the population database of the environment
// (DATABASE_URL, or the embedded one under DATA_DIR), exit 0 when every link holds, 1 at a broken one.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'audit-verify-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The demo population database where the command will find it, and the URL to give it (if any). */
async function populationDatabase(): Promise<{ handle: DbHandle; env: Record<string, string> }> {
  const url = await testDatabaseUrl();
  if (url) return { handle: await createDb('population', { url }), env: { DATABASE_URL: url } };
  const dir = path.join(dataDir, 'population');
  const snapshot = new Blob([readFileSync(path.join(inject('snapshotDir') ?? '', 'population.tar'))]);
  await (await PGlite.create({ dataDir: dir, loadDataDir: snapshot })).close();
  return { handle: await createDb('population', { dataDir: dir }), env: {} };
}

const auditVerify = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bin/auditVerify.ts'], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: slow(120_000),
  });

describe('npm run audit:verify', () => {
  it(
    'exits 0 on an intact, witnessed log and 1 naming the record someone edited',
    async () => {
      const { handle, env } = await populationDatabase();
      const [a, b] = generateWorld(demoSize).population.citizens;
      const record = (personalId: string, purpose: string) => ({
        at: new Date(),
        personalId,
        clientId: 'audit-test',
        agencyCode: '000.00.00.H29',
        purpose,
        dossierCode: null,
        legalBasis: null,
        fields: ['fullName'],
        requestId: `audit-${purpose}`,
      });
      await createPopulationRepository(handle.db).appendAccessRecords([
        record(a?.personalId ?? '', 'first'),
        record(b?.personalId ?? '', 'second'),
        record(a?.personalId ?? '', 'third'),
      ]);
      const rows = (await handle.db.execute(
        sql`select id from population.access_records where purpose = 'second'`,
      )) as unknown as { rows?: Array<{ id: number }> } & Array<{ id: number }>;
      const second = Number((rows.rows ?? rows)[0]?.id);
      // The population service signs a checkpoint with its key and hands it to the witness, both
      // where the command will look (under DATA_DIR in development).
      const serviceEnv = loadEnv({ DATA_DIR: dataDir });
      await createAccessLogCheckpointer(handle.db, {
        ...(await loadAccessLogKeys(serviceEnv)),
        witness: fileWitness(accessLogWitnessFile(serviceEnv)),
        logger: createLogger('test', 'silent'),
      }).checkpoint();
      // One user at a time for an embedded database: the command opens it next.
      await handle.close();

      const intact = auditVerify(env);
      expect(intact.stdout).toMatch(
        /access log intact: [1-9]\d* records in the tree, [1-9]\d* of them under the latest witnessed checkpoint/,
      );
      expect(intact.status).toBe(0);

      // An auditor holds the public key only (#26 point 26): the signing key is not on their machine.
      const keyFile = devAuditKeyFile(dataDir);
      const publicKeyFile = path.join(dataDir, 'audit-public.pem');
      writeFileSync(
        publicKeyFile,
        (await loadAccessLogPublicKey(serviceEnv)).export({ type: 'spki', format: 'pem' }),
      );
      renameSync(keyFile, `${keyFile}.away`);
      try {
        const auditor = auditVerify({
          ...env,
          AUDIT_PUBLIC_KEY_FILE: publicKeyFile,
          AUDIT_WITNESS_FILE: accessLogWitnessFile(serviceEnv),
        });
        expect(auditor.stdout).toMatch(/access log intact: [1-9]\d* records in the tree/);
        expect(auditor.status).toBe(0);
        expect(existsSync(keyFile)).toBe(false); // and none was made for the run
      } finally {
        renameSync(`${keyFile}.away`, keyFile);
      }

      // An insider edits a record in place.
      const editor = env.DATABASE_URL
        ? await createDb('population', { url: env.DATABASE_URL })
        : await createDb('population', { dataDir: path.join(dataDir, 'population') });
      await editor.db.execute(
        sql`update population.access_records set purpose = 'edited' where id = ${second}`,
      );
      await editor.close();

      const broken = auditVerify(env);
      expect(broken.stdout).toContain('access log TAMPERED');
      expect(broken.stdout).toContain(`record ${second} (leaf`);
      expect(broken.status).toBe(1);
    },
    slow(240_000),
  );
});
