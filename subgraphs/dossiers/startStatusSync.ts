import { readFileSync } from 'node:fs';
import type { Env } from '../../runtime/env.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Registry } from 'prom-client';
import type { Db } from '../kit/createDb.ts';
import { createWebhookStore, type NewSubscriber } from './webhookStore.ts';
import { startWebhookWorker, type WebhookWorker } from './webhookWorker.ts';
import { pruneOutbox } from './pruneOutbox.ts';
import { connectJetStream } from './jetStreamPublisher.ts';

/** A subscriber as WEBHOOK_SUBSCRIBERS_FILE lists it. */
type FileSubscriber = Omit<NewSubscriber, 'createdBy'>;

function readSubscribers(file: string): FileSubscriber[] {
  const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file}: must be a JSON list of subscribers`);
  return list.map((entry, i) => {
    const s = entry as Partial<FileSubscriber>;
    if (typeof s.id !== 'string' || !s.id) throw new Error(`${file}[${i}]: id is required`);
    if (typeof s.url !== 'string' || !/^https?:\/\//.test(s.url))
      throw new Error(`${file}[${i}]: url must be http(s)`);
    if (typeof s.secret !== 'string' || !s.secret.startsWith('whsec_'))
      throw new Error(`${file}[${i}]: secret must be a Standard Webhooks secret (whsec_…)`);
    return s as FileSubscriber;
  });
}

/**
 * The status sync beside the dossiers subgraph: subscribers from WEBHOOK_SUBSCRIBERS_FILE are
 * registered (or updated), and unless WEBHOOK_WORKER=off the delivery worker runs in this process.
 */
export async function startStatusSync(
  db: Db,
  env: Env,
  logger: Logger,
  registry?: Registry,
  worker: 'embedded' | 'separate' = 'embedded',
): Promise<{ stop(): Promise<void> }> {
  const settings = env.statusSync;
  const store = createWebhookStore(db);
  if (settings.subscribersFile)
    for (const subscriber of readSubscribers(settings.subscribersFile))
      await store.register({ ...subscriber, createdBy: 'WEBHOOK_SUBSCRIBERS_FILE' });
  const delivering = worker === 'separate' || settings.worker === 'embedded';
  // The broker is one more subscriber, at its URL: same cursor, order, retries and dead letters.
  const broker =
    settings.natsUrl && delivering ? await connectJetStream(settings.natsUrl, logger) : undefined;
  if (broker)
    await store.register({
      id: 'nats-jetstream',
      url: broker.url,
      secret: 'whsec_unused-the-broker-is-not-signed',
      createdBy: 'NATS_URL',
    });
  let delivery: WebhookWorker | undefined;
  if (delivering)
    delivery = startWebhookWorker(db, {
      broker,
      logger,
      registry,
      timeoutMs: settings.timeoutMs,
      retryBaseMs: settings.retryBaseMs,
      maxAgeMs: settings.maxAgeMs,
      leaseMs: settings.leaseMs,
      allowedHosts: settings.allowedHosts,
    });
  // Delivered changes past the retention go, hourly, where deliveries run (one process of a
  // deployment need not be chosen: deleting the same rows twice deletes nothing the second time).
  let pruning: NodeJS.Timeout | undefined;
  if (delivering && settings.outboxRetentionDays > 0) {
    const prune = () =>
      pruneOutbox(db, { olderThan: new Date(Date.now() - settings.outboxRetentionDays * 86_400_000) })
        .then((deleted) => {
          if (deleted) logger.info({ deleted }, 'outbox: delivered changes past retention deleted');
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'outbox: pruning failed, will retry'));
    void prune();
    pruning = setInterval(() => void prune(), 3_600_000);
    pruning.unref();
  }
  return {
    async stop() {
      clearInterval(pruning);
      await delivery?.stop();
      await broker?.close();
    },
  };
}
