import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { seedWorld } from '../../seed/seedWorld.ts';
import { demoSize } from '../../seed/worldSize.ts';
import { createDb } from '../../subgraphs/kit/createDb.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';

/**
 * Prepares the demo data set once per run. On PGlite: migrates and seeds each subgraph in memory
 * and saves a data-directory tarball that every test opens fresh (initdb runs once, not per test).
 * With TEST_DATABASE_URL: creates a throw-away database on that server, migrated and seeded, and
 * drops it afterwards.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;

  if (serverUrl) {
    const name = `gateway_test_${process.pid}_${Date.now()}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    for (const subgraph of subgraphNames) {
      const handle = await createDb(subgraph, { url: url.toString() });
      await handle.migrate();
      await seedWorld({ size: demoSize, handles: { [subgraph]: handle } });
      await handle.close();
    }
    project.provide('databaseUrl', url.toString());
    project.provide('snapshotDir', null);
    return async () => {
      // The template and every test file's copy of it.
      const copies = await admin<
        Array<{ datname: string }>
      >`select datname from pg_database where datname like ${`${name}%`}`;
      for (const { datname } of copies) await admin.unsafe(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-'));
  await Promise.all(
    subgraphNames.map(async (subgraph) => {
      const handle = await createDb(subgraph);
      await handle.migrate();
      await seedWorld({ size: demoSize, handles: { [subgraph]: handle } });
      const snapshot = await handle.snapshot();
      writeFileSync(path.join(dir, `${subgraph}.tar`), Buffer.from(await snapshot.arrayBuffer()));
      await handle.close();
    }),
  );
  project.provide('databaseUrl', null);
  project.provide('snapshotDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
