import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Env } from './env.ts';

/**
 * Switches OpenTelemetry tracing on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: spans go to that
 * collector over OTLP/HTTP, the W3C `traceparent` header carries a trace from the gateway into every
 * subgraph, and @apollo/gateway's own spans (plan, fetch, postprocessing) join it. Off, every span is a
 * no-op. Answers a function that sends the spans still buffered and stops.
 */
export function startTracing(env: Env, serviceName: string): () => Promise<void> {
  if (!env.tracing.endpoint) return async () => {};
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': env.tracing.serviceName ?? serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: new URL('v1/traces', `${env.tracing.endpoint}/`).toString() }),
        {
          scheduledDelayMillis: env.tracing.exportDelayMs,
        },
      ),
    ],
  });
  provider.register();
  return () => provider.shutdown();
}
