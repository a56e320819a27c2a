import { Faker, vi, base } from '@faker-js/faker';
import { businessIndustries, businesses, legalRepresentatives } from '../drizzle/business.ts';
import {
  dossierEvents,
  dossierEvidence,
  dossiers,
  dossierSequences,
  dossierStatuses,
  type DossierStatus,
} from '../drizzle/dossiers.ts';
import { citizens, households } from '../drizzle/population.ts';
import { agencies, feePolicies, fees, procedureCatalogue, requirements } from '../drizzle/procedures.ts';
import type { AddressValue } from '../subgraphs/kit/address.ts';
import { legacyProvinces, provinces } from '../subgraphs/kit/adminUnits.ts';
import { enterpriseCheckDigit } from '../subgraphs/kit/enterpriseCode.ts';
import { centuryGenderDigit } from '../subgraphs/kit/personalId.ts';
import { searchText } from '../subgraphs/kit/searchText.ts';
import { vietnamDate } from '../subgraphs/kit/vietnamTime.ts';
import { lifecyclePath } from '../subgraphs/dossiers/lifecycle.ts';
import { oneStopShopOf } from '../subgraphs/dossiers/submitDossier.ts';
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

type Gender = 'MALE' | 'FEMALE';
type CitizenRow = typeof citizens.$inferInsert & { birthDate: string; gender: Gender };

export interface World {
  population: { households: (typeof households.$inferInsert)[]; citizens: CitizenRow[] };
  business: {
    businesses: (typeof businesses.$inferInsert)[];
    legalRepresentatives: (typeof legalRepresentatives.$inferInsert)[];
    businessIndustries: (typeof businessIndustries.$inferInsert)[];
  };
  procedures: {
    agencies: (typeof agencies.$inferInsert)[];
    procedures: (typeof procedureCatalogue.$inferInsert)[];
    fees: (typeof fees.$inferInsert)[];
    requirements: (typeof requirements.$inferInsert)[];
    feePolicies: (typeof feePolicies.$inferInsert & { id: number })[];
  };
  dossiers: {
    dossiers: (typeof dossiers.$inferInsert)[];
    dossierEvents: (typeof dossierEvents.$inferInsert)[];
    dossierEvidence: (typeof dossierEvidence.$inferInsert)[];
    dossierSequences: (typeof dossierSequences.$inferInsert)[];
  };
}

const dayMs = 24 * 3600 * 1000;
/** A provincial agency's e-ID; department 0 is the province's one-stop shop. */
const departmentCode = (provinceCode: string, department: number) =>
  `000.00.${String(department).padStart(2, '0')}.H${provinceCode}`;

/**
 * A consistent world across the four databases: every reference from one subgraph's records to
 * another's (representatives, applicants, evidence, procedures, agencies) points at a generated record.
 * Deterministic: the same size and seed give the same records.
 */
