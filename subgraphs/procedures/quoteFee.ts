import type { FeePolicyRow, FeeRow } from './repository.ts';
import type { FeeRule } from './resolverTypes.ts';
import { feePeriodInForce, type FeePeriod } from './feePeriods.ts';

/** What a policy decision reads of a policy (the seed passes rows it has not stored yet). */
type Policy = Pick<FeePolicyRow, 'channel' | 'validFrom' | 'discountPercent' | 'legalBasis'> & {
  validTo?: string | null;
};

/** What a quote reads of a fee item. */
type FeeItem = Pick<FeeRow, 'kind' | 'amount' | 'description' | 'authority' | 'legalBasis'> & {
  onlineAmount?: string | null;
};

/** The policy in force on `date` for a channel (the newest that has started and not ended), or null. */
export function policyInForce<P extends Policy>(policies: P[], channel: string, date: string): P | null {
  return (
    policies
      .filter((p) => p.channel === channel && p.validFrom <= date && (p.validTo == null || p.validTo >= date))
      .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] ?? null
  );
}

/**
 * What a dossier costs, item by item. A national item (a Ministry of Finance circular) costs its
 * rate, or its online rate when filed online and the circular sets one; a province cannot reduce it.
 * A provincial item (within the provincial council's power) costs its rate less the province's policy
 * for the channel, rounded to the nearest whole dong. A national item's rate for a period (see
 * feePeriods) applies on the days it covers. Amounts are decimal strings, computed as BigInt.
 * `discountPercent` is the policy's reduction where it reduced at least one item, else 0.
 */
export function quoteFee<P extends Policy>(
  fees: FeeItem[],
  policy: P | null,
  channel: string,
  /** The Vietnam date whose rates apply: the quote's day, or the day a dossier was received. */
  date: string,
  periodOf: (description: string, date: string) => FeePeriod | null = feePeriodInForce,
) {
  let reduced = false;
  const lines = fees.map((fee) => {
    const base = BigInt(fee.amount);
    if (fee.authority === 'NATIONAL') {
      // A rate for a period (a temporary reduction, an online rate that ran out) beats the standing one.
      const period = periodOf(fee.description, date);
      const onlineRate = period?.onlineAmount ?? fee.onlineAmount ?? null;
      const line = { kind: fee.kind, description: fee.description, baseAmount: base };
      if (channel === 'ONLINE' && onlineRate !== null) {
        const fromPeriod = period?.onlineAmount !== undefined;
        return {
          ...line,
          amountDue: BigInt(onlineRate),
          rule: (fromPeriod ? 'NATIONAL_PERIOD_RATE' : 'NATIONAL_ONLINE_RATE') as FeeRule,
          legalBasis: fromPeriod ? `${period?.legalBasis}; ${fee.legalBasis}` : fee.legalBasis,
          validUntil: fromPeriod ? (period?.to ?? null) : null,
        };
      }
      if (period?.amount !== undefined)
        return {
          ...line,
          amountDue: BigInt(period.amount),
          rule: 'NATIONAL_PERIOD_RATE' as FeeRule,
          legalBasis: `${period.legalBasis}; ${fee.legalBasis}`,
          validUntil: period.to,
        };
      return {
        ...line,
        amountDue: base,
        rule: 'NATIONAL_RATE' as FeeRule,
        legalBasis: fee.legalBasis,
        validUntil: null,
      };
    }
    const percent = policy?.discountPercent ?? 0;
    if (policy && base > 0n) reduced = true;
    return {
      kind: fee.kind,
      description: fee.description,
      baseAmount: base,
      amountDue: policy ? (base * BigInt(100 - percent) + 50n) / 100n : base,
      rule: (policy ? 'PROVINCIAL_REDUCTION' : 'PROVINCIAL_RATE') as FeeRule,
      legalBasis: policy ? `${policy.legalBasis}; ${fee.legalBasis}` : fee.legalBasis,
      validUntil: policy?.validTo ?? null,
    };
  });
  const sum = (pick: (line: (typeof lines)[number]) => bigint) =>
    lines.reduce((total, line) => total + pick(line), 0n).toString();
  return {
    baseAmount: sum((l) => l.baseAmount),
    discountPercent: reduced ? (policy?.discountPercent ?? 0) : 0,
    amountDue: sum((l) => l.amountDue),
    policy: reduced ? policy : null,
    lines: lines.map((l) => ({
      ...l,
      baseAmount: l.baseAmount.toString(),
      amountDue: l.amountDue.toString(),
    })),
  };
}
