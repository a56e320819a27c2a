import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLError } from 'graphql';
import { isInternal } from './formatError.ts';
import { Counter, Histogram } from 'prom-client';
import type { Metrics } from './createMetrics.ts';
import type { Logger } from './logger.ts';

/**
 * One log line and the request metrics per GraphQL operation: operation name, duration, error codes,
 * and the request id that the gateway passes on to every subgraph, so one request can be followed
 * through every process's log.
 */
export function observe<C extends BaseContext>(
  component: string,
  metrics: Metrics,
  logger: Logger,
  requestIdOf: (context: C) => string,
  operationLabel: OperationLabel = firstNames(100),
): ApolloServerPlugin<C> {
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operations by operation name',
    labelNames: ['component', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['component', 'code'] as const,
    registers: [metrics.registry],
  });
  // Refusals by their reason (NO_CASE, PURPOSE_REQUIRED, LEGAL_BASIS_NOT_ALLOWED…): reasons are this
  // code's constants, never a client's text, so they are safe labels; no one's data is in them.
  const refusals = new Counter({
    name: 'graphql_refusals_total',
    help: 'Errors that carry extensions.reason, by code and reason',
    labelNames: ['component', 'code', 'reason'] as const,
    registers: [metrics.registry],
  });
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        // What the client is not told (formatError hides it) is logged here, under the request id.
        async didEncounterErrors({ errors }) {
          for (const error of errors)
            if (isInternal(error))
              logger.error(
                { requestId: requestIdOf(contextValue), path: error.path, err: internalDetail(error) },
                'internal error',
              );
        },
        async willSendResponse({ response, operationName, document, errors: raised }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          // A client names its operation as it likes: at most 100 characters reach a log line or a label.
          const operation = (operationName ?? 'anonymous').slice(0, 100);
          duration.observe({ component, operation: operationLabel(operation, document) }, seconds);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? raised ?? []).map((e) =>
            String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
          );
          for (const code of codes) errors.inc({ component, code });
          const refused = (body?.errors ?? raised ?? []).flatMap((e) => {
            const reason = e.extensions?.reason;
            return typeof reason === 'string' && /^[A-Z_]{1,40}$/.test(reason)
              ? [{ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), reason }]
              : [];
          });
          for (const r of refused) refusals.inc({ component, ...r });
          logger.info(
            {
              requestId: requestIdOf(contextValue),
              operation,
              ms: Math.round(seconds * 1000),
              errors: codes.length ? codes : undefined,
              reasons: refused.length ? [...new Set(refused.map((r) => r.reason))] : undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}

/**
 * An internal error for the log: the failed statement's SQL text, the driver's code and message, and
 * the stack, but never the statement's parameters (drizzle puts them in its message; they may be a
 * personal ID).
 */
function internalDetail(error: GraphQLError): Record<string, unknown> {
  let statement: string | undefined;
  let root: unknown = error.originalError ?? error;
  for (let depth = 0; depth < 8; depth += 1) {
    const e = root as { query?: unknown; cause?: unknown };
    if (typeof e?.query === 'string') statement = e.query;
    if (!e?.cause) break;
    root = e.cause;
  }
  const cause = root as { name?: string; message?: string; code?: string; stack?: string };
  return {
    type: cause?.name,
    code: cause?.code,
    message: statement ? undefined : cause?.message,
    dbMessage: statement ? cause?.message : undefined,
    statement,
    // Only the frames: a stack begins with the message, which for drizzle holds the parameters.
    stack: (error.originalError ?? error).stack
      ?.split('\n')
      .filter((line) => line.startsWith('    at '))
      .slice(0, 5)
      .join('\n'),
  };
}

/**
 * The metric label of an operation, from a bounded set: a client names its operations as it likes, and
 * every distinct label is a series kept until restart (60 names of 100 KB made /metrics 78 MB).
 */
export type OperationLabel = (name: string, document: DocumentNode | undefined) => string;

/** The first `max` distinct names seen (a subgraph's, which names the gateway's fetches); then "other". */
export function firstNames(max: number): OperationLabel {
  const seen = new Set<string>();
  return (name) => {
    if (seen.has(name)) return name;
    if (seen.size >= max) return 'other';
    seen.add(name);
    return name;
  };
}

/**
 * The gateway's: a registered operation's name when the document is the registered one (the name alone
 * is any client's to claim), "anonymous" for an unnamed one, else "other".
 */
export function registeredNames(
  registered: ReadonlyMap<string, ReadonlySet<string>>,
  hashOf: (document: DocumentNode) => string,
): OperationLabel {
  return (name, document) => {
    if (name === 'anonymous') return name;
    const hashes = registered.get(name);
    return hashes && document && hashes.has(hashOf(document)) ? name : 'other';
  };
}
