import { createDb } from '../subgraphs/kit/createDb.ts';
import { loadEnv } from '../runtime/env.ts';
import { accessLogWitnessFile, loadAccessLogPublicKey } from '../subgraphs/population/accessLogKeys.ts';
import { fileWitness } from '../subgraphs/population/checkpointWitness.ts';
import { verifyAccessLog } from '../subgraphs/population/verifyAccessLog.ts';

// `npm run audit:verify`: checks the population access log against its witnessed, signed checkpoints;
// exits 1 naming what does not hold.
const env = loadEnv();
const url = env.databaseUrls.population;
const handle = await createDb('population', { url, dataDir: url ? undefined : `${env.dataDir}/population` });
try {
  await handle.migrate();
  const report = await verifyAccessLog(handle.db, {
    publicKey: await loadAccessLogPublicKey(env),
    witness: fileWitness(accessLogWitnessFile(env)),
    retentionMonths: env.accessLogRetentionMonths,
    onProgress: (n) => process.stderr.write(`checked ${n} records\r`),
  });
  const cut = report.retainedFrom
    ? ` (leaves before ${report.retainedFrom} dropped past retention, checked from their subtree hashes)`
    : '';
  if (report.problems.length === 0) {
    console.log(
      `access log intact: ${report.checked} records in the tree${cut}, ${report.witnessed} of them under the latest witnessed checkpoint; ${report.waiting} waiting for the next`,
    );
  } else {
    console.log(
      `access log TAMPERED (${report.checked} records in the tree, ${report.witnessed} witnessed):`,
    );
    for (const problem of report.problems) console.log(`- ${problem}`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
