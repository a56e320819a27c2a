import { findLegacyProvince, type LegacyProvince } from './adminUnits.ts';

/** What a personal ID itself says about its holder. */
export interface PersonalIdFacts {
  province: LegacyProvince;
  gender: 'MALE' | 'FEMALE';
  birthYear: number;
}

/**
 * Why the value is not a valid 12-digit personal ID, or null when it is.
 * Checks the shape, the birth-registration province (one of the 63 pre-2025 codes), and that the
 * century-gender digit with the two year digits does not put the birth in the future.
 */
export function personalIdProblem(value: string, today = new Date()): string | null {
  if (!/^\d{12}$/.test(value)) return 'a personal ID is exactly 12 digits';
  if (!findLegacyProvince(value.slice(0, 3)))
    return `'${value.slice(0, 3)}' (digits 1-3) is not a province code of birth registration`;
  const year = birthYearOf(value);
  if (year > today.getUTCFullYear())
    return `digit 4 ('${value[3]}') with digits 5-6 ('${value.slice(4, 6)}') give birth year ${year}, in the future`;
  return null;
}

/** The facts encoded in a valid personal ID, or null when it is not valid. */
export function personalIdFacts(value: string): PersonalIdFacts | null {
  if (personalIdProblem(value)) return null;
  const province = findLegacyProvince(value.slice(0, 3));
  if (!province) return null;
  return {
    province,
    gender: Number(value[3]) % 2 === 0 ? 'MALE' : 'FEMALE',
    birthYear: birthYearOf(value),
  };
}

/**
 * Why a record's birth date and gender disagree with its personal ID, or null when they agree
 * (or the ID is itself invalid, which personalIdProblem reports).
 */
export function personalIdMismatch(
  value: string,
  birthDate: string,
  gender: 'MALE' | 'FEMALE',
): string | null {
  const facts = personalIdFacts(value);
  if (!facts) return personalIdProblem(value);
  if (facts.birthYear !== Number(birthDate.slice(0, 4)))
    return `the ID encodes birth year ${facts.birthYear} but the birth date is ${birthDate}`;
  if (facts.gender !== gender) return `the ID encodes ${facts.gender} but the gender is ${gender}`;
  return null;
}

/** Digits 4-6 as a year: digit 4 gives the century (0/1 → 1900s, 2/3 → 2000s, ...). */
function birthYearOf(value: string): number {
  return 1900 + Math.floor(Number(value[3]) / 2) * 100 + Number(value.slice(4, 6));
}

/** Digit 4 for a birth year and gender, for building IDs. */
export function centuryGenderDigit(birthYear: number, gender: 'MALE' | 'FEMALE'): string {
  return String((Math.floor(birthYear / 100) - 19) * 2 + (gender === 'FEMALE' ? 1 : 0));
}
