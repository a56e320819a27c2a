import postgres from 'postgres';
import { type SampleData } from './scenarios.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { benchHeaders } from './benchEnvironment.ts';

/** Concurrent submissions and reads through our gateway: every one must leave exactly its rows. */
export async function nothingLost(
  config: Pick<BenchConfig, 'databaseUrl'>,
  gateway: Service,
  token: string,
  data: SampleData,
) {
  const { databaseUrl } = config;
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const run = `lost-${Date.now()}`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    ...benchHeaders,
    'x-purpose': 'Benchmark',
  };
  const submit = (i: number) =>
    fetch(gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }',
        variables: {
          input: {
            procedureCode: data.onlineProcedures[i % data.onlineProcedures.length],
            applicant: { personalId: data.adults[i % data.adults.length] },
            channel: 'ONLINE',
            provinceCode: '79',
            wardCode: '97901',
            idempotencyKey: `${run}-${i}`,
          },
        },
      }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: unknown[] } }));
  const submissions = await Promise.all(Array.from({ length: 1000 }, (_, i) => submit(i)));
  const statuses = new Map<number, number>();
  for (const s of submissions) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  const failed = submissions.filter((s) => s.status !== 200 || s.body.errors?.length);
  if (failed.length)
    log('submission statuses', [...statuses], 'first failure:', JSON.stringify(failed[0]).slice(0, 600));
  // A client that got no answer resends with the same key (that is what the key is for), up to 3 times.
  const answer = [...submissions];
  let rounds = 0;
  for (; rounds < 3; rounds += 1) {
    const toResend = answer.flatMap((s, i) => (s.status !== 200 || s.body.errors?.length ? [i] : []));
    if (!toResend.length) break;
    while (toResend.length) {
      const chunk = toResend.splice(0, 50);
      const again = await Promise.all(chunk.map((i) => submit(i)));
      chunk.forEach((i, k) => (answer[i] = again[k] as (typeof answer)[number]));
    }
  }
  const stillFailing = answer.filter((s) => s.status !== 200 || s.body.errors?.length).length;
  const [dossierCount] = await sql<Array<{ n: number; first: number }>>`
    select count(*)::int as n,
      (select count(*)::int from dossiers.dossier_events e where e.from_status is null and e.dossier_code in
        (select dossier_code from dossiers.dossier_submissions where idempotency_key like ${`${run}-%`})) as first
    from dossiers.dossier_submissions where idempotency_key like ${`${run}-%`}`;

  // 10,000 reads, 100 at a time, each counted by its answer; the log is counted for this client only.
  const accessCount = async () =>
    (
      await sql<Array<{ n: number }>>`
        select count(*)::int as n from population.access_records where client_id = 'bench-client'`
    )[0]?.n ?? 0;
  const accessBefore = await accessCount();
  let next = 0;
  let readOk = 0;
  let read5xx = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < 10_000) {
        next += 1;
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            query: 'query($id: PersonalId!) { citizen(personalId: $id) { fullName } }',
            variables: { id: data.adults[next % data.adults.length] },
          }),
        });
        const body = (await response.json()) as { data?: { citizen?: { fullName?: string } } };
        if (response.status >= 500) read5xx += 1;
        else if (body.data?.citizen?.fullName) readOk += 1;
      }
    }),
  );
  const accessAfter = await accessCount();
  await sql.end();
  return {
    submissions: submissions.length,
    submissionErrors: failed.length,
    stillFailing,
    rounds,
    dossiers: dossierCount?.n ?? 0,
    firstHistoryRows: dossierCount?.first ?? 0,
    reads: readOk,
    read5xx,
    accessRecords: accessAfter - accessBefore,
  };
}
