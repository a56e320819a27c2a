import { describe, expect, it } from 'vitest';
import { CodeColumn, Interner, PersonalIdColumn } from '../seed/compactColumns.ts';

describe('the seed’s compact fact columns', () => {
  it('gives back every personal ID as pushed, leading zeros kept, past its first capacity', () => {
    const ids = new PersonalIdColumn();
    const pushed = Array.from({ length: 3000 }, (_, i) => `0${String(79_000_000_000 + i * 7919)}`);
    for (const id of pushed) ids.push(id);
    expect(ids.length).toBe(3000);
    expect(Array.from({ length: 3000 }, (_, i) => ids.at(i))).toEqual(pushed);
    expect(() => ids.push('79123')).toThrow(/not a 12-digit personal ID/);
  });

  it('gives back every code, and the rows of each code in ascending order', () => {
    const provinces = new CodeColumn();
    const pushed = Array.from({ length: 2500 }, (_, i) => ['79', '01', '48'][(i * i) % 3] as string);
    for (const code of pushed) provinces.push(code);
    expect(Array.from({ length: pushed.length }, (_, i) => provinces.at(i))).toEqual(pushed);
    const groups = provinces.rowsByCode();
    for (const code of ['79', '01', '48'])
      expect(Array.from(groups.get(code) ?? [])).toEqual(pushed.flatMap((c, i) => (c === code ? [i] : [])));
    expect(groups.get('31')).toBeUndefined();
  });

  it('numbers each distinct string once, in the order first seen', () => {
    const days = new Interner();
    expect(['261206', '261205', '261206', '261207'].map((d) => days.index(d))).toEqual([0, 1, 0, 2]);
    expect([days.at(0), days.at(1), days.at(2), days.size]).toEqual(['261206', '261205', '261207', 3]);
  });
});
