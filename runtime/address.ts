import type { AddressValue } from '../drizzle/addressValue.ts';
import { findProvince } from './adminUnits.ts';

export type { AddressValue };

/** The GraphQL Address type. */
export interface Address {
  provinceCode: string;
  provinceName: string;
  wardCode: string | null;
  wardName: string | null;
  street: string | null;
  full: string;
}

/** The GraphQL Address value: names filled from the unit tables and one printable line. */
export function toAddress(value: AddressValue): Address;
export function toAddress(value: AddressValue | null | undefined): Address | null;
export function toAddress(value: AddressValue | null | undefined): Address | null {
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
