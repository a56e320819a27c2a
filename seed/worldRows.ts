import { Faker, vi, base } from '@faker-js/faker';
import type { businessIndustries, businesses, legalRepresentatives } from '../drizzle/business.ts';
import {
  dossierStatuses,
  type dossierEvents,
  type dossierEvidence,
  type dossiers,
  type dossierSequences,
  type DossierStatus,
} from '../drizzle/dossiers.ts';
import type { citizens, households } from '../drizzle/population.ts';
import type { agencies, feePolicies, fees, procedureCatalogue, requirements } from '../drizzle/procedures.ts';
import type { AddressValue } from '../runtime/address.ts';
import { legacyProvinces, provinces, type LegacyProvince } from '../runtime/adminUnits.ts';
import { enterpriseCheckDigit } from '../runtime/enterpriseCode.ts';
import { centuryGenderDigit } from '../runtime/personalId.ts';
import { searchText } from '../runtime/searchText.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { lifecyclePath } from '../subgraphs/dossiers/lifecycle.ts';
import { oneStopShopOf } from '../subgraphs/dossiers/oneStopShop.ts';
import { addWorkingDays } from '../subgraphs/dossiers/workingDays.ts';
import { policyInForce, quoteFee } from '../subgraphs/procedures/quoteFee.ts';
import * as ref from './referenceData.ts';

/** How many records of each kind to generate, and from which seed. */
export interface WorldSize {
  citizens: number;
  businesses: number;
  procedures: number;
  dossiers: number;
  seed: number;
}

/** The small demo data set `npm start` loads into an empty database. */
export const demoSize: WorldSize = {
  citizens: 240,
  businesses: 60,
  procedures: 40,
  dossiers: 300,
  seed: 20251,
};

/** Ages and dossier dates are computed from this instant, never from the clock, so a seed always gives the same records. */
export const referenceInstant = new Date('2026-10-31T10:00:00+07:00');

/** The most procedures a catalogue can hold: each national procedure, and its copy localised by each province. */
export const maxProcedures = ref.procedureTemplates.length * (provinces.length + 1);

type Gender = 'MALE' | 'FEMALE';
export type CitizenRow = typeof citizens.$inferInsert & { birthDate: string; gender: Gender };

/** The rows of each table, keyed by subgraph and then by table, in the order they are generated. */
export interface WorldRows {
  population: { households: typeof households.$inferInsert; citizens: CitizenRow };
  business: {
    businesses: typeof businesses.$inferInsert;
    legalRepresentatives: typeof legalRepresentatives.$inferInsert;
    businessIndustries: typeof businessIndustries.$inferInsert;
  };
  procedures: {
    agencies: typeof agencies.$inferInsert;
    procedures: typeof procedureCatalogue.$inferInsert;
    fees: typeof fees.$inferInsert;
    requirements: typeof requirements.$inferInsert;
    feePolicies: typeof feePolicies.$inferInsert & { id: number };
  };
  dossiers: {
    dossiers: typeof dossiers.$inferInsert;
    dossierEvents: typeof dossierEvents.$inferInsert;
    dossierEvidence: typeof dossierEvidence.$inferInsert;
    dossierSequences: typeof dossierSequences.$inferInsert;
  };
}

/** One generated row and where it goes. */
export type SeedRow = {
  [S in keyof WorldRows]: { [T in keyof WorldRows[S]]: [S, T, WorldRows[S][T]] }[keyof WorldRows[S]];
}[keyof WorldRows];

const dayMs = 24 * 3600 * 1000;
/** A provincial agency's e-ID; department 0 is the province's one-stop shop. */
const departmentCode = (provinceCode: string, department: number) =>
  `000.00.${String(department).padStart(2, '0')}.H${provinceCode}`;

