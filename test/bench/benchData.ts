import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { projectRoot } from '../../runtime/env.ts';
import { type SampleData } from './scenarios.ts';
import { log, type BenchConfig } from './benchConfig.ts';

/**
 * Seeds the bench database unless it already holds a world of the configured size, with this checkout's
 * seed or (for a baseline) another checkout's: `root` and its seed entry file.
 */
export async function ensureSeeded(
  config: Pick<BenchConfig, 'size' | 'databaseUrl'>,
  seeder: { root: string; entry: string } = { root: projectRoot, entry: 'bin/seed.ts' },
) {
  const { size, databaseUrl } = config;
  const admin = new URL(databaseUrl);
  const database = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const server = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  if (!(await server`select 1 from pg_database where datname = ${database}`).length)
    await server.unsafe(`create database "${database}"`);
  await server.end();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const counts = await sql`
    select (select count(*) from population.citizens)::int as citizens,
           (select count(*) from dossiers.dossiers)::int as dossiers`.catch(() => [
    { citizens: 0, dossiers: 0 },
  ]);
  // Each run signs the access log with a key of its own (made under its temporary DATA_DIR): the last
  // run's log, checkpoints and tree go, or the population service would rightly refuse to extend a
  // log signed by a key it does not hold.
  await sql`truncate population.access_records, population.access_tree, population.access_checkpoints`.catch(
    () => undefined,
  );
  await sql.end();
  const have = counts[0] as { citizens: number; dossiers: number };
  if (have.citizens === size.citizens && have.dossiers >= size.dossiers)
    return log(`database already seeded`, have);
  log(`seeding ${JSON.stringify(size)} (npm run seed in ${seeder.root})`);
  const args = ['--import', 'tsx', seeder.entry, '--reset'];
  for (const [key, value] of Object.entries(size)) args.push(`--${key}`, String(value));
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, args, {
      cwd: seeder.root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    }).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`seeding failed (${code})`);
}

/** Keys of the seeded world the scenarios use (households, agencies, adults, ...). */
export async function sampleData(config: Pick<BenchConfig, 'databaseUrl'>): Promise<SampleData> {
  const { databaseUrl } = config;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const heads = await sql<Array<{ id: string }>>`
    select h.head_id as id from population.households h
    where (select count(*) from population.citizens c where c.household_id = h.id) >= 3 limit 2000`;
  const agencies = await sql<Array<{ code: string }>>`
    select agency_code as code from dossiers.dossiers group by agency_code having count(*) >= 50`;
  const adults = await sql<Array<{ id: string }>>`
    select personal_id as id from population.citizens
    where death_date is null and birth_date < '2000-01-01' limit 5000`;
  const online = await sql<Array<{ code: string }>>`
    select code from procedures.procedures where online_service <> 'NONE' and length(code) = 8 limit 20`.catch(
    () => [] as Array<{ code: string }>,
  );
  await sql.end();
  return {
    heads: heads.map((r) => r.id),
    agencies: agencies.map((r) => r.code),
    adults: adults.map((r) => r.id),
    onlineProcedures: online.map((r) => r.code),
  };
}
