import { readReference } from './readReference.ts';

/**
 * Administrative units the national databases use, from reference/provinces.json and
 * reference/wards.json (each file names its legal source and what is unverified).
 *
 * Two lists of provinces, because the country changed: personal IDs keep the 3-digit code of the
 * province where the birth was registered (the 63 provinces before 2025, Circular 07/2016, appendix 1;
 * since 1 July 2025 the 34 current ones), while addresses use the 34 provinces in force since
 * 1 July 2025 (Resolution 202/2025/QH15), whose 2-digit codes are those of the province each merger kept.
 */

export interface Province {
  code: string;
  name: string;
}

export interface LegacyProvince {
  /** 3-digit code used as the first three digits of a personal ID. */
  code: string;
  name: string;
  /** 2-digit code of the province it belongs to since 2025. */
  currentCode: string;
}

export interface Ward {
  /** 5 digits: 9 + the province code + the position in its list (visibly synthetic, see the data file). */
  code: string;
  name: string;
  /** 1-based position in its province's list (commune-level service points are numbered by it). */
  position: number;
}

const units = readReference<{ current: Province[]; legacy: LegacyProvince[] }>('provinces.json');
const wardFile = readReference<{ provinces: Record<string, { wards: string[]; real?: boolean }> }>(
  'wards.json',
);

/** The 34 provinces and centrally-run cities in force since mid-2025, by 2-digit code. */
export const provinces: readonly Province[] = units.current;

/** The 63 pre-2025 provinces with the 3-digit codes of personal IDs, and where each went in 2025. */
export const legacyProvinces: readonly LegacyProvince[] = units.legacy;

/** The day the 34 provinces came into force: births registered from then carry a current province's code. */
export const mergerDate = '2025-07-01';

const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
const legacyByCode = new Map(legacyProvinces.map((p) => [p.code, p]));
const wardsByProvince = new Map(
  provinces.map((p) => [
    p.code,
    (wardFile.provinces[p.code]?.wards ?? []).map((name, i): Ward => ({
      code: `9${p.code}${String(i + 1).padStart(2, '0')}`,
      name,
      position: i + 1,
    })),
  ]),
);
for (const [code, wards] of wardsByProvince)
  if (wards.length === 0) throw new Error(`reference/wards.json lists no ward for province ${code}`);

/** The current province with that 2-digit code, or undefined. */
export function findProvince(code: string): Province | undefined {
  return provinceByCode.get(code);
}

/** The pre-2025 province with that 3-digit ID prefix, or undefined. */
export function findLegacyProvince(code: string): LegacyProvince | undefined {
  return legacyByCode.get(code);
}

/** The wards and communes of a current province that the data lists. */
export const wardsOf = (provinceCode: string): readonly Ward[] => wardsByProvince.get(provinceCode) ?? [];

/** A listed ward by its code, with its province, or undefined. */
export function findWard(code: string): (Ward & { provinceCode: string }) | undefined {
  const provinceCode = code.slice(1, 3);
  const ward = wardsOf(provinceCode).find((w) => w.code === code);
  return ward && { ...ward, provinceCode };
}

/**
 * The 3-digit birth-registration codes valid for a birth date in a current province: before the merger
 * those of the legacy provinces it absorbed, from 1 July 2025 its own (0 + its 2-digit code).
 */
export function birthRegistrationCodes(provinceCode: string, birthDate: string): string[] {
  if (birthDate >= mergerDate) return [`0${provinceCode}`];
  return legacyProvinces.filter((p) => p.currentCode === provinceCode).map((p) => p.code);
}
