import type { FeePolicyRow, FeeRow } from './repository.ts';

/** What a policy decision reads of a policy (the seed passes rows it has not stored yet). */
type Policy = Pick<FeePolicyRow, 'channel' | 'validFrom' | 'discountPercent'> & { validTo?: string | null };

/** The policy in force on `date` for a channel (the newest that has started and not ended), or null. */
export function policyInForce<P extends Policy>(policies: P[], channel: string, date: string): P | null {
  return (
    policies
      .filter((p) => p.channel === channel && p.validFrom <= date && (p.validTo == null || p.validTo >= date))
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? null
  );
}

/**
 * What a dossier costs: the procedure's fees and charges together, less the policy's discount,
 * rounded to the nearest whole dong. Amounts are decimal strings and computed as BigInt (no float).
 */
export function quoteFee<P extends Policy>(fees: Pick<FeeRow, 'amount'>[], policy: P | null) {
  const base = fees.reduce((sum, fee) => sum + BigInt(fee.amount), 0n);
  const discountPercent = policy?.discountPercent ?? 0;
  const amountDue = (base * BigInt(100 - discountPercent) + 50n) / 100n;
  return { baseAmount: base.toString(), discountPercent, amountDue: amountDue.toString(), policy };
}