/** Why the size cannot give a consistent world, or null. */
export function worldSizeProblem(size: WorldSize): string | null {
  for (const key of ['citizens', 'businesses', 'procedures', 'dossiers', 'seed'] as const) {
    const value = size[key];
    if (!Number.isSafeInteger(value) || value < 0) return `--${key} must be a whole number ≥ 0`;
  }
  if (size.procedures > maxProcedures)
    return `--procedures can be at most ${maxProcedures} (each national procedure and its provincial copies)`;
  if (size.businesses > 0 && size.citizens < 50)
    return 'businesses need legal representatives: give at least 50 --citizens';
  if (size.dossiers > 0 && (size.citizens < 50 || size.procedures < 1))
    return 'dossiers need applicants and procedures: give at least 50 --citizens and 1 --procedure';
  return null;
}

/**
 * A consistent world across the four databases, streamed row by row: every reference from one
 * subgraph's records to another's (representatives, applicants, evidence, procedures, agencies)
 * points at a record generated earlier. Deterministic: the same size and seed give the same rows in
 * the same order. Memory grows with the few facts later rows refer to (the IDs of living adults, the
 * active businesses), never with the rows themselves.
 */
export function* worldRows(size: WorldSize): Generator<SeedRow> {
  const problem = worldSizeProblem(size);
  if (problem) throw new Error(problem);
  const faker = new Faker({ locale: [vi, base] });
  faker.seed(size.seed);
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (p: number) => faker.number.float() < p;
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const chooser = <T>(items: Array<[T, number]>): (() => T) => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    return () => {
      let r = faker.number.float() * total;
      for (const [value, weight] of items) {
        r -= weight;
        if (r < 0) return value;
      }
      return (items[items.length - 1] as [T, number])[0];
    };
  };

  // ---- population
  const legacyIn = new Map<string, LegacyProvince[]>();
  for (const p of legacyProvinces) legacyIn.set(p.currentCode, [...(legacyIn.get(p.currentCode) ?? []), p]);
  /** The last serial (digits 7-12) used for each ID prefix (digits 1-6), so IDs never repeat. */
  const serials = new Map<string, number>();
  const ethnicity = chooser(ref.ethnicities);
  const religion = chooser(ref.religions);
  const wardOf = (provinceCode: string) => {
    const index = int(0, ref.wardStems.length - 1);
    const kind = index % 3 === 0 ? 'Xã' : 'Phường';
    return {
      wardCode: `${provinceCode}${String(index * 7 + 101).padStart(3, '0')}`,
      wardName: `${kind} ${ref.wardStems[index]}`,
    };
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
    const legacy = chance(0.8) ? pick(legacyIn.get(provinceCode) ?? legacyProvinces) : pick(legacyProvinces);
    const prefix = `${legacy.code}${centuryGenderDigit(birthYear, gender)}${String(birthYear % 100).padStart(2, '0')}`;
    const serial = (serials.get(prefix) ?? 0) + int(1, 40);
    serials.set(prefix, serial);
    const birthDate = `${birthYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
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
  const adultIds: string[] = [];
  const adultProvinces: string[] = [];
  let citizenCount = 0;
  let householdCount = 0;
  while (citizenCount < size.citizens) {
    const provinceCode = pick(provinces).code;
    const address = addressIn(provinceCode);
    householdCount += 1;
    const householdId = `HGD${provinceCode}${String(householdCount).padStart(8, '0')}`;
    const headGender: Gender = chance(0.7) ? 'MALE' : 'FEMALE';
    const headYear = referenceYear - int(28, 75);
    const family = faker.person.lastName();
    const head = makeCitizen(headGender, headYear, provinceCode, family);
    head.relationshipToHead = 'Chủ hộ';
    const members: CitizenRow[] = [head];
    let spouse: CitizenRow | null = null;
    if (chance(0.8)) {
      const spouseGender: Gender = headGender === 'MALE' ? 'FEMALE' : 'MALE';
      spouse = makeCitizen(spouseGender, headYear + int(-4, 6), provinceCode, faker.person.lastName());
      spouse.relationshipToHead = spouseGender === 'FEMALE' ? 'Vợ' : 'Chồng';
      spouse.spouseId = head.personalId;
      head.spouseId = spouse.personalId;
      members.push(spouse);
    }
    // Children are born once the younger parent is 20.
    const youngest = Math.max(headYear, spouse ? Number(spouse.birthDate.slice(0, 4)) : headYear) + 20;
    const children = Math.min(int(0, 3), Math.max(0, referenceYear - youngest));
    const [father, mother] = headGender === 'MALE' ? [head, spouse] : [spouse, head];
    for (let c = 0; c < children; c += 1) {
      const year = int(youngest, Math.min(referenceYear - 1, youngest + 20));
      const child = makeCitizen(chance(0.5) ? 'MALE' : 'FEMALE', year, provinceCode, family);
      child.relationshipToHead = 'Con';
      child.fatherId = father?.personalId ?? null;
      child.motherId = mother?.personalId ?? null;
      members.push(child);
    }
    if (headYear < referenceYear - 65 && chance(0.15))
      head.deathDate = vietnamDate(new Date(referenceInstant.getTime() - int(30, 900) * dayMs));
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
      }
      yield ['population', 'citizens', member];
    }
  }
  serials.clear();
  /** Distinct living adults, chosen at random. */
  const someAdults = (count: number) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, adultIds.length)) chosen.add(int(0, adultIds.length - 1));
    return [...chosen].map((i) => adultIds[i] as string);
  };

  // ---- business
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
  /** Active businesses, which file dossiers, with a representative and their province. */
  const activeCodes: string[] = [];
  const activeProvinces: string[] = [];
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
    const words = pick(ref.businessWords);
    const trade = pick(ref.businessTrades);
    const name = `${formNames[form]} ${trade} ${words}`;
    const foreignName = chance(0.6)
      ? `${searchText(words).replace(/\b\w/g, (l) => l.toUpperCase())} ${trade === 'Công nghệ' ? 'Technology' : 'Trading'} Company Limited`
      : null;
    const shortName = foreignName ? searchText(words).replace(/ /g, '').toUpperCase() : null;
    const code = `${firstNine}${check}`;
    const status = businessStatus();
    const common = {
      name,
      searchName: searchText([name, foreignName, shortName].filter(Boolean).join(' ')),
      foreignName,
      shortName,
      legalForm: form,
      status,
      foundedOn: vietnamDate(new Date(referenceInstant.getTime() - int(60, 7000) * dayMs)),
      headOffice: addressIn(provinceCode),
      provinceCode,
      charterCapital: (BigInt(int(100, 100_000)) * 1_000_000n * (chance(0.05) ? 100n : 1n)).toString(),
    };
    const representatives = someAdults(form === 'JOINT_STOCK' ? 2 : 1);
    const industryChoice = faker.helpers.arrayElements(ref.vsicIndustries, { min: 1, max: 4 });
    const units = [code, ...(chance(0.1) ? [`${code}-001`] : [])];
    for (const unit of units.slice(0, size.businesses - businessCount)) {
      businessCount += 1;
      yield ['business', 'businesses', { ...common, enterpriseCode: unit }];
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
        representativeOf.set(unit, representatives[0] as string);
      }
    }
  }
  lastSequence.clear();

  // ---- procedures
  for (const [code, name] of ref.centralAgencies)
    yield ['procedures', 'agencies', { code, name, provinceCode: null }];
  for (const p of provinces)
    for (const [i, department] of ref.provincialDepartments.entries())
      yield [
        'procedures',
        'agencies',
        { code: departmentCode(p.code, i), name: `${department} ${p.name}`, provinceCode: p.code },
      ];
  interface ProcedureFacts {
    code: string;
    template: ref.ProcedureTemplate;
    onlineService: ref.Online;
    processingDays: number;
    fees: Array<{ kind: 'FEE' | 'CHARGE'; amount: string; position: number }>;
    requirements: Array<{ id: string; evidence: ref.Evidence }>;
  }
  const procedureList: ProcedureFacts[] = [];
  const templateCount = ref.procedureTemplates.length;
  for (let i = 0; i < size.procedures; i += 1) {
    const template = ref.procedureTemplates[i % templateCount] as ref.ProcedureTemplate;
    const round = Math.floor(i / templateCount);
    const national = `1.${String(1000 + (i % templateCount) * 97).padStart(6, '0')}`;
    // Beyond the national list, the same procedures localised by the provinces, each province once per
    // procedure (…000.00.00.Hnn), spread so that a small catalogue still reaches many provinces.
    const localProvince =
      round === 0
        ? null
        : (provinces[(round - 1 + (i % templateCount) * 7) % provinces.length] as (typeof provinces)[number]);
    const code = localProvince ? `${national}.000.00.00.H${localProvince.code}` : national;
    const [central, department] = ref.sectorAgencies[template.sector] ?? ['000.00.00.G06', 0];
    const agencyCode = localProvince ? departmentCode(localProvince.code, department) : central;
    yield [
      'procedures',
      'procedures',
      {
        code,
        name: template.name,
        searchText: searchText(template.name),
        sector: template.sector,
        agencyCode,
        level: template.level,
        onlineService: template.online,
        processingDays: template.days,
      },
    ];
    const facts: ProcedureFacts = {
      code,
      template,
      onlineService: template.online,
      processingDays: template.days,
      fees: [],
      requirements: [],
    };
    for (const [position, [kind, amount, description]] of template.fees.entries()) {
      yield [
        'procedures',
        'fees',
        { procedureCode: code, position, kind, amount: String(amount), description },
      ];
      facts.fees.push({ kind, amount: String(amount), position });
    }
    for (const [position, [name, originals, copies, evidence]] of template.requirements.entries()) {
      const id = `${code}#${position + 1}`;
      yield [
        'procedures',
        'requirements',
        { id, procedureCode: code, position, name, originals, copies, evidence },
      ];
      facts.requirements.push({ id, evidence });
    }
    procedureList.push(facts);
  }
  const policiesOf = new Map<string, Array<typeof feePolicies.$inferInsert & { id: number }>>();
  let policyCount = 0;
  for (const p of provinces) {
    const waives = ref.feeWaivingProvinces.includes(p.code);
    const own: Array<typeof feePolicies.$inferInsert & { id: number }> = [];
    if (!waives && chance(0.3))
      own.push({
        id: (policyCount += 1),
        provinceCode: p.code,
        channel: 'ONLINE',
        discountPercent: 20,
        validFrom: '2022-01-01',
        validTo: '2023-12-31',
        legalBasis: `Nghị quyết số ${int(10, 99)}/2021/NQ-HĐND ${p.name}`,
      });
    own.push({
      id: (policyCount += 1),
      provinceCode: p.code,
      channel: 'ONLINE',
      discountPercent: waives ? 100 : pick([20, 30, 40, 50, 50, 50]),
      validFrom: '2024-01-01',
      validTo: null,
      legalBasis: `Nghị quyết số ${int(10, 99)}/2023/NQ-HĐND ${p.name}`,
    });
    policiesOf.set(p.code, own);
    for (const policy of own) yield ['procedures', 'feePolicies', policy];
  }

  // ---- dossiers
  if (size.dossiers === 0) return;
  const onlineProcedures = procedureList.filter((p) => p.onlineService !== 'NONE');
  const citizenProcedures = procedureList.filter((p) => !p.template.forBusiness);
  const channels = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;
  const laterStatus = chooser<DossierStatus>([
    ['SUBMITTED', 4],
    ['RECEIVED', 6],
    ['NOT_ACCEPTED', 3],
    ['IN_PROGRESS', 14],
    ['SUPPLEMENT_REQUESTED', 5],
    ['PAYMENT_REQUIRED', 3],
    ['WITHDRAWN', 2],
    ['STOPPED', 2],
    ['COMPLETED', 16],
    ['RESULT_RETURNED', 45],
  ]);
  const laterChannel = chooser<(typeof channels)[number]>([
    ['ONLINE', 65],
    ['IN_PERSON', 30],
    ['POSTAL', 5],
  ]);
  const score = chooser([
    [5, 50],
    [4, 30],
    [3, 12],
    [2, 5],
    [1, 3],
  ]);
  const frequentCount = Math.max(1, Math.floor(adultIds.length / 10));
  const sequenceOf = new Map<string, number>();
  /** The latest finished dossier of each applicant: the earlier result a later dossier may cite. */
  const lastFinished = new Map<string, string>();

  // Oldest first, so that a prior result can only come from an earlier dossier.
  const receivedTimes = new Float64Array(size.dossiers);
  for (let i = 0; i < size.dossiers; i += 1) {
    const local = vietnamDate(new Date(referenceInstant.getTime() - int(0, 480) * dayMs));
    receivedTimes[i] = Date.parse(
      `${local}T${String(int(7, 16)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00+07:00`,
    );
  }
  receivedTimes.sort();

  for (let i = 0; i < size.dossiers; i += 1) {
    // The first ten dossiers take each status once, so every status exists in any data set.
    const status: DossierStatus =
      i < dossierStatuses.length ? (dossierStatuses[i] as DossierStatus) : laterStatus();
    // Only online dossiers start SUBMITTED (and so can be refused at intake), and only procedures
    // offered online can be filed online. Businesses file only when there are active ones.
    const mustBeOnline = status === 'SUBMITTED' || status === 'NOT_ACCEPTED';
    const candidates = mustBeOnline
      ? onlineProcedures
      : activeCodes.length
        ? procedureList
        : citizenProcedures;
    const procedure = pick(candidates.length ? candidates : procedureList);
    const template = procedure.template;
    const channel =
      mustBeOnline && procedure.onlineService !== 'NONE'
        ? 'ONLINE'
        : procedure.onlineService === 'NONE'
          ? 'IN_PERSON'
          : i < 13
            ? (channels[i % 3] as (typeof channels)[number])
            : laterChannel();
    const effectiveStatus: DossierStatus = channel !== 'ONLINE' && mustBeOnline ? 'RECEIVED' : status;
    let applicantPersonalId: string | null = null;
    let applicantEnterpriseCode: string | null = null;
    let provinceCode: string;
    if (template.forBusiness && activeCodes.length) {
      const b = int(0, activeCodes.length - 1);
      applicantEnterpriseCode = activeCodes[b] as string;
      provinceCode = activeProvinces[b] as string;
    } else {
      const a = chance(0.3) ? int(0, frequentCount - 1) : int(0, adultIds.length - 1);
      applicantPersonalId = adultIds[a] as string;
      provinceCode = adultProvinces[a] as string;
    }
    const receivedAt = new Date(receivedTimes[i] as number);
    const agencyCode = oneStopShopOf(provinceCode);
    const day = vietnamDate(receivedAt);
    const dayKey = `${agencyCode}-${day.slice(2).replace(/-/g, '')}`;
    const seq = (sequenceOf.get(dayKey) ?? 0) + 1;
    sequenceOf.set(dayKey, seq);
    const code = `${dayKey}-${String(seq).padStart(4, '0')}`;
    const dueAt = addWorkingDays(receivedAt, procedure.processingDays);

    const path = lifecyclePath(
      channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED',
      effectiveStatus,
    ) as DossierStatus[];
    const late = chance(0.2);
    const stepMs = Math.max(
      3600_000,
      ((dueAt.getTime() - receivedAt.getTime()) * (late ? 1.4 : 0.8)) / Math.max(1, path.length - 1),
    );
    let at = receivedAt;
    let completedAt: Date | null = null;
    const events: Array<typeof dossierEvents.$inferInsert> = [];
    for (const [step, to] of path.entries()) {
      if (step > 0) at = new Date(at.getTime() + stepMs * faker.number.float({ min: 0.6, max: 1 }));
      if (at > referenceInstant) at = referenceInstant;
      if (to === 'COMPLETED') completedAt = at;
      events.push({
        dossierCode: code,
        at,
        fromStatus: step === 0 ? null : (path[step - 1] as DossierStatus),
        toStatus: to,
        actor: step === 0 && channel === 'ONLINE' ? 'applicant' : `officer:${agencyCode}`,
        note:
          to === 'NOT_ACCEPTED'
            ? 'Hồ sơ không thuộc thẩm quyền giải quyết'
            : to === 'SUPPLEMENT_REQUESTED'
              ? 'Đề nghị bổ sung giấy tờ'
              : null,
      });
    }

    const policy = policyInForce(policiesOf.get(provinceCode) ?? [], channel, day);
    const quote = quoteFee(procedure.fees, policy);
    const processed = path.includes('IN_PROGRESS');
    const paid = quote.amountDue === '0' || processed;
    const applicantKey = applicantPersonalId ?? applicantEnterpriseCode ?? '';
    const finished = effectiveStatus === 'COMPLETED' || effectiveStatus === 'RESULT_RETURNED';
    const rated = finished && chance(0.6);
    const finishedAt = completedAt as Date | null;
    yield [
      'dossiers',
      'dossiers',
      {
        code,
        procedureCode: procedure.code,
        applicantPersonalId,
        applicantEnterpriseCode,
        agencyCode,
        provinceCode,
        channel,
        fullyOnline: channel === 'ONLINE' && procedure.onlineService === 'FULL',
        status: effectiveStatus,
        version: path.length,
        receivedAt,
        dueAt,
        completedAt: finishedAt,
        feeAmountDue: quote.amountDue,
        feeDiscountPercent: quote.discountPercent,
        feePaid: paid,
        feePaidAt: paid && quote.amountDue !== '0' ? new Date(receivedAt.getTime() + 2 * 3600_000) : null,
        submittedBy: null,
        clockStoppedAt: null,
        ratingScore: rated ? score() : null,
        ratingComment:
          rated && chance(0.3)
            ? pick([
                'Cán bộ hướng dẫn nhiệt tình',
                'Giải quyết nhanh',
                'Thời gian chờ lâu',
                'Thủ tục rõ ràng',
              ])
            : null,
        ratedAt: rated && finishedAt ? new Date(finishedAt.getTime() + dayMs) : null,
      },
    ];
    for (const event of events) yield ['dossiers', 'dossierEvents', event];

    for (const requirement of procedure.requirements) {
      let source: ref.Evidence = requirement.evidence;
      let citizenId: string | null = null;
      let enterpriseCode: string | null = null;
      let priorDossierCode: string | null = null;
      if (source === 'CITIZEN_REGISTRY' || source === 'HOUSEHOLD_REGISTRY') {
        citizenId =
          applicantPersonalId ??
          (applicantEnterpriseCode ? (representativeOf.get(applicantEnterpriseCode) ?? null) : null);
      } else if (source === 'BUSINESS_REGISTRY') {
        enterpriseCode =
          applicantEnterpriseCode ??
          (applicantPersonalId ? (representedBy.get(applicantPersonalId) ?? null) : null);
      } else if (source === 'PRIOR_RESULT') {
        priorDossierCode = lastFinished.get(applicantKey) ?? null;
      }
      if (!citizenId && !enterpriseCode && !priorDossierCode) source = 'PAPER';
      yield [
        'dossiers',
        'dossierEvidence',
        {
          dossierCode: code,
          requirementId: requirement.id,
          source,
          citizenId,
          enterpriseCode,
          priorDossierCode,
        },
      ];
    }
    if (finished) lastFinished.set(applicantKey, code);
  }

  // Later submissions continue each agency's daily numbering after the seeded dossiers.
  for (const [key, last] of sequenceOf) {
    const [, agencyCode = '', day = ''] = /^(.*)-(\d{6})$/.exec(key) ?? [];
    yield ['dossiers', 'dossierSequences', { agencyCode, day, last }];
  }
}
