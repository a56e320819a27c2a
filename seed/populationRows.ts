import type { AddressValue } from '../runtime/address.ts';
import { birthRegistrationCodes, provinces, wardsOf } from '../runtime/adminUnits.ts';
import { centuryGenderDigit } from '../runtime/personalId.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { CodeColumn, PersonalIdColumn } from './compactColumns.ts';
import * as ref from './referenceData.ts';
import type { WorldRandom } from './worldRandom.ts';
import { dayMs, referenceInstant, type WorldSize } from './worldSize.ts';
import type { CitizenRow, Gender, SeedRow } from './seedRow.ts';
import type { PopulationFacts } from './worldFacts.ts';

/**
 * Households and citizens with valid personal IDs and consistent families: surnames weighted as in the
 * population and passed from the father, addresses in the wards of reference/wards.json, and each ID's
 * birth-registration code one that existed on the birth date (a legacy province before July 2025, a
 * current one after). Returns the facts later domains refer to: where to put an address, and the
 * living adults (representatives, applicants).
 */
export function* populationRows(size: WorldSize, random: WorldRandom): Generator<SeedRow, PopulationFacts> {
  const { faker, int, chance, pick, chooser } = random;
  /** The last serial (digits 7-12) used for each ID prefix (digits 1-6), so IDs never repeat. */
  const serials = new Map<string, number>();
  const ethnicity = chooser(ref.ethnicities);
  const religion = chooser(ref.religions);
  const surname = chooser(ref.surnames);
  const wardOf = (provinceCode: string) => {
    const ward = pick(wardsOf(provinceCode) as Array<ReturnType<typeof wardsOf>[number]>);
    return { wardCode: ward.code, wardName: ward.name };
  };
  const street = () => `Số ${int(1, 300)} đường ${faker.person.lastName()} ${pick(ref.givenNames.MALE)}`;
  const addressIn = (provinceCode: string): AddressValue => ({
    provinceCode,
    ...wardOf(provinceCode),
    street: street(),
  });

  const makeCitizen = (
    gender: Gender,
    birthYear: number,
    provinceCode: string,
    familyName: string,
  ): CitizenRow => {
    const birthDate = `${birthYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    // Most were registered at birth where they live now; the rest elsewhere. Either way with a code in
    // force on the birth date.
    const registeredIn = chance(0.8) ? provinceCode : pick(provinces).code;
    const registration = pick(birthRegistrationCodes(registeredIn, birthDate));
    const prefix = `${registration}${centuryGenderDigit(birthYear, gender)}${String(birthYear % 100).padStart(2, '0')}`;
    const serial = (serials.get(prefix) ?? 0) + int(1, 40);
    serials.set(prefix, serial);
    return {
      personalId: `${prefix}${String(serial).padStart(6, '0')}`,
      fullName: `${familyName} ${pick(ref.middleNames[gender])} ${pick(ref.givenNames[gender])}`,
      birthDate,
      gender,
      nationality: 'VN',
      ethnicity: ethnicity(),
      religion: religion(),
      hometown: { provinceCode: pick(provinces).code },
      permanentAddress: null,
      currentAddress: null,
      householdId: null,
      relationshipToHead: null,
      fatherId: null,
      motherId: null,
      spouseId: null,
      oldIdNumber: birthYear < 2000 ? faker.string.numeric(9) : null,
      deathDate: null,
    };
  };

  const referenceYear = referenceInstant.getUTCFullYear();
  /** Living adults (20 or older), who can represent businesses and file dossiers. */
  const adultIds = new PersonalIdColumn();
  const adultProvinces = new CodeColumn();
  const adultWards = new CodeColumn();
  let citizenCount = 0;
  let someoneDied = false;
  let householdCount = 0;
  while (citizenCount < size.citizens) {
    const provinceCode = pick(provinces).code;
    const address = addressIn(provinceCode);
    householdCount += 1;
    const householdId = `HGD${provinceCode}${String(householdCount).padStart(8, '0')}`;
    const headGender: Gender = chance(0.7) ? 'MALE' : 'FEMALE';
    const headYear = referenceYear - int(28, 75);
    const head = makeCitizen(headGender, headYear, provinceCode, surname());
    head.relationshipToHead = 'Chủ hộ';
    const members: CitizenRow[] = [head];
    let spouse: CitizenRow | null = null;
    if (chance(0.8)) {
      const spouseGender: Gender = headGender === 'MALE' ? 'FEMALE' : 'MALE';
      spouse = makeCitizen(spouseGender, headYear + int(-4, 6), provinceCode, surname());
      spouse.relationshipToHead = spouseGender === 'FEMALE' ? 'Vợ' : 'Chồng';
      spouse.spouseId = head.personalId;
      head.spouseId = spouse.personalId;
      members.push(spouse);
    }
    // Children are born once the younger parent is 20.
    const youngest = Math.max(headYear, spouse ? Number(spouse.birthDate.slice(0, 4)) : headYear) + 20;
    const children = Math.min(int(0, 3), Math.max(0, referenceYear - youngest));
    const [father, mother] = headGender === 'MALE' ? [head, spouse] : [spouse, head];
    // A child takes the father's surname; with no father in the household, the mother's.
    const family = (father ?? head).fullName.split(' ')[0] as string;
    for (let c = 0; c < children; c += 1) {
      const year = int(youngest, Math.min(referenceYear - 1, youngest + 20));
      const child = makeCitizen(chance(0.5) ? 'MALE' : 'FEMALE', year, provinceCode, family);
      child.relationshipToHead = 'Con';
      child.fatherId = father?.personalId ?? null;
      child.motherId = mother?.personalId ?? null;
      members.push(child);
    }
    // Some of the old have died: at least one in any data set, so that every case can be tried.
    if (headYear < referenceYear - 65 && (chance(0.15) || !someoneDied)) {
      someoneDied = true;
      head.deathDate = vietnamDate(new Date(referenceInstant.getTime() - int(30, 900) * dayMs));
    }
    // The last household may overshoot the count: its youngest members are left out.
    members.length = Math.min(members.length, size.citizens - citizenCount);
    if (!spouse || members.length < 2) head.spouseId = null;
    yield ['population', 'households', { id: householdId, address, headId: head.personalId }];
    for (const member of members) {
      member.householdId = householdId;
      member.permanentAddress = address;
      member.currentAddress = chance(0.9) ? address : addressIn(pick(provinces).code);
      citizenCount += 1;
      if (member.deathDate === null && referenceYear - Number(member.birthDate.slice(0, 4)) >= 20) {
        adultIds.push(member.personalId);
        adultProvinces.push((member.currentAddress as AddressValue).provinceCode);
        adultWards.push((member.currentAddress as AddressValue).wardCode as string);
      }
      yield ['population', 'citizens', member];
    }
  }
  serials.clear();
  /** Distinct living adults, chosen at random. */
  const someAdults = (count: number) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, adultIds.length)) chosen.add(int(0, adultIds.length - 1));
    return [...chosen].map((i) => adultIds.at(i));
  };

  return { addressIn, adultIds, adultProvinces, adultWards, someAdults };
}