export function generateWorld(size: WorldSize): World {
  const faker = new Faker({ locale: [vi, base] });
  faker.seed(size.seed);
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const weighted = <T>(items: Array<[T, number]>): T =>
    faker.helpers.weightedArrayElement(items.map(([value, weight]) => ({ value, weight })));

  // ---- population
  let serial = 0;
  const wardOf = (provinceCode: string) => {
    const index = faker.number.int({ min: 0, max: ref.wardStems.length - 1 });
    const kind = index % 3 === 0 ? 'Xã' : 'Phường';
    return {
      wardCode: `${provinceCode}${String(index * 7 + 101).padStart(3, '0')}`,
      wardName: `${kind} ${ref.wardStems[index]}`,
    };
  };
  const street = () =>
    `Số ${faker.number.int({ min: 1, max: 300 })} đường ${faker.person.lastName()} ${pick(ref.givenNames.MALE)}`;
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
    const legacy =
      faker.number.float() < 0.8
        ? pick(legacyProvinces.filter((p) => p.currentCode === provinceCode))
        : pick(legacyProvinces);
    serial += faker.number.int({ min: 1, max: 40 });
    const personalId = `${legacy.code}${centuryGenderDigit(birthYear, gender)}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
    const birthDate = `${birthYear}-${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}-${String(faker.number.int({ min: 1, max: 28 })).padStart(2, '0')}`;
    return {
      personalId,
      fullName: `${familyName} ${pick(ref.middleNames[gender])} ${pick(ref.givenNames[gender])}`,
      birthDate,
      gender,
      nationality: 'VN',
      ethnicity: weighted(ref.ethnicities),
      religion: weighted(ref.religions),
      hometown: { provinceCode: pick(provinces).code },
      oldIdNumber: birthYear < 2000 ? faker.string.numeric(9) : null,
      deathDate: null,
    };
  };

  const referenceYear = referenceInstant.getUTCFullYear();
  const householdRows: World['population']['households'] = [];
  const citizenRows: CitizenRow[] = [];
  while (citizenRows.length < size.citizens) {
    const provinceCode = pick(provinces).code;
    const address = addressIn(provinceCode);
    const householdId = `HGD${provinceCode}${String(householdRows.length + 1).padStart(8, '0')}`;
    const headGender: Gender = faker.number.float() < 0.7 ? 'MALE' : 'FEMALE';
    const headYear = referenceYear - faker.number.int({ min: 28, max: 75 });
    const family = faker.person.lastName();
    const head = makeCitizen(headGender, headYear, provinceCode, family);
    const members: CitizenRow[] = [{ ...head, relationshipToHead: 'Chủ hộ' }];
    let spouse: CitizenRow | null = null;
    if (faker.number.float() < 0.8) {
      const spouseGender: Gender = headGender === 'MALE' ? 'FEMALE' : 'MALE';
      spouse = makeCitizen(
        spouseGender,
        headYear + faker.number.int({ min: -4, max: 6 }),
        provinceCode,
        faker.person.lastName(),
      );
      spouse.relationshipToHead = spouseGender === 'FEMALE' ? 'Vợ' : 'Chồng';
      spouse.spouseId = head.personalId;
      members[0] = { ...members[0], spouseId: spouse.personalId } as CitizenRow;
      members.push(spouse);
    }
    const youngest = Math.min(headYear, spouse ? Number(spouse.birthDate.slice(0, 4)) : headYear) + 20;
    const children = Math.min(faker.number.int({ min: 0, max: 3 }), Math.max(0, referenceYear - youngest));
    for (let c = 0; c < children; c += 1) {
      const year = faker.number.int({ min: youngest, max: Math.min(referenceYear - 1, youngest + 20) });
      const child = makeCitizen(pick<Gender>(['MALE', 'FEMALE']), year, provinceCode, family);
      child.relationshipToHead = 'Con';
      const [father, mother] = headGender === 'MALE' ? [head, spouse] : [spouse, head];
      child.fatherId = father?.personalId ?? null;
      child.motherId = mother?.personalId ?? null;
      members.push(child);
    }
    if (headYear < referenceYear - 65 && faker.number.float() < 0.15) {
      members[0] = {
        ...(members[0] as CitizenRow),
        deathDate: vietnamDate(
          new Date(referenceInstant.getTime() - faker.number.int({ min: 30, max: 900 }) * dayMs),
        ),
      };
    }
    for (const member of members) {
      citizenRows.push({
        ...member,
        householdId,
        permanentAddress: address,
        currentAddress: faker.number.float() < 0.9 ? address : addressIn(pick(provinces).code),
      });
    }
    householdRows.push({ id: householdId, address, headId: head.personalId });
  }
  citizenRows.length = size.citizens; // the last household may overshoot: drop its extra members
  const kept = new Set(citizenRows.map((c) => c.personalId));
  for (const c of citizenRows) {
    if (c.spouseId && !kept.has(c.spouseId)) c.spouseId = null;
  }
  const keptHouseholds = householdRows.filter((h) => kept.has(h.headId));
  const keptHouseholdIds = new Set(keptHouseholds.map((h) => h.id));
  for (const c of citizenRows)
    if (c.householdId && !keptHouseholdIds.has(c.householdId)) c.householdId = null;

  const ageAt = (c: CitizenRow) => referenceYear - Number(c.birthDate.slice(0, 4));
  const livingAdults = citizenRows.filter((c) => c.deathDate === null && ageAt(c) >= 20);

  // ---- business
  const businessRows: World['business']['businesses'] = [];
  const representativeRows: World['business']['legalRepresentatives'] = [];
  const industryRows: World['business']['businessIndustries'] = [];
  let sequence = 1_000_000;
  while (businessRows.length < size.businesses) {
    const [prefix, provinceCode] = pick(ref.taxPrefixes);
    sequence += faker.number.int({ min: 1, max: 500 });
    const firstNine = `${prefix}${String(sequence).padStart(7, '0')}`;
    const check = enterpriseCheckDigit(firstNine);
    if (check === null) continue;
    const legalForm = weighted<(typeof businesses.$inferInsert)['legalForm']>([
      ['SINGLE_MEMBER_LLC', 40],
      ['MULTI_MEMBER_LLC', 25],
      ['JOINT_STOCK', 25],
      ['PARTNERSHIP', 2],
      ['PRIVATE_ENTERPRISE', 8],
    ]);
    const formName = {
      SINGLE_MEMBER_LLC: 'Công ty TNHH MTV',
      MULTI_MEMBER_LLC: 'Công ty TNHH',
      JOINT_STOCK: 'Công ty Cổ phần',
      PARTNERSHIP: 'Công ty Hợp danh',
      PRIVATE_ENTERPRISE: 'Doanh nghiệp tư nhân',
    }[legalForm];
    const words = pick(ref.businessWords);
    const trade = pick(ref.businessTrades);
    const name = `${formName} ${trade} ${words}`;
    const foreignName =
      faker.number.float() < 0.6
        ? `${searchText(words).replace(/\b\w/g, (l) => l.toUpperCase())} ${trade === 'Công nghệ' ? 'Technology' : 'Trading'} Company Limited`
        : null;
    const shortName = foreignName ? searchText(words).replace(/ /g, '').toUpperCase() : null;
    const code = `${firstNine}${check}`;
    const base = {
      name,
      searchName: searchText([name, foreignName, shortName].filter(Boolean).join(' ')),
      foreignName,
      shortName,
      legalForm,
      status: weighted<(typeof businesses.$inferInsert)['status']>([
        ['ACTIVE', 75],
        ['SUSPENDED', 6],
        ['NOT_AT_ADDRESS', 4],
        ['DISSOLVING', 4],
        ['DISSOLVED', 6],
        ['BANKRUPT', 2],
        ['REVOKED', 3],
      ]),
      foundedOn: vietnamDate(
        new Date(referenceInstant.getTime() - faker.number.int({ min: 60, max: 7000 }) * dayMs),
      ),
      headOffice: addressIn(provinceCode),
      provinceCode,
      charterCapital: (
        BigInt(faker.number.int({ min: 100, max: 100_000 })) *
        1_000_000n *
        (faker.number.float() < 0.05 ? 100n : 1n)
      ).toString(),
    };
    const representatives = faker.helpers.arrayElements(livingAdults, legalForm === 'JOINT_STOCK' ? 2 : 1);
    const industryChoice = faker.helpers.arrayElements(ref.vsicIndustries, { min: 1, max: 4 });
    const units = [code, ...(faker.number.float() < 0.1 ? [`${code}-001`] : [])];
    for (const unit of units.slice(0, size.businesses - businessRows.length)) {
      businessRows.push({ ...base, enterpriseCode: unit });
      for (const r of representatives)
        representativeRows.push({
          enterpriseCode: unit,
          personalId: r.personalId,
          position: legalForm === 'JOINT_STOCK' ? 'Tổng Giám đốc' : 'Giám đốc',
        });
      industryChoice.forEach(([vsic, industryName], i) =>
        industryRows.push({ enterpriseCode: unit, code: vsic, name: industryName, main: i === 0 }),
      );
    }
  }

  // ---- procedures
  const agencyRows: World['procedures']['agencies'] = ref.centralAgencies.map(([code, name]) => ({
    code,
    name,
    provinceCode: null,
  }));
  for (const p of provinces) {
    ref.provincialDepartments.forEach((department, i) =>
      agencyRows.push({
        code: departmentCode(p.code, i),
        name: `${department} ${p.name}`,
        provinceCode: p.code,
      }),
    );
  }
  const procedureRows: World['procedures']['procedures'] = [];
  const feeRows: World['procedures']['fees'] = [];
  const requirementRows: World['procedures']['requirements'] = [];
  const templateOf = new Map<string, ref.ProcedureTemplate>();
  for (let i = 0; i < size.procedures; i += 1) {
    const template = ref.procedureTemplates[i % ref.procedureTemplates.length] as ref.ProcedureTemplate;
    const round = Math.floor(i / ref.procedureTemplates.length);
    const national = `1.${String(1000 + (i % ref.procedureTemplates.length) * 97).padStart(6, '0')}`;
    // Beyond the national list, the same procedures localised by a province (…000.00.00.Hnn).
    const localProvince =
      round === 0 ? null : (provinces[(i * 7) % provinces.length] as (typeof provinces)[number]);
    const code = localProvince ? `${national}.000.00.00.H${localProvince.code}` : national;
    const [central, department] = ref.sectorAgencies[template.sector] ?? ['000.00.00.G06', 0];
    const agencyCode = localProvince ? departmentCode(localProvince.code, department) : central;
    templateOf.set(code, template);
    procedureRows.push({
      code,
      name: template.name,
      searchText: searchText(template.name),
      sector: template.sector,
      agencyCode,
      level: template.level,
      onlineService: template.online,
      processingDays: template.days,
    });
    template.fees.forEach(([kind, amount, description], position) =>
      feeRows.push({ procedureCode: code, position, kind, amount: String(amount), description }),
    );
    template.requirements.forEach(([name, originals, copies, evidence], position) =>
      requirementRows.push({
        id: `${code}#${position + 1}`,
        procedureCode: code,
        position,
        name,
        originals,
        copies,
        evidence,
      }),
    );
  }
  const policyRows: World['procedures']['feePolicies'] = [];
  for (const p of provinces) {
    const waives = ref.feeWaivingProvinces.includes(p.code);
    if (!waives && faker.number.float() < 0.3) {
      policyRows.push({
        id: policyRows.length + 1,
        provinceCode: p.code,
        channel: 'ONLINE',
        discountPercent: 20,
        validFrom: '2022-01-01',
        validTo: '2023-12-31',
        legalBasis: `Nghị quyết số ${faker.number.int({ min: 10, max: 99 })}/2021/NQ-HĐND ${p.name}`,
      });
    }
    policyRows.push({
      id: policyRows.length + 1,
      provinceCode: p.code,
      channel: 'ONLINE',
      discountPercent: waives ? 100 : pick([20, 30, 40, 50, 50, 50]),
      validFrom: '2024-01-01',
      validTo: null,
      legalBasis: `Nghị quyết số ${faker.number.int({ min: 10, max: 99 })}/2023/NQ-HĐND ${p.name}`,
    });
  }

  // ---- dossiers
  const dossierRows: World['dossiers']['dossiers'] = [];
  const eventRows: World['dossiers']['dossierEvents'] = [];
  const evidenceRows: World['dossiers']['dossierEvidence'] = [];
  const sequenceOf = new Map<string, number>();
  const finishedByApplicant = new Map<string, string[]>();
  const feesOf = (code: string) =>
    feeRows.filter((f) => f.procedureCode === code).map((f) => ({ ...f, amount: String(f.amount) }));
  const frequent = livingAdults.slice(0, Math.max(1, Math.floor(livingAdults.length / 10)));
  const statuses = dossierStatuses;
  const channels = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;
  const representedBy = new Map<string, string>();
  for (const r of representativeRows)
    if (!representedBy.has(r.personalId)) representedBy.set(r.personalId, r.enterpriseCode);

  // Oldest first, so that a prior result can only come from an earlier dossier.
  const receivedTimes = Array.from({ length: size.dossiers }, () => {
    const day = new Date(referenceInstant.getTime() - faker.number.int({ min: 0, max: 480 }) * dayMs);
    const local = vietnamDate(day);
    return new Date(
      `${local}T${String(faker.number.int({ min: 7, max: 16 })).padStart(2, '0')}:${String(faker.number.int({ min: 0, max: 59 })).padStart(2, '0')}:00+07:00`,
    );
  }).sort((a, b) => a.getTime() - b.getTime());

  for (let i = 0; i < size.dossiers; i += 1) {
    const status: DossierStatus =
      i < statuses.length
        ? (statuses[i] as DossierStatus)
        : weighted<DossierStatus>([
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
    // Only online dossiers start SUBMITTED (and so can be refused at intake), and only procedures
    // offered online can be filed online.
    const mustBeOnline = status === 'SUBMITTED' || status === 'NOT_ACCEPTED';
    const procedure = pick(
      mustBeOnline ? procedureRows.filter((p) => p.onlineService !== 'NONE') : procedureRows,
    );
    const template = templateOf.get(procedure.code) as ref.ProcedureTemplate;
    const channel = mustBeOnline
      ? 'ONLINE'
      : procedure.onlineService === 'NONE'
        ? 'IN_PERSON'
        : i < 13
          ? (channels[i % 3] as (typeof channels)[number])
          : weighted<(typeof channels)[number]>([
              ['ONLINE', 65],
              ['IN_PERSON', 30],
              ['POSTAL', 5],
            ]);
    let applicantPersonalId: string | null = null;
    let applicantEnterpriseCode: string | null = null;
    let provinceCode: string;
    if (template.forBusiness) {
      const b = pick(businessRows.filter((row) => row.status === 'ACTIVE'));
      applicantEnterpriseCode = b.enterpriseCode;
      provinceCode = b.provinceCode;
    } else {
      const c = faker.number.float() < 0.3 ? pick(frequent) : pick(livingAdults);
      applicantPersonalId = c.personalId;
      provinceCode = (c.currentAddress as AddressValue).provinceCode;
    }
    const receivedAt = receivedTimes[i] as Date;
    const agencyCode = oneStopShopOf(provinceCode);
    const day = vietnamDate(receivedAt);
    const dayKey = `${agencyCode}-${day.slice(2).replace(/-/g, '')}`;
    const seq = (sequenceOf.get(dayKey) ?? 0) + 1;
    sequenceOf.set(dayKey, seq);
    const code = `${dayKey}-${String(seq).padStart(4, '0')}`;
    const dueAt = addWorkingDays(receivedAt, procedure.processingDays);

    const path = lifecyclePath(channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED', status) as DossierStatus[];
    const late = faker.number.float() < 0.2;
    const stepMs = Math.max(
      3600_000,
      ((dueAt.getTime() - receivedAt.getTime()) * (late ? 1.4 : 0.8)) / Math.max(1, path.length - 1),
    );
    let at = receivedAt;
    let completedAt: Date | null = null;
    path.forEach((to, step) => {
      if (step > 0) at = new Date(at.getTime() + stepMs * faker.number.float({ min: 0.6, max: 1 }));
      if (at > referenceInstant) at = referenceInstant;
      if (to === 'COMPLETED') completedAt = at;
      eventRows.push({
        dossierCode: code,
        at,
        fromStatus: step === 0 ? null : (path[step - 1] as DossierStatus),
        toStatus: to,
        actor:
          step === 0
            ? channel === 'ONLINE'
              ? 'applicant'
              : `officer:${agencyCode}`
            : `officer:${agencyCode}`,
        note:
          to === 'NOT_ACCEPTED'
            ? 'Hồ sơ không thuộc thẩm quyền giải quyết'
            : to === 'SUPPLEMENT_REQUESTED'
              ? 'Đề nghị bổ sung giấy tờ'
              : null,
      });
    });

    const policy = policyInForce(
      policyRows.filter((p) => p.provinceCode === provinceCode) as never,
      channel,
      day,
    );
    const quote = quoteFee(feesOf(procedure.code) as never, policy);
    const processed = path.includes('IN_PROGRESS');
    const paid = quote.amountDue === '0' || processed;
    const applicantKey = applicantPersonalId ?? applicantEnterpriseCode ?? '';

    for (const requirement of requirementRows.filter((r) => r.procedureCode === procedure.code)) {
      let source = requirement.evidence;
      let citizenId: string | null = null;
      let enterpriseCode: string | null = null;
      let priorDossierCode: string | null = null;
      if (source === 'CITIZEN_REGISTRY' || source === 'HOUSEHOLD_REGISTRY') {
        citizenId =
          applicantPersonalId ??
          representativeRows.find((r) => r.enterpriseCode === applicantEnterpriseCode)?.personalId ??
          null;
      } else if (source === 'BUSINESS_REGISTRY') {
        enterpriseCode =
          applicantEnterpriseCode ??
          (applicantPersonalId ? (representedBy.get(applicantPersonalId) ?? null) : null);
      } else if (source === 'PRIOR_RESULT') {
        const earlier = finishedByApplicant.get(applicantKey);
        priorDossierCode = earlier ? pick(earlier) : null;
      }
      if (!citizenId && !enterpriseCode && !priorDossierCode) source = 'PAPER';
      evidenceRows.push({
        dossierCode: code,
        requirementId: requirement.id,
        source,
        citizenId,
        enterpriseCode,
        priorDossierCode,
      });
    }

    const finished = status === 'COMPLETED' || status === 'RESULT_RETURNED';
    if (finished)
      finishedByApplicant.set(applicantKey, [...(finishedByApplicant.get(applicantKey) ?? []), code]);
    const rated = finished && faker.number.float() < 0.6;
    const finishedAt = completedAt as Date | null;
    dossierRows.push({
      code,
      procedureCode: procedure.code,
      applicantPersonalId,
      applicantEnterpriseCode,
      agencyCode,
      provinceCode,
      channel,
      fullyOnline: channel === 'ONLINE' && procedure.onlineService === 'FULL',
      status,
      version: path.length,
      receivedAt,
      dueAt,
      completedAt: finishedAt,
      feeAmountDue: quote.amountDue,
      feeDiscountPercent: quote.discountPercent,
      feePaid: paid,
      feePaidAt: paid && quote.amountDue !== '0' ? new Date(receivedAt.getTime() + 2 * 3600_000) : null,
      ratingScore: rated
        ? weighted([
            [5, 50],
            [4, 30],
            [3, 12],
            [2, 5],
            [1, 3],
          ])
        : null,
      ratingComment:
        rated && faker.number.float() < 0.3
          ? pick(['Cán bộ hướng dẫn nhiệt tình', 'Giải quyết nhanh', 'Thời gian chờ lâu', 'Thủ tục rõ ràng'])
          : null,
      ratedAt: rated && finishedAt ? new Date(finishedAt.getTime() + dayMs) : null,
    });
  }

  return {
    population: { households: keptHouseholds, citizens: citizenRows },
    business: {
      businesses: businessRows,
      legalRepresentatives: representativeRows,
      businessIndustries: industryRows,
    },
    procedures: {
      agencies: agencyRows,
      procedures: procedureRows,
      fees: feeRows,
      requirements: requirementRows,
      feePolicies: policyRows,
    },
    dossiers: {
      dossiers: dossierRows,
      dossierEvents: eventRows,
      dossierEvidence: evidenceRows,
      // Later submissions continue each agency's daily numbering after the seeded dossiers.
      dossierSequences: [...sequenceOf.entries()].map(([key, last]) => {
        const [, agencyCode = '', day = ''] = /^(.*)-(\d{6})$/.exec(key) ?? [];
        return { agencyCode, day, last };
      }),
    },
  };
}
