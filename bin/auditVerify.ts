import { createDb } from '../subgraphs/kit/createDb.ts';
import { loadEnv } from '../runtime/env.ts';
import { verifyAccessChain } from '../subgraphs/population/verifyAccessChain.ts';

// `npm run audit:verify`: checks the population access log's hash chain; exits 1 at the first broken link.
const env = loadEnv();
const url = env.databaseUrls.population;
const handle = await createDb('population', { url, dataDir: url ? undefined : `${env.dataDir}/population` });
try {
  await handle.migrate();
  const report = await verifyAccessChain(handle.db, (n) => process.stderr.write(`checked ${n} records\r`));
  if (report.firstBroken === null) {
    console.log(`access log intact: ${report.checked} records, every link holds`);
  } else {
    console.log(
      `access log BROKEN at record ${report.firstBroken}: ${report.reason} (${report.checked} records before it hold)`,
    );
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
