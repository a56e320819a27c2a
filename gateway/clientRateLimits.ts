import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import type { ClientLimits } from '../runtime/clientLimits.ts';
import type { LimitStore } from '../runtime/createLimitStore.ts';
import { limitExceeded, rateLimited } from '../runtime/errors.ts';
import type { GatewayContext } from './gatewayContext.ts';
import { operationCost } from './operationCost.ts';

export interface ClientRateLimits {
  /** Counts the request against its caller's minute; throws RATE_LIMITED (429) past it. Runs before parsing. */
  admit(context: GatewayContext): Promise<void>;
  /** Counts each operation's estimated cost and its trackDossier lookups, before anything is fetched. */
  plugin: ApolloServerPlugin<GatewayContext>;
}

/**
 * Per-client limits at the gateway's edge: requests a minute (per token subject, per IP address
 * without one), an estimated cost a minute, and trackDossier lookups a minute per IP address, from
 * the limits file with its defaults. Refusals are cheap and come before any subgraph is called, so
 * one client's flood costs the others nothing but the refusals.
 */
export function clientRateLimits(options: {
  limits: ClientLimits;
  store: LimitStore;
  registry: Registry;
}): ClientRateLimits {
  const { limits, store } = options;
  const refusals = new Counter({
    name: 'rate_limited_total',
    help: 'Requests refused with RATE_LIMITED by the gateway, by limit (never by client: that would be unbounded)',
    labelNames: ['limit'] as const,
    registers: [options.registry],
  });
  new Counter({
    name: 'rate_limit_store_fallbacks_total',
    help: 'Times Redis failed or was too slow and this replica counted the limits in its own memory instead',
    registers: [options.registry],
    collect() {
      this.reset();
      this.inc(store.fallbacks);
    },
  });
  // A caller is its token's subject, or its address when it has no token.
  const keyOf = (context: GatewayContext) =>
    context.caller.subject ? `${context.caller.role}:${context.caller.subject}` : `ip:${context.address}`;
  const refuse = (limit: string, message: string, retryAfterSeconds: number) => {
    refusals.inc({ limit });
    return rateLimited(message, retryAfterSeconds, { limit });
  };
  return {
    async admit(context) {
      const own = limits.of(context.caller, context.address);
      const admission = await store.consume('requests', keyOf(context), 1, own.requestsPerMinute, 60);
      if (!admission.allowed)
        throw refuse(
          'requests',
          `Too many requests: at most ${own.requestsPerMinute} a minute for this client; wait ${admission.retryAfterSeconds} s`,
          admission.retryAfterSeconds,
        );
    },
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ contextValue, document, operation, schema, request }) {
            if (!operation) return;
            const own = limits.of(contextValue.caller, contextValue.address);
            const { cost, trackDossier } = operationCost(
              schema,
              document,
              operation,
              request.variables ?? {},
            );
            if (cost > own.costPerMinute)
              throw limitExceeded(
                `This operation's estimated cost ${cost} is more than this client's budget of ${own.costPerMinute} a minute: ask for smaller pages`,
                own.costPerMinute,
              );
            if (trackDossier > 0) {
              const lookups = await store.consume(
                'trackDossier',
                contextValue.address,
                trackDossier,
                own.trackDossierPerMinute,
                60,
              );
              if (!lookups.allowed)
                throw refuse(
                  'trackDossier',
                  `Too many dossier lookups from this address: at most ${own.trackDossierPerMinute} a minute; wait ${lookups.retryAfterSeconds} s`,
                  lookups.retryAfterSeconds,
                );
            }
            if (cost === 0) return;
            const budget = await store.consume('cost', keyOf(contextValue), cost, own.costPerMinute, 60);
            if (!budget.allowed)
              throw refuse(
                'cost',
                `This client has used its budget of ${own.costPerMinute} a minute (this operation costs ${cost}); wait ${budget.retryAfterSeconds} s`,
                budget.retryAfterSeconds,
              );
          },
        };
      },
    },
  };
}
