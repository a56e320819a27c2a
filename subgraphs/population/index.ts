import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { auditPlugin } from './auditPlugin.ts';
import { createAccessLogCheckpointer } from './accessLogCheckpointer.ts';
import { createAccessLogPartitions } from './accessLogPartitions.ts';
import { accessLogVerifierKey } from './accessLogKeys.ts';
import { accessLogWitnessFile, loadAccessLogKeys } from './accessLogKeys.ts';
import { fileWitness } from './checkpointWitness.ts';
import { createAuditTrail } from './auditTrail.ts';
import { createLoaders } from './loaders.ts';
import { personalReadHooks } from './personalReadHooks.ts';
import { createPopulationRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { createCitizenQuota } from './citizenQuota.ts';
import { clientLimits } from '../../runtime/clientLimits.ts';
import { createLimitStore } from '../../runtime/createLimitStore.ts';

/** The limits when the process was given none (in-process servers): the defaults, in its own memory. */
const processLimits = { clients: clientLimits(), store: createLimitStore() };

/** The population (citizen identity) subgraph. */
export const population = defineSubgraph({
  name: 'population',
  public: false,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createPopulationRepository,
  createLoaders,
  createExtras: (request, deps) => {
    const limits = deps.limits ?? processLimits;
    return {
      audit: createAuditTrail(request.caller),
      quota: createCitizenQuota(limits.clients, limits.store),
      limitStore: limits.store,
      clientLimits: limits.clients,
      env: deps.env,
      verifierKey: () => (deps.env ? accessLogVerifierKey(deps.env) : Promise.resolve(null)),
    };
  },
  scopeHooks: personalReadHooks,
  plugins: [auditPlugin],
  // New access records go into the Merkle tree, and a checkpoint is signed and witnessed, every few
  // seconds while they arrive, and once more at shutdown. Every hour the log's monthly partitions are
  // added ahead and, past the retention, dropped.
  startBackground: async (db, env, logger) => {
    const keys = await loadAccessLogKeys(env);
    const witness = fileWitness(accessLogWitnessFile(env));
    const partitions = createAccessLogPartitions(db, {
      logger,
      retentionMonths: env.accessLogRetentionMonths,
      signer: { ...keys, witness },
    });
    await partitions.maintain();
    partitions.start();
    const checkpointer = createAccessLogCheckpointer(db, {
      ...keys,
      witness,
      logger,
      // A request resent within seconds (a replica killed after logging the read, before answering)
      // merges into its record while it waits.
      settleMs: 5000,
    });
    await checkpointer.checkpoint();
    checkpointer.start(env.auditCheckpointIntervalMs);
    return {
      async stop() {
        partitions.stop();
        await checkpointer.stop();
      },
    };
  },
});
