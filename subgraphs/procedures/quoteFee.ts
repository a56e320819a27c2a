import type { FeePolicyRow, FeeRow } from './repository.ts';

/** The policy in force on `date` for a channel (the newest that has started and not ended), or null. */
export function policyInForce(policies: FeePolicyRow[], channel: string, date: string): FeePolicyRow | null {
  return (
    policies
      .filter(
        (p) => p.channel === channel && p.validFrom <= date && (p.validTo === null || p.validTo >= date),
      )
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? null
  );
}

/**
 * What a dossier costs: the procedure's fees and charges together, less the policy's discount,
 * rounded to the nearest whole dong. Amounts are decimal strings and computed as BigInt (no float).
 */
export function quoteFee(fees: FeeRow[], policy: FeePolicyRow | null) {
  const base = fees.reduce((sum, fee) => sum + BigInt(fee.amount), 0n);
  const discountPercent = policy?.discountPercent ?? 0;
  const amountDue = (base * BigInt(100 - discountPercent) + 50n) / 100n;
  return { baseAmount: base.toString(), discountPercent, amountDue: amountDue.toString(), policy };
}
