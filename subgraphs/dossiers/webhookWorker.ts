import { randomUUID } from 'node:crypto';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger.ts';
import type { Db } from '../kit/createDb.ts';
import { deliverWebhook } from './deliverWebhook.ts';
import type { JetStreamPublisher } from './jetStreamPublisher.ts';
import { createOutboxReader, type ChangeFilter } from './outbox.ts';
import { createWebhookStore, type SubscriberRow } from './webhookStore.ts';

export interface WebhookWorkerOptions {
  logger: Logger;
  registry?: Registry;
  /** How long a subscriber has to answer one delivery (default 10 s). */
  timeoutMs?: number;
  /** The first retry's wait; each further one doubles it, with jitter, up to an hour (default 1 s). */
  retryBaseMs?: number;
  /** How long a change is retried before it is parked as a dead letter (default 3 days). */
  maxAgeMs?: number;
  /** How long a worker holds a subscriber without acknowledging anything (default 60 s). */
  leaseMs?: number;
  /** How often the worker looks for new changes when idle (default 250 ms). */
  pollMs?: number;
  /** Changes delivered to one subscriber per lease (default 50). */
  batch?: number;
  /** Subscribers delivered to at once (default 8): a slow one holds up only its own slot. */
  concurrency?: number;
  /** NATS JetStream: the subscriber whose url is the broker's gets its changes published there. */
  broker?: JetStreamPublisher;
  /** WEBHOOK_ALLOWED_HOSTS: internal hosts deliveries may reach (all others internal are refused). */
  allowedHosts?: readonly string[];
}

export interface WebhookWorker {
  /** Stops taking new work and waits for the deliveries in flight. */
  stop(): Promise<void>;
}

const filterOf = (s: SubscriberRow): ChangeFilter => ({
  agencyCode: s.agencyCode,
  provinceCode: s.provinceCode,
});

/**
 * Delivers the outbox to the webhook subscribers, at least once and in commit order per subscriber
 * (so in sequence per dossier). Each round leases due subscribers (several workers share them
 * safely), sends each its next changes one at a time, moves its cursor after every 2xx, and on a
 * failure schedules a retry with exponential backoff and jitter; a change still failing after
 * `maxAgeMs` is parked as a dead letter and the subscriber goes on. A subscriber that is slow or down
 * delays only itself: no request and no other subscriber waits for it.
 */
