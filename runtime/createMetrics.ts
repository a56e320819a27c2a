import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  dbStatements: Counter<'subgraph'>;
}

/**
 * A Prometheus registry for one server (each subgraph has its own, so /metrics on its port speaks
 * for it alone even when several run in one process), with the SQL statement counter.
 */
export function createMetrics(component: string, options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const dbStatements = new Counter({
    name: 'db_statements_total',
    help: 'SQL statements run against this component’s database',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  });
  return { registry, dbStatements };
}
