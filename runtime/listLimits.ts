import type { GraphQLError } from 'graphql';
import { limitExceeded } from './errors.ts';

/**
 * The list limits of the API, one source for both sides of the seam: the gateway refuses an operation
 * over them before any subgraph is called, and each subgraph refuses it again (nobody relies on the
 * router in front). The SDL's descriptions say the same numbers to integrators.
 */
export const listLimits = {
  /** The most items one page (`first`) holds. */
  pageSize: 100,
  /** The most personal IDs one `citizens` call takes. */
  personalIdsPerCall: 100,
} as const;

/** LIMIT_EXCEEDED for a `first` over the page size. */
export const pageSizeExceeded = (): GraphQLError =>
  limitExceeded(`first may be at most ${listLimits.pageSize}`, listLimits.pageSize);

/** LIMIT_EXCEEDED for a `citizens` call over its ID cap. */
export const personalIdsExceeded = (): GraphQLError =>
  limitExceeded(
    `citizens takes at most ${listLimits.personalIdsPerCall} personal IDs`,
    listLimits.personalIdsPerCall,
  );
