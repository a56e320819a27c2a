import type { businesses } from '../drizzle/business.ts';
import { enterpriseCheckDigit } from '../runtime/enterpriseCode.ts';
import { searchText } from '../runtime/searchText.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import * as ref from './referenceData.ts';
import type { WorldRandom } from './worldRandom.ts';
import { dayMs, referenceInstant, type WorldSize } from './worldSize.ts';
import type { SeedRow } from './seedRow.ts';
import type { BusinessFacts, PopulationFacts } from './worldFacts.ts';

/**
 * Businesses with valid enterprise codes, legal representatives among the living adults, and industries.
 * No two share a name (Law on Enterprises 2020, Article 41): the i-th business's trade and proper name
 * are digits of a permutation of i. The English name follows the legal form and the main industry the
 * trade in the name. A branch is named as the enterprise's branch. Returns the active businesses and
 * who represents them, for the dossiers.
 */
export function* businessRows(
  size: WorldSize,
  random: WorldRandom,
  population: PopulationFacts,
): Generator<SeedRow, BusinessFacts> {
  const { faker, int, chance, pick, chooser } = random;
  const { addressIn, someAdults } = population;
  const legalForm = chooser<(typeof businesses.$inferInsert)['legalForm']>([
    ['SINGLE_MEMBER_LLC', 40],
    ['MULTI_MEMBER_LLC', 25],
    ['JOINT_STOCK', 25],
    ['PARTNERSHIP', 2],
    ['PRIVATE_ENTERPRISE', 8],
  ]);
  const businessStatus = chooser<(typeof businesses.$inferInsert)['status']>([
    ['ACTIVE', 75],
    ['SUSPENDED', 6],
    ['NOT_AT_ADDRESS', 4],
    ['DISSOLVING', 4],
    ['DISSOLVED', 6],
    ['BANKRUPT', 2],
    ['REVOKED', 3],
  ]);
  const formNames = {
    SINGLE_MEMBER_LLC: 'Công ty TNHH MTV',
    MULTI_MEMBER_LLC: 'Công ty TNHH',
    JOINT_STOCK: 'Công ty Cổ phần',
    PARTNERSHIP: 'Công ty Hợp danh',
    PRIVATE_ENTERPRISE: 'Doanh nghiệp tư nhân',
  } as const;
  const englishForms = {
    SINGLE_MEMBER_LLC: 'One Member Company Limited',
    MULTI_MEMBER_LLC: 'Company Limited',
    JOINT_STOCK: 'Joint Stock Company',
    PARTNERSHIP: 'Partnership',
    PRIVATE_ENTERPRISE: 'Private Enterprise',
  } as const;
  const industryName = new Map(ref.vsicIndustries);
  const words = ref.businessWords;
  const trades = ref.businessTrades;
  /** A bijection of 0..n-1 (multiplication by a prime that does not divide n), so names look random yet never repeat. */
  const n = Math.max(1, size.businesses);
  const step = [1_000_003, 999_983, 999_979].find((p) => n % p !== 0) as number;
  const nameOf = (i: number) => {
    let j = Number((BigInt(i) * BigInt(step)) % BigInt(n));
    const trade = trades[j % trades.length] as (typeof trades)[number];
    j = Math.floor(j / trades.length);
    const parts = [words[j % words.length] as string];
    for (j = Math.floor(j / words.length); j > 0; j = Math.floor(j / words.length))
      parts.push(words[(j - 1) % words.length] as string);
    return { trade, proper: parts.join(' ') };
  };
  let named = 0;
  /** Active businesses, which file dossiers, with a representative and their province. */
  const activeCodes: string[] = [];
  const activeProvinces: string[] = [];
  const activeWards: string[] = [];
  const representativeOf = new Map<string, string>();
  /** One business each representative stands for, for the registration certificate a citizen files. */
  const representedBy = new Map<string, string>();
  const lastSequence = new Map<string, number>();
  let businessCount = 0;
  while (businessCount < size.businesses) {
    const [prefix, provinceCode] = pick(ref.taxPrefixes);
    const sequence = (lastSequence.get(prefix) ?? 1_000_000) + int(1, 100);
    lastSequence.set(prefix, sequence);
    const firstNine = `${prefix}${String(sequence).padStart(7, '0')}`;
    const check = enterpriseCheckDigit(firstNine);
    if (check === null) continue;
    const form = legalForm();
    const { trade, proper } = nameOf(named);
    named += 1;
    const name = `${formNames[form]} ${trade.name} ${proper}`;
    const latin = searchText(proper).replace(/\b\w/g, (l) => l.toUpperCase());
    const foreignName = chance(0.6) ? `${latin} ${trade.english} ${englishForms[form]}` : null;
    const shortName = foreignName ? searchText(proper).replace(/ /g, '').toUpperCase() : null;
    const code = `${firstNine}${check}`;
    const status = businessStatus();
    const headOffice = addressIn(provinceCode);
    const common = {
      name,
      searchName: searchText([name, foreignName, shortName].filter(Boolean).join(' ')),
      foreignName,
      shortName,
      legalForm: form,
      status,
      foundedOn: vietnamDate(new Date(referenceInstant.getTime() - int(60, 7000) * dayMs)),
      headOffice,
      provinceCode,
      charterCapital: (BigInt(int(100, 100_000)) * 1_000_000n * (chance(0.05) ? 100n : 1n)).toString(),
    };
    const representatives = someAdults(form === 'JOINT_STOCK' ? 2 : 1);
    const main = pick(trade.mainIndustries);
    const others = faker.helpers
      .arrayElements(ref.vsicIndustries, { min: 0, max: 3 })
      .filter(([vsic]) => vsic !== main);
    const industryChoice: Array<[string, string]> = [[main, industryName.get(main) as string], ...others];
    const units = [code, ...(chance(0.1) ? [`${code}-001`] : [])];
    for (const unit of units.slice(0, size.businesses - businessCount)) {
      businessCount += 1;
      const branch = unit.includes('-');
      const unitName = branch ? `Chi nhánh ${name}` : name;
      yield [
        'business',
        'businesses',
        {
          ...common,
          name: unitName,
          foreignName: branch && foreignName ? `Branch of ${foreignName}` : foreignName,
          searchName: searchText([unitName, foreignName, shortName].filter(Boolean).join(' ')),
          enterpriseCode: unit,
        },
      ];
      for (const personalId of representatives) {
        yield [
          'business',
          'legalRepresentatives',
          {
            enterpriseCode: unit,
            personalId,
            position: form === 'JOINT_STOCK' ? 'Tổng Giám đốc' : 'Giám đốc',
          },
        ];
        if (!representedBy.has(personalId)) representedBy.set(personalId, unit);
      }
      for (const [i, [vsic, industryName]] of industryChoice.entries())
        yield [
          'business',
          'businessIndustries',
          { enterpriseCode: unit, code: vsic, name: industryName, main: i === 0 },
        ];
      if (status === 'ACTIVE') {
        activeCodes.push(unit);
        activeProvinces.push(provinceCode);
        activeWards.push(headOffice.wardCode as string);
        representativeOf.set(unit, representatives[0] as string);
      }
    }
  }
  lastSequence.clear();

  return { activeCodes, activeProvinces, activeWards, representativeOf, representedBy };
}
