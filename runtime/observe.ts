import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors: raised }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationName ?? 'anonymous';
          duration.observe({ component, operation }, seconds);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? raised ?? []).map((e) =>
            String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
          );
          for (const code of codes) errors.inc({ component, code });
          logger.info(
            {
              requestId: requestIdOf(contextValue),
              operation,
              ms: Math.round(seconds * 1000),
              errors: codes.length ? codes : undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
