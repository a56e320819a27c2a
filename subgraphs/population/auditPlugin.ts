import type { ApolloServerPlugin } from '@apollo/server';
import type { PopulationContext } from './context.ts';
import type { ErrorCode } from '../../runtime/errors.ts';

/**
 * Writes the request's access records before its response leaves. If they cannot be written the
 * personal data is not returned: the response becomes one AUDIT_UNAVAILABLE error and no data. Nor is
 * it when the client is past its daily quota of distinct citizens: one RATE_LIMITED error, no data.
 */
export const auditPlugin: ApolloServerPlugin<PopulationContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response, logger }) {
        const records = contextValue.audit.drain();
        if (records.length === 0 || response.body.kind !== 'single') return;
        // Past the client's daily quota of distinct citizens nothing is disclosed, so nothing is logged.
        const caller = contextValue.request.caller;
        const admission = await contextValue.quota.admit(
          caller,
          records.map((r) => r.personalId),
        );
        if (!admission.allowed) {
          response.http.status = 429;
          response.http.headers.set('retry-after', String(admission.retryAfterSeconds));
          response.body.singleResult = {
            data: null,
            errors: [
              {
                message: `This client has read its quota of ${contextValue.quota.limitOf(caller)} distinct citizens today; no personal data is returned until the day ends`,
                extensions: {
                  code: 'RATE_LIMITED' satisfies ErrorCode,
                  limit: 'citizensPerDay',
                  retryAfterSeconds: admission.retryAfterSeconds,
                },
              },
            ],
          };
          return;
        }
        try {
          await contextValue.repo.appendAccessRecords(records);
        } catch (error) {
          logger.error(`access log write failed, personal data withheld: ${(error as Error).message}`);
          response.http.status = 503;
          response.body.singleResult = {
            data: null,
            errors: [
              {
                message: 'The access log could not be written, so no personal data is returned; try again',
                extensions: { code: 'AUDIT_UNAVAILABLE' satisfies ErrorCode },
              },
            ],
          };
        }
      },
    };
  },
};
