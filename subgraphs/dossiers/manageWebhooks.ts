import { randomBytes } from 'node:crypto';
import { badInput, gqlError, limitExceeded } from '../../runtime/errors.ts';
import { scopes } from '../../runtime/scopes.ts';
import { checkLength, checkProvinceCode } from '../kit/checkArgs.ts';
import type { DossiersContext } from './context.ts';
import { deliverWebhook } from './deliverWebhook.ts';
import { checkDestination } from './webhookDestination.ts';
import type { MutationRegisterWebhookArgs } from './resolverTypes.ts';

/** How long a replay waits for the subscriber (the operator is waiting for the answer). */
const replayTimeoutMs = 10_000;

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base 64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export async function registerWebhook({ input }: MutationRegisterWebhookArgs, ctx: DossiersContext) {
  if (!/^[\w.-]{1,64}$/.test(input.id))
    throw badInput('id is 1-64 letters, digits, dots, dashes or underscores', 'id');
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw badInput('url is not a URL', 'url');
  }
  const problem = await checkDestination(url, ctx.statusSync.allowedHosts);
  if (problem) throw badInput(problem, 'url', { reason: 'DESTINATION_NOT_ALLOWED' });
  checkLength(input.agencyCode, 'agencyCode', 35);
  checkProvinceCode(input.provinceCode);
  const caller = ctx.request.caller;
  if (input.includeApplicant && !caller.scopes.includes(scopes.dossierReadAll))
    throw gqlError('FORBIDDEN', 'includeApplicant needs dossier:read:all: the applicant is personal data');
  const owner = caller.subject ?? caller.role;
  const secret = newSecret();
  const outcome = await ctx.repo.register(
    {
      id: input.id,
      url: url.href,
      secret,
      agencyCode: input.agencyCode,
      provinceCode: input.provinceCode,
      includeApplicant: input.includeApplicant ?? false,
      createdBy: owner,
      from: input.fromBeginning ? 'beginning' : 'now',
    },
    { onlyBy: owner, max: ctx.statusSync.maxSubscribers },
  );
  // Another client's subscriber keeps its URL, secret and cursor: the feed cannot be hijacked by id.
  if (outcome === 'taken')
    throw gqlError(
      'FORBIDDEN',
      `Subscriber ${input.id} was registered by another client: choose another id`,
      {
        reason: 'SUBSCRIBER_OF_ANOTHER_CLIENT',
      },
    );
  if (outcome === 'full')
    throw limitExceeded(
      `At most ${ctx.statusSync.maxSubscribers} webhook subscribers may be registered`,
      ctx.statusSync.maxSubscribers,
    );
  return { subscriber: outcome, secret };
}

export async function replayDeadLetter(id: string, ctx: DossiersContext) {
  if (!/^\d{1,12}$/.test(id)) throw badInput('id is not a dead letter id', 'id');
  const letter = await ctx.repo.deadLetter(Number(id));
  if (!letter || letter.replayedAt) throw gqlError('NOT_FOUND', `No dead letter ${id} waiting`);
  const [subscriber, change] = await Promise.all([
    ctx.repo.subscriber(letter.subscriberId),
    ctx.repo.change(letter.eventId),
  ]);
  if (!subscriber || !change)
    throw gqlError('NOT_FOUND', `Dead letter ${id} names a subscriber or change that is gone`);
  const result = await deliverWebhook(subscriber, change, replayTimeoutMs, ctx.statusSync.allowedHosts);
  if (!result.ok) return { delivered: false, error: result.error, deadLetter: letter };
  return { delivered: true, error: null, deadLetter: (await ctx.repo.markReplayed(letter.id)) ?? letter };
}
