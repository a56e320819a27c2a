import { readReference } from '../../runtime/readReference.ts';

/**
 * A rate that holds for a period (reference/fee-rules.json): a temporary reduction such as Circular
 * 64/2025/TT-BTC's, or an online rate that ran out. `amount` replaces the item's rate on every channel,
 * `onlineAmount` its online rate; dates are Vietnam calendar days, inclusive (null: open).
 */
export interface FeePeriod {
  from: string | null;
  to: string | null;
  amount?: string;
  onlineAmount?: string;
  legalBasis: string;
}

const periodsByDescription = new Map(
  Object.entries(
    readReference<{ items: Record<string, { periods?: FeePeriod[] }> }>('fee-rules.json').items,
  ).map(([description, rule]) => [description, rule.periods ?? []]),
);

/** The period in force on `date` (YYYY-MM-DD) for a fee item, by its description; null when none is. */
export function feePeriodInForce(description: string, date: string): FeePeriod | null {
  return (
    (periodsByDescription.get(description) ?? []).find(
      (p) => (p.from === null || p.from <= date) && (p.to === null || date <= p.to),
    ) ?? null
  );
}
