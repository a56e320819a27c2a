import { Webhook } from 'standardwebhooks';
import { formatVietnamTime } from '../../runtime/vietnamTime.ts';
import { nationalStatusCode } from './lifecycle.ts';
import type { OutboxRow } from './outbox.ts';
import type { SubscriberRow } from './webhookStore.ts';

/** What a subscriber is sent for one change (the `data` of a Standard Webhooks payload). */
export function changePayload(change: OutboxRow, includeApplicant: boolean) {
  return {
    type: 'dossier.changed',
    timestamp: change.at.toISOString(),
    data: {
      id: String(change.id),
      sequence: change.sequence,
      dossierCode: change.dossierCode,
      kind: change.kind,
      status: change.status,
      nationalStatusCode: nationalStatusCode(change.status),
      at: formatVietnamTime(change.at),
      agencyCode: change.agencyCode,
      provinceCode: change.provinceCode,
      procedureCode: change.procedureCode,
      channel: change.channel,
      dueAt: formatVietnamTime(change.dueAt),
      feeAmountDue: change.feeAmountDue,
      feePaid: change.feePaid,
      ratingScore: change.ratingScore,
      ...(includeApplicant
        ? {
            applicant: change.applicantPersonalId
              ? { personalId: change.applicantPersonalId }
              : { enterpriseCode: change.applicantEnterpriseCode },
          }
        : {}),
    },
  };
}

export type DeliveryResult =
  { ok: true } | { ok: false; reason: 'timeout' | 'connection' | 'status'; error: string };

/**
 * Sends one change to one subscriber, signed per Standard Webhooks (webhook-id is the change's id,
 * the same on every retry, so a subscriber drops what it has seen). Any 2xx within the timeout is an
 * acknowledgement; anything else is a failure to try again.
 */
export async function deliverWebhook(
  subscriber: Pick<SubscriberRow, 'url' | 'secret' | 'includeApplicant'>,
  change: OutboxRow,
  timeoutMs: number,
): Promise<DeliveryResult> {
  const body = JSON.stringify(changePayload(change, subscriber.includeApplicant));
  const id = String(change.id);
  const now = new Date();
  const signature = new Webhook(subscriber.secret).sign(id, now, body);
  try {
    const response = await fetch(subscriber.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, reason: 'status', error: `HTTP ${response.status}` };
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string }; message?: string };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return { ok: false, reason: 'timeout', error: `no answer within ${timeoutMs} ms` };
    return { ok: false, reason: 'connection', error: e.cause?.code ?? e.message ?? 'connection failed' };
  }
}
