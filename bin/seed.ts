import { existsSync, renameSync } from 'node:fs';
import { loadEnv } from '../runtime/env.ts';
import { openHandlesFromEnv, runSeedCommand } from '../seed/seedCommand.ts';
import { accessLogWitnessFile } from '../subgraphs/population/accessLogKeys.ts';
import { createDocumentKeys } from '../subgraphs/documents/documentKeys.ts';
import { storeSigner } from '../seed/resultDocuments.ts';
import { storeSampleScans } from '../seed/sampleScans.ts';
import { openBlobStore } from '../subgraphs/documents/openBlobStore.ts';

// `npm run seed -- ...`: the data stewards' tool (seed/seedCommand.ts says what it does and its exit codes).
void runSeedCommand(process.argv.slice(2), {
  openHandles: openHandlesFromEnv,
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  progress: true,
  // The seeded documents are signed with the keys the documents service publishes, so they verify.
  signer: storeSigner(createDocumentKeys(loadEnv()), 0),
  // --reset emptied the access log too. The development witness is set aside (kept, renamed), or the
  // population service would rightly refuse to start on a log shorter than what was witnessed. A
  // configured witness (production) is the operator's to deal with: it is only named.
  async onAccessLogReset() {
    const env = loadEnv();
    if (env.auditWitnessFile)
      return `the access log was emptied: the witness ${env.auditWitnessFile} still vouches for the old one, and the population service will refuse to start until it is set aside`;
    const witness = accessLogWitnessFile(env);
    if (!existsSync(witness)) return null;
    const aside = `${witness}.reset-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(witness, aside);
    return `the access log was emptied: its old witness is kept as ${aside}`;
  },
})
  .then(async (code) => {
    // The scans the seeded components point at, in the documents subgraph's blob store (BLOB_STORE_URL).
    if (code === 0) await storeSampleScans(openBlobStore(loadEnv().blobStore));
    return code;
  })
  .then((code) => process.exit(code));
