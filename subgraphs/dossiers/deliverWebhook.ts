import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { destinationProblem, destinationRefused, guardedLookup } from './webhookDestination.ts';
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
      id: change.changeId,
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
  { ok: true } | { ok: false; reason: 'timeout' | 'connection' | 'status' | 'destination'; error: string };

/**
 * What a failed delivery says (lastError, dead letters, logs): a class, never the remote's own words
 * or its exact status, so a registered URL is no probe of what answers where.
 */
const failure = {
  timeout: (ms: number) => ({ ok: false, reason: 'timeout', error: `no answer within ${ms} ms` }) as const,
  connection: { ok: false, reason: 'connection', error: 'connection failed' } as const,
  destination: {
    ok: false,
    reason: 'destination',
    error: 'destination not allowed (an internal address)',
  } as const,
  status: (status: number) =>
    ({
      ok: false,
      reason: 'status',
      error: status >= 300 && status < 400 ? 'redirect (not followed)' : `HTTP ${Math.floor(status / 100)}xx`,
    }) as const,
};

/**
 * Sends one change to one subscriber, signed per Standard Webhooks (webhook-id is the change's id,
 * the same on every retry, so a subscriber drops what it has seen). Any 2xx within the timeout is an
 * acknowledgement; anything else is a failure to try again. The destination is checked again here,
 * at connection time (a name may resolve elsewhere since it was registered): loopback, private,
 * link-local and reserved addresses are refused unless `allowedHosts` names the host.
 */
export async function deliverWebhook(
  subscriber: Pick<SubscriberRow, 'url' | 'secret' | 'includeApplicant'>,
  change: OutboxRow,
  timeoutMs: number,
  allowedHosts: readonly string[] = [],
): Promise<DeliveryResult> {
  const body = JSON.stringify(changePayload(change, subscriber.includeApplicant));
  const id = change.changeId;
  const now = new Date();
  const signature = new Webhook(subscriber.secret).sign(id, now, body);
  let url: URL;
  try {
    url = new URL(subscriber.url);
  } catch {
    return failure.destination;
  }
  if (destinationProblem(url, allowedHosts)) return failure.destination;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<DeliveryResult>((resolve) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': signature,
        },
        lookup: guardedLookup(url, allowedHosts),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume(); // the body is not read: only the status acknowledges
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 300 ? { ok: true } : failure.status(status));
      },
    );
    request.on('error', (error: Error & { code?: string }) => {
      if (error.name === 'TimeoutError' || error.name === 'AbortError' || error.code === 'ABORT_ERR')
        resolve(failure.timeout(timeoutMs));
      else if (error.code === destinationRefused) resolve(failure.destination);
      else resolve(failure.connection);
    });
    request.end(body);
  });
}
