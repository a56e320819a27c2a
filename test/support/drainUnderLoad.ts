import http from 'node:http';
import type { Service } from './spawnService.ts';

/** How one request ended: its HTTP status and error codes, or the connection refused or broken. */
export interface Outcome {
  status: number | 'refused' | 'broken';
  codes: string[];
  data: boolean;
}

/**
 * One GraphQL POST on a connection of its own (so that a closed listener shows as a refused connection,
 * not as a reused socket's race).
 */
export function postOnce(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => resolve({ status: 'broken', codes: [], data: false }));
        response.on('end', () => {
          let parsed: {
            data?: Record<string, unknown> | null;
            errors?: Array<{ extensions?: { code?: string } }>;
          };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            parsed = {};
          }
          resolve({
            status: response.statusCode ?? 0,
            codes: (parsed.errors ?? []).map((e) => e.extensions?.code ?? 'none'),
            data: Boolean(parsed.data && Object.values(parsed.data).some((v) => v !== null)),
          });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: error.code === 'ECONNREFUSED' ? 'refused' : 'broken', codes: [], data: false }),
    );
    request.end(payload);
  });
}

export interface DrainResult {
  /** The requests sent before the signal. */
  inFlight: Outcome[];
  /** Requests sent after it, while the process drained: the first `earlyCount` within half the delay. */
  arrivals: Outcome[];
  early: Outcome[];
  exitCode: number | null;
}

/**
 * SIGTERM to `service` with `inFlight` requests under way, and one more request every 25 ms for
 * `arriveForMs` after it. Resolves once every request has ended and the process has exited.
 */
export async function drainUnderLoad(options: {
  service: Service;
  send: () => Promise<Outcome>;
  inFlight?: number;
  /** The process's DRAIN_DELAY_MS: requests sent within its first half must be served. */
  drainDelayMs: number;
  /** How long to keep sending after the signal. */
  arriveForMs: number;
}): Promise<DrainResult> {
  const inFlight = Array.from({ length: options.inFlight ?? 100 }, () => options.send());
  // Let the requests reach the process before it is told to stop.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exited = options.service.stop();
  const signalled = Date.now();
  const early: Array<Promise<Outcome>> = [];
  const later: Array<Promise<Outcome>> = [];
  while (Date.now() - signalled < options.arriveForMs) {
    (Date.now() - signalled < options.drainDelayMs / 2 ? early : later).push(options.send());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const [inFlightOutcomes, earlyOutcomes, laterOutcomes, exitCode] = await Promise.all([
    Promise.all(inFlight),
    Promise.all(early),
    Promise.all(later),
    exited,
  ]);
  return {
    inFlight: inFlightOutcomes,
    early: earlyOutcomes,
    arrivals: [...earlyOutcomes, ...laterOutcomes],
    exitCode,
  };
}

/** "status codes" → count, for a report line. */
export function tallyOutcomes(outcomes: Outcome[]): Record<string, number> {
  const seen: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `${o.status} ${o.codes.length ? [...new Set(o.codes)].join('+') : o.data ? 'data' : 'empty'}`;
    seen[key] = (seen[key] ?? 0) + 1;
  }
  return seen;
}