export function startWebhookWorker(db: Db, options: WebhookWorkerOptions): WebhookWorker {
  const store = createWebhookStore(db);
  const outbox = createOutboxReader(db);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxAgeMs = options.maxAgeMs ?? 3 * 24 * 3600 * 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  const batch = options.batch ?? 50;
  const concurrency = options.concurrency ?? 8;
  const worker = randomUUID().slice(0, 8);
  const registers = options.registry ? [options.registry] : [];
  const deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook deliveries by result: delivered, failed (timeout, connection, status) or dead_lettered',
    labelNames: ['result'] as const,
    registers,
  });
  // No label per subscriber: anyone with webhook:manage registers them, so a label would let them add
  // series without bound. The worst lag is what an operator alerts on; webhookSubscribers tells which.
  const failingSubscribers = new Gauge({
    name: 'webhook_subscribers_failing',
    help: 'Subscribers whose last delivery failed and that wait for a retry',
    registers,
  });
  new Gauge({
    name: 'webhook_outbox_lag_seconds',
    help: 'Age of the oldest change not yet delivered to some subscriber (0 when every one is up to date)',
    registers,
    async collect() {
      let worst = 0;
      let failing = 0;
      for (const s of await store.subscribers().catch(() => [])) {
        if (s.attempts > 0) failing += 1;
        const oldest = await outbox.oldestAfter(s.delivered, filterOf(s)).catch(() => null);
        if (oldest) worst = Math.max(worst, (Date.now() - oldest.at.getTime()) / 1000);
      }
      this.set(worst);
      failingSubscribers.set(failing);
    },
  });

  const backoff = (attempts: number) => {
    const ceiling = Math.min(retryBaseMs * 2 ** attempts, 3600_000);
    return ceiling / 2 + Math.random() * (ceiling / 2); // jitter: retries of many subscribers spread out
  };

  /** Delivers one leased subscriber's next changes; answers when it is due again. */
  async function serve(subscriber: SubscriberRow): Promise<void> {
    const changes = await outbox.changesAfter(subscriber.delivered, batch, filterOf(subscriber));
    let current = subscriber;
    for (const change of changes) {
      if (stopping) break;
      const result =
        options.broker && current.url === options.broker.url
          ? await options.broker.publish(change)
          : await deliverWebhook(current, change, timeoutMs, options.allowedHosts);
      if (result.ok) {
        deliveries.inc({ result: 'delivered' });
        await store.advance(current.id, change.id, leaseMs);
        current = { ...current, delivered: change.id, attempts: 0, failingSince: null };
        continue;
      }
      const now = new Date();
      const failingSince = current.failingSince ?? now;
      if (now.getTime() - failingSince.getTime() >= maxAgeMs) {
        deliveries.inc({ result: 'dead_lettered' });
        options.logger.warn(
          { subscriber: current.id, event: change.id, attempts: current.attempts + 1 },
          'webhook change parked as a dead letter',
        );
        await store.park(current, change.id, result.error);
        current = { ...current, delivered: change.id, attempts: 0, failingSince: null };
        continue;
      }
      deliveries.inc({ result: result.reason });
      await store.fail(
        current.id,
        result.error,
        new Date(now.getTime() + backoff(current.attempts)),
        failingSince,
      );
      return;
    }
    // A full batch may have more behind it: due at once; else when the next poll comes round.
    await store.release(current.id, new Date(Date.now() + (changes.length === batch ? 0 : pollMs)));
  }

  let stopping = false;
  // Slots are a pool, not a round: a subscriber that holds one to its timeout delays only itself, and
  // at most half of them go to subscribers that are failing, so a dozen dead ones cannot starve the
  // healthy (they wait for their retries instead of for a slot).
  const inFlight = new Map<string, { failing: boolean; done: Promise<void> }>();
  const failingSlots = Math.max(1, Math.floor(concurrency / 2));
  async function fill(): Promise<void> {
    const failingNow = [...inFlight.values()].filter((s) => s.failing).length;
    const free = concurrency - inFlight.size;
    if (free <= 0) return;
    const healthy = await store.leaseDue(free, leaseMs, { failing: false });
    const room = Math.min(concurrency - inFlight.size - healthy.length, failingSlots - failingNow);
    const failing = room > 0 ? await store.leaseDue(room, leaseMs, { failing: true }) : [];
    for (const s of [...healthy, ...failing]) {
      const done = serve(s)
        .catch(async (error: unknown) => {
          options.logger.error({ err: error, subscriber: s.id }, 'webhook delivery round failed');
          await store.release(s.id, new Date(Date.now() + pollMs)).catch(() => undefined);
        })
        .finally(() => {
          inFlight.delete(s.id);
          // A slot came free: look for work now rather than at the next poll.
          if (!stopping) schedule(0);
        });
      inFlight.set(s.id, { failing: s.attempts > 0, done });
    }
  }
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> = Promise.resolve();
  let busy = false;
  function schedule(delay: number): void {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(loop, delay);
  }
  function loop(): void {
    if (stopping || busy) return;
    busy = true;
    filling = fill()
      .catch((error: unknown) => options.logger.warn({ err: error, worker }, 'webhook worker round failed'))
      .finally(() => {
        busy = false;
        schedule(pollMs);
      });
  }
  schedule(0);
  options.logger.info({ worker, timeoutMs, maxAgeMs }, 'webhook worker started');
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await filling;
      await Promise.all([...inFlight.values()].map((s) => s.done));
    },
  };
}
