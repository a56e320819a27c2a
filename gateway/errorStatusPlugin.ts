import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorCode } from '../runtime/errors.ts';

/**
 * HTTP statuses for answers whose errors say more than "200 with errors": the status a client, a
 * proxy or a load balancer acts on without reading the body. The first error with a listed code
 * decides; an answer with data in it is still 200 (a partial answer is an answer).
 */
const statusOf: Partial<Record<ErrorCode, number>> = {
  // The request itself is wrong (an argument, a list or page too long): not worth sending again as is.
  BAD_USER_INPUT: 400,
  LIMIT_EXCEEDED: 400,
  UNAUTHENTICATED: 401,
  // Personal data was withheld because its access record could not be written: try again later.
  AUDIT_UNAVAILABLE: 503,
  // A subgraph's database could not be reached: try again later.
  DATABASE_UNAVAILABLE: 503,
  // The operator has not loaded the working calendar of the year a due date needs.
  CALENDAR_NOT_LOADED: 503,
  // One client asked too much too fast: back off (extensions.retryAfterSeconds says how long).
  RATE_LIMITED: 429,
};

export function errorStatusPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length || (data && Object.values(data).some((v) => v !== null))) return;
          for (const error of errors) {
            const status = statusOf[error.extensions?.code as ErrorCode];
            if (status) {
              response.http.status = status;
              const wait = error.extensions?.retryAfterSeconds;
              if (status === 429 && typeof wait === 'number')
                response.http.headers.set('retry-after', String(wait));
              return;
            }
          }
        },
      };
    },
  };
}
