import type { AddressValue } from '../drizzle/addressValue.ts';
import { findProvince } from './adminUnits.ts';

export type { AddressValue };

/** The GraphQL Address value: names filled from the unit tables and one printable line. */
export function toAddress(value: AddressValue | null | undefined) {
  if (!value) return null;
  const provinceName = findProvince(value.provinceCode)?.name ?? value.provinceCode;
  const full = [value.street, value.wardName, provinceName].filter(Boolean).join(', ');
  return {
    provinceCode: value.provinceCode,
    provinceName,
    wardCode: value.wardCode ?? null,
    wardName: value.wardName ?? null,
    street: value.street ?? null,
    full,
  };
}
