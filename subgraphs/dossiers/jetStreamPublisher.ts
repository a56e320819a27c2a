import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../runtime/logger.ts';
import { changePayload, type DeliveryResult } from './deliverWebhook.ts';
import type { OutboxRow } from './outbox.ts';

/** The stream every change goes to, and its subjects. */
export const changeStream = 'DOSSIER_CHANGES';
/** `dossiers.changes.<province>.<agency>`: a consumer filters by province or agency (dots in the agency e-ID become `_`). */
export const changeSubject = (change: Pick<OutboxRow, 'provinceCode' | 'agencyCode'>) =>
  `dossiers.changes.${change.provinceCode}.${change.agencyCode.replace(/[.\s*>]/g, '_')}`;

export interface JetStreamPublisher {
  url: string;
  publish(change: OutboxRow): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/**
 * Publishes changes to NATS JetStream, each with its outbox id as the message id, so the stream's
 * duplicate window drops a change published twice (a worker that died between publishing and moving
 * its cursor). The delivery worker drives it like a webhook subscriber: in order, acknowledged by
 * the stream's PubAck, retried with backoff while NATS is away. The stream is created when missing.
 */
export async function connectJetStream(url: string, logger: Logger): Promise<JetStreamPublisher> {
  const parsed = new URL(url);
  const nc: NatsConnection = await connect({
    servers: `${parsed.hostname}:${parsed.port || 4222}`,
    name: 'dossiers-status-sync',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: true,
  });
  const manager = await jetstreamManager(nc);
  try {
    await manager.streams.info(changeStream);
  } catch {
    await manager.streams.add({
      name: changeStream,
      subjects: ['dossiers.changes.>'],
      duplicate_window: 10 * 60 * 1_000_000_000, // ten minutes, in nanoseconds
    });
    logger.info({ stream: changeStream }, 'JetStream stream created');
  }
  const js = jetstream(nc, { timeout: 5000 });
  return {
    url,
    async publish(change) {
      try {
        await js.publish(changeSubject(change), JSON.stringify(changePayload(change, false)), {
          msgID: change.changeId,
        });
        return { ok: true };
      } catch (error) {
        return {
          ok: false,
          reason: 'connection',
          error: (error as Error).message ?? 'JetStream publish failed',
        };
      }
    },
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
