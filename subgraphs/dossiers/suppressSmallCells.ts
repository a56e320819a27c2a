import { emptyStatistics, type StatisticsRow } from './repository.ts';

/** The smallest set of dossiers whose figures are published (the small-cell rule of statistical offices). */
export const minimumCell = 5;

/**
 * A set's figures as published: a set of 1 to 4 dossiers keeps its total and withholds the rest (0,
 * averageRating null), so one dossier's rating, delay or channel cannot be read off a narrow filter.
 */
export function suppressSmallCells(figures: StatisticsRow): StatisticsRow & { suppressed: boolean } {
  if (figures.total === 0 || figures.total >= minimumCell) return { ...figures, suppressed: false };
  return { ...emptyStatistics, total: figures.total, suppressed: true };
}
