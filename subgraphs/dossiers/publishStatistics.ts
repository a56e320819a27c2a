import { emptyStatistics, type StatisticsFilter, type StatisticsRow } from './repository.ts';

/** The smallest set of dossiers whose figures are published (the small-cell rule of statistical offices). */
export const minimumCell = 5;

/** Published counts are multiples of this (rounded to the nearest; halves up). */
export const roundingBase = 5;

/** A count as published: to the nearest multiple of `roundingBase`. */
export const roundCount = (n: number) => Math.round(n / roundingBase) * roundingBase;

/** The whole months a statistics filter covers: `from` back to its month's first day, `to` on to its last. */
export function wholeMonths<F extends StatisticsFilter>(filter: F): F {
  const first = (date: string) => `${date.slice(0, 7)}-01`;
  const last = (date: string) => {
    const [year, month] = date.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  };
  return {
    ...filter,
    from: filter.from ? first(filter.from) : filter.from,
    to: filter.to ? last(filter.to) : filter.to,
  };
}

export type PublishedStatistics = StatisticsRow & {
  suppressed: boolean;
  from: string | null;
  to: string | null;
};

/**
 * A set's figures as published, so that neither one set nor the difference of two isolates a dossier:
 * - periods are whole calendar months (wholeMonths): two requests can differ by a month, never by a day;
 * - a set of 1 to 4 dossiers is suppressed, every figure 0 (its total too: a suppressed cell's total
 *   was what differencing two overlapping sets needed);
 * - every other count is rounded to a multiple of 5, so the difference of two sets that differ by one
 *   dossier is 0 or 5 and says nothing certain of it;
 * - averageRating only over 5 ratings or more, to one decimal.
 */
export function publishStatistics(figures: StatisticsRow, period: StatisticsFilter): PublishedStatistics {
  const covered = { from: period.from ?? null, to: period.to ?? null };
  if (figures.total > 0 && figures.total < minimumCell)
    return { ...emptyStatistics, suppressed: true, ...covered };
  return {
    total: roundCount(figures.total),
    online: roundCount(figures.online),
    fullyOnline: roundCount(figures.fullyOnline),
    completedOnTime: roundCount(figures.completedOnTime),
    completedLate: roundCount(figures.completedLate),
    overdue: roundCount(figures.overdue),
    paperlessRequirements: roundCount(figures.paperlessRequirements),
    totalRequirements: roundCount(figures.totalRequirements),
    ratings: roundCount(figures.ratings),
    averageRating:
      figures.averageRating !== null && figures.ratings >= minimumCell
        ? Math.round(figures.averageRating * 10) / 10
        : null,
    suppressed: false,
    ...covered,
  };
}
