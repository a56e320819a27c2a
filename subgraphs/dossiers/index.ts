import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import type { DossiersContext } from './context.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { createLoaders } from './loaders.ts';
import { createDossiersRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { startStatusSync } from './startStatusSync.ts';
import { calendarWarning } from './workingDays.ts';
import { loadEnv, type Env } from '../../runtime/env.ts';

/** The settings when the process was given none (in-process servers): read once. */
let processEnv: Env | undefined;

/** The one-stop-shop dossier records subgraph. */
export const dossiers = defineSubgraph({
  name: 'dossiers',
  public: false,
  // Submission checks the applicant and the evidence live, in the population and business registers,
  // as the client that submits.
  readsThroughGateway: true,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createDossiersRepository,
  createLoaders,
  createExtras: (_request, deps): Pick<DossiersContext, 'supergraph' | 'statusSync' | 'env'> => ({
    supergraph: deps.supergraph,
    statusSync: deps.statusSync ?? { allowedHosts: [], maxSubscribers: 50 },
    env: deps.env ?? (processEnv ??= loadEnv()),
  }),
  scopeHooks: { isSelf: citizenIsCaller },
  // The status sync's webhook deliveries run beside the subgraph (WEBHOOK_WORKER=off: elsewhere).
  startBackground: (db, env, logger, metrics) => startStatusSync(db, env, logger, metrics.registry),
  // Due dates need next year's days off well before it starts.
  readinessWarnings: () => [calendarWarning()].filter((w): w is string => w !== null),
});
