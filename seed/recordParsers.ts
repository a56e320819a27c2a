import type { PgTable } from 'drizzle-orm/pg-core';
import {
  businesses,
  businessStatuses,
  legalForms,
  type businessIndustries,
  type legalRepresentatives,
} from '../drizzle/business.ts';
import { dossiers, dossierStatuses, type dossierEvents, type DossierStatus } from '../drizzle/dossiers.ts';
import { citizens, households } from '../drizzle/population.ts';
import {
  agencies,
  channels,
  evidenceSources,
  feeAuthorities,
  feeKinds,
  governmentLevels,
  onlineServices,
  procedureCatalogue,
  type fees,
  type requirements,
} from '../drizzle/procedures.ts';
import type { AddressValue } from '../runtime/address.ts';
import { findProvince } from '../runtime/adminUnits.ts';
import { enterpriseCodeProblem, normalEnterpriseCode } from '../runtime/enterpriseCode.ts';
import { personalIdMismatch, personalIdProblem } from '../runtime/personalId.ts';
import { normalProcedureCode, procedureCodeProblem } from '../runtime/procedureCode.ts';
import { dateProblem, dateTimeProblem } from '../runtime/scalars.ts';
import { searchText } from '../runtime/searchText.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import { lifecyclePath } from '../subgraphs/dossiers/lifecycle.ts';
import { dossierCodeProblem } from '../runtime/dossierCode.ts';
import { feeRules, vsicIndustries } from './referenceData.ts';

export interface FieldProblem {
  column: string;
  reason: string;
}

/** A record that must exist in some subgraph's table for the imported one to be valid. */
export interface Reference {
  column: string;
  subgraph: SubgraphName;
  table: PgTable;
  key: string;
  value: string;
}

export interface ParsedRecord<R> {
  key: string;
  record: R | null;
  problems: FieldProblem[];
  references: Reference[];
}

export interface RecordParser<R> {
  subgraph: SubgraphName;
  columns: readonly string[];
  parse(raw: Record<string, unknown>): ParsedRecord<R>;
}

/** Reads one raw record's columns, collecting every problem rather than stopping at the first. */
class Reader {
  readonly problems: FieldProblem[] = [];
  readonly references: Reference[] = [];

  constructor(
    private readonly raw: Record<string, unknown>,
    columns: readonly string[],
  ) {
    for (const column of Object.keys(raw))
      if (!columns.includes(column))
        this.problem(column, `not a column here; the columns are ${columns.join(', ')}`);
  }

  problem(column: string, reason: string) {
    this.problems.push({ column, reason });
  }

  text(column: string, required = false, max = 500): string | null {
    const value = this.raw[column];
    const text =
      value === null || value === undefined ? '' : typeof value === 'object' ? null : String(value).trim();
    if (text === null) {
      this.problem(column, 'expected text, found an object');
      return null;
    }
    if (text === '') {
      if (required) this.problem(column, 'is required');
      return null;
    }
    if (text.length > max) this.problem(column, `is longer than ${max} characters`);
    return text;
  }

  checked(column: string, problemOf: (value: string) => string | null, required = false): string | null {
    const value = this.text(column, required);
    if (value === null) return null;
    const problem = problemOf(value);
    if (problem) this.problem(column, problem);
    return problem ? null : value;
  }

  oneOf<T extends string>(column: string, values: readonly T[], required = false): T | null {
    return this.checked(
      column,
      (v) => (values.includes(v as T) ? null : `'${v}' is not one of ${values.join(', ')}`),
      required,
    ) as T | null;
  }

  whole(column: string, min: number, max: number, required = false): number | null {
    const value = this.checked(
      column,
      (v) =>
        /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max
          ? null
          : `expected a whole number from ${min} to ${max}`,
      required,
    );
    return value === null ? null : Number(value);
  }

  vnd(column: string, required = false): string | null {
    return this.checked(
      column,
      (v) => (/^\d{1,20}$/.test(v) ? null : 'expected an amount in whole đồng'),
      required,
    );
  }

  bool(column: string, fallback: boolean): boolean {
    const value = this.text(column);
    if (value === null) return fallback;
    if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
    this.problem(column, 'expected true or false');
    return fallback;
  }

  province(column: string, required = false): string | null {
    return this.checked(
      column,
      (v) => (findProvince(v) ? null : `'${v}' is not one of the 34 province codes`),
      required,
    );
  }

  address(prefix: string, required = false): AddressValue | null {
    const provinceCode = this.province(`${prefix}ProvinceCode`, required);
    const wardCode = this.checked(`${prefix}WardCode`, (v) =>
      /^\d{5}$/.test(v) ? null : 'a ward code is 5 digits',
    );
    const wardName = this.text(`${prefix}WardName`);
    const street = this.text(`${prefix}Street`);
    if (!provinceCode) {
      if (wardCode || wardName || street)
        this.problem(`${prefix}ProvinceCode`, 'is required with the rest of the address');
      return null;
    }
    return { provinceCode, wardCode, wardName, street };
  }

  /** A JSON array, given as an array (JSON Lines) or as JSON text (a CSV cell). */
  list(column: string): unknown[] {
    const value = this.raw[column];
    if (value === null || value === undefined || value === '') return [];
    if (Array.isArray(value)) return value;
    try {
      const parsed: unknown = JSON.parse(String(value));
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // reported below
    }
    this.problem(column, 'expected a JSON array');
    return [];
  }

  reference(column: string, value: string | null, target: Omit<Reference, 'column' | 'value'>) {
    if (value) this.references.push({ column, value, ...target });
  }

  done<R>(key: string | null, record: R): ParsedRecord<R> {
    const ok = key !== null && this.problems.length === 0;
    return {
      key: key ?? '',
      record: ok ? record : null,
      problems: this.problems,
      references: ok ? this.references : [],
    };
  }
}

const personalIdOf = (value: string) => personalIdProblem(value);
const today = () => new Date().toISOString().slice(0, 10);

export type CitizenRecord = typeof citizens.$inferInsert;

const citizenColumns = [
  'personalId',
  'fullName',
  'birthDate',
  'gender',
  'nationality',
  'ethnicity',
  'religion',
  'hometownProvinceCode',
  ...['permanent', 'current'].flatMap((p) =>
    ['ProvinceCode', 'WardCode', 'WardName', 'Street'].map((f) => `${p}${f}`),
  ),
  'householdId',
  'relationshipToHead',
  'fatherId',
  'motherId',
  'spouseId',
  'oldIdNumber',
  'deathDate',
] as const;

const citizensParser: RecordParser<CitizenRecord> = {
  subgraph: 'population',
  columns: citizenColumns,
  parse(raw) {
    const r = new Reader(raw, citizenColumns);
    const personalId = r.checked('personalId', personalIdOf, true);
    const fullName = r.text('fullName', true, 200);
    const birthDate = r.checked(
      'birthDate',
      (v) => dateProblem(v) ?? (v > today() ? 'is in the future' : null),
      true,
    );
    const gender = r.oneOf('gender', ['MALE', 'FEMALE'] as const, true);
    if (personalId && birthDate && gender) {
      const mismatch = personalIdMismatch(personalId, birthDate, gender);
      if (mismatch) r.problem('personalId', mismatch);
    }
    const nationality = r.checked('nationality', (v) =>
      /^[A-Z]{2}$/.test(v) ? null : 'a two-letter country code',
    );
    const hometown = r.province('hometownProvinceCode');
    const family: Record<string, string | null> = {};
    for (const column of ['fatherId', 'motherId', 'spouseId']) {
      family[column] = r.checked(column, personalIdOf);
      if (family[column] && family[column] === personalId)
        r.problem(column, 'cannot be the citizen themself');
    }
    const deathDate = r.checked(
      'deathDate',
      (v) =>
        dateProblem(v) ??
        (v > today() ? 'is in the future' : birthDate && v < birthDate ? 'is before the birth date' : null),
    );
    const householdId = r.text('householdId', false, 40);
    r.reference('householdId', householdId, { subgraph: 'population', table: households, key: 'id' });
    const record: CitizenRecord = {
      personalId: personalId ?? '',
      fullName: fullName ?? '',
      birthDate: birthDate ?? '',
      gender: gender ?? 'MALE',
      nationality: nationality ?? 'VN',
      ethnicity: r.text('ethnicity', false, 60),
      religion: r.text('religion', false, 60),
      hometown: hometown ? { provinceCode: hometown } : null,
      permanentAddress: r.address('permanent'),
      currentAddress: r.address('current'),
      householdId,
      relationshipToHead: r.text('relationshipToHead', false, 60),
      fatherId: family.fatherId ?? null,
      motherId: family.motherId ?? null,
      spouseId: family.spouseId ?? null,
      oldIdNumber: r.checked('oldIdNumber', (v) =>
        /^\d{9}$/.test(v) ? null : 'an old ID number is 9 digits',
      ),
      deathDate,
    };
    return r.done(personalId, record);
  },
};

export interface BusinessRecord {
  business: typeof businesses.$inferInsert;
  representatives: Array<typeof legalRepresentatives.$inferInsert>;
  industries: Array<typeof businessIndustries.$inferInsert>;
}

const businessColumns = [
  'enterpriseCode',
  'name',
  'foreignName',
  'shortName',
  'legalForm',
  'status',
  'foundedOn',
  'headOfficeProvinceCode',
  'headOfficeWardCode',
  'headOfficeWardName',
  'headOfficeStreet',
  'charterCapital',
  'representatives',
  'industries',
] as const;
const vsicNames = new Map(vsicIndustries);

const businessesParser: RecordParser<BusinessRecord> = {
  subgraph: 'business',
  columns: businessColumns,
  parse(raw) {
    const r = new Reader(raw, businessColumns);
    const checkedCode = r.checked('enterpriseCode', enterpriseCodeProblem, true);
    const code = checkedCode && normalEnterpriseCode(checkedCode);
    const name = r.text('name', true, 300);
    const foreignName = r.text('foreignName', false, 300);
    const shortName = r.text('shortName', false, 100);
    const headOffice = r.address('headOffice', true);
    const representatives: BusinessRecord['representatives'] = [];
    for (const entry of (r.text('representatives', true) ?? '').split(';').filter(Boolean)) {
      const [personalId = '', position = 'Giám đốc'] = entry.split(':').map((s) => s.trim());
      const problem = personalIdProblem(personalId);
      if (problem) r.problem('representatives', `'${personalId}': ${problem}`);
      else {
        representatives.push({ enterpriseCode: code ?? '', personalId, position });
        r.reference('representatives', personalId, {
          subgraph: 'population',
          table: citizens,
          key: 'personalId',
        });
      }
    }
    const industries: BusinessRecord['industries'] = [];
    for (const [i, vsic] of (r.text('industries', true) ?? '').split(';').filter(Boolean).entries()) {
      const industryName = vsicNames.get(vsic.trim());
      if (!industryName) r.problem('industries', `'${vsic}' is not a VSIC code of the reference list`);
      else
        industries.push({ enterpriseCode: code ?? '', code: vsic.trim(), name: industryName, main: i === 0 });
    }
    const record: BusinessRecord = {
      business: {
        enterpriseCode: code ?? '',
        name: name ?? '',
        searchName: searchText([name, foreignName, shortName].filter(Boolean).join(' ')),
        foreignName,
        shortName,
        legalForm: r.oneOf('legalForm', legalForms, true) ?? 'SINGLE_MEMBER_LLC',
        status: r.oneOf('status', businessStatuses, true) ?? 'ACTIVE',
        foundedOn:
          r.checked('foundedOn', (v) => dateProblem(v) ?? (v > today() ? 'is in the future' : null), true) ??
          '',
        headOffice: headOffice ?? { provinceCode: '' },
        provinceCode: headOffice?.provinceCode ?? '',
        charterCapital: r.vnd('charterCapital', true) ?? '0',
      },
      representatives,
      industries,
    };
    return r.done(code, record);
  },
};

export interface ProcedureRecord {
  procedure: typeof procedureCatalogue.$inferInsert;
  fees: Array<typeof fees.$inferInsert>;
  requirements: Array<typeof requirements.$inferInsert>;
}

const procedureColumns = [
  'code',
  'name',
  'sector',
  'agencyCode',
  'level',
  'onlineService',
  'processingDays',
  'fees',
  'requirements',
] as const;

const proceduresParser: RecordParser<ProcedureRecord> = {
  subgraph: 'procedures',
  columns: procedureColumns,
  parse(raw) {
    const r = new Reader(raw, procedureColumns);
    const checkedCode = r.checked('code', procedureCodeProblem, true);
    const code = checkedCode && normalProcedureCode(checkedCode);
    const name = r.text('name', true, 500);
    const agencyCode = r.text('agencyCode', true, 40);
    r.reference('agencyCode', agencyCode, { subgraph: 'procedures', table: agencies, key: 'code' });
    const feeRows: ProcedureRecord['fees'] = [];
    for (const [position, item] of r.list('fees').entries()) {
      const fee = item as {
        kind?: unknown;
        amount?: unknown;
        description?: unknown;
        authority?: unknown;
        onlineAmount?: unknown;
        legalBasis?: unknown;
      };
      // Who sets the item and on what basis: given, or the rule of reference/fee-rules.json for its description.
      const rule = feeRules[String(fee.description ?? '')];
      const authority = fee.authority ?? rule?.authority;
      const legalBasis = fee.legalBasis ?? rule?.legalBasis;
      const onlineAmount = fee.onlineAmount ?? rule?.onlineAmount ?? null;
      if (!(feeKinds as readonly unknown[]).includes(fee.kind))
        r.problem('fees', `item ${position + 1}: kind must be FEE or CHARGE`);
      else if (!/^\d{1,20}$/.test(String(fee.amount)))
        r.problem('fees', `item ${position + 1}: amount must be whole đồng`);
      else if (!(feeAuthorities as readonly unknown[]).includes(authority) || typeof legalBasis !== 'string')
        r.problem(
          'fees',
          `item ${position + 1}: give authority (NATIONAL or PROVINCIAL) and legalBasis, or a description that reference/fee-rules.json lists`,
        );
      else if (onlineAmount !== null && !/^\d{1,20}$/.test(String(onlineAmount)))
        r.problem('fees', `item ${position + 1}: onlineAmount must be whole đồng`);
      else
        feeRows.push({
          procedureCode: code ?? '',
          position,
          kind: fee.kind as (typeof feeKinds)[number],
          amount: String(fee.amount),
          description: String(fee.description ?? ''),
          authority: authority as (typeof feeAuthorities)[number],
          onlineAmount: onlineAmount === null ? null : String(onlineAmount),
          legalBasis,
        });
    }
    const requirementRows: ProcedureRecord['requirements'] = [];
    for (const [position, item] of r.list('requirements').entries()) {
      const req = item as { name?: unknown; originals?: unknown; copies?: unknown; evidence?: unknown };
      const count = (v: unknown) =>
        v === undefined ? 0 : Number.isInteger(v) && (v as number) >= 0 ? (v as number) : null;
      const [originals, copies] = [count(req.originals), count(req.copies)];
      if (typeof req.name !== 'string' || !req.name.trim())
        r.problem('requirements', `item ${position + 1}: name is required`);
      else if (originals === null || copies === null)
        r.problem('requirements', `item ${position + 1}: originals and copies are whole numbers ≥ 0`);
      else if (!(evidenceSources as readonly unknown[]).includes(req.evidence))
        r.problem(
          'requirements',
          `item ${position + 1}: evidence must be one of ${evidenceSources.join(', ')}`,
        );
      else
        requirementRows.push({
          id: `${code}#${position + 1}`,
          procedureCode: code ?? '',
          position,
          name: req.name.trim(),
          originals,
          copies,
          evidence: req.evidence as (typeof evidenceSources)[number],
        });
    }
    const record: ProcedureRecord = {
      procedure: {
        code: code ?? '',
        name: name ?? '',
        searchText: searchText(name ?? ''),
        sector: r.text('sector', true, 200) ?? '',
        agencyCode: agencyCode ?? '',
        level: r.oneOf('level', governmentLevels, true) ?? 'PROVINCE',
        onlineService: r.oneOf('onlineService', onlineServices, true) ?? 'NONE',
        processingDays: r.whole('processingDays', 1, 365, true) ?? 1,
      },
      fees: feeRows,
      requirements: requirementRows,
    };
    return r.done(code, record);
  },
};

export interface DossierRecord {
  dossier: typeof dossiers.$inferInsert;
  /** The history written when the dossier is new: the lifecycle path to its status. */
  events: Array<typeof dossierEvents.$inferInsert>;
}

const dossierColumns = [
  'code',
  'procedureCode',
  'applicantPersonalId',
  'applicantEnterpriseCode',
  'agencyCode',
  'provinceCode',
  'channel',
  'status',
  'receivedAt',
  'dueAt',
  'completedAt',
  'feeAmountDue',
  'feeDiscountPercent',
  'feePaid',
] as const;

const dossiersParser: RecordParser<DossierRecord> = {
  subgraph: 'dossiers',
  columns: dossierColumns,
  parse(raw) {
    const r = new Reader(raw, dossierColumns);
    const code = r.checked('code', dossierCodeProblem, true);
    const procedureCode = r.checked('procedureCode', procedureCodeProblem, true);
    r.reference('procedureCode', procedureCode, {
      subgraph: 'procedures',
      table: procedureCatalogue,
      key: 'code',
    });
    const personalId = r.checked('applicantPersonalId', personalIdOf);
    const checkedApplicant = r.checked('applicantEnterpriseCode', enterpriseCodeProblem);
    const enterpriseCode = checkedApplicant && normalEnterpriseCode(checkedApplicant);
    if (!personalId && !enterpriseCode && !r.problems.some((p) => p.column.startsWith('applicant')))
      r.problem('applicantPersonalId', 'give the applicant: applicantPersonalId or applicantEnterpriseCode');
    if (personalId && enterpriseCode)
      r.problem('applicantEnterpriseCode', 'give one applicant, a citizen or a business, not both');
    r.reference('applicantPersonalId', personalId, {
      subgraph: 'population',
      table: citizens,
      key: 'personalId',
    });
    r.reference('applicantEnterpriseCode', enterpriseCode, {
      subgraph: 'business',
      table: businesses,
      key: 'enterpriseCode',
    });
    const agencyCode = r.text('agencyCode', true, 40);
    r.reference('agencyCode', agencyCode, { subgraph: 'procedures', table: agencies, key: 'code' });
    const channel = r.oneOf('channel', channels, true);
    const status = r.oneOf('status', dossierStatuses, true);
    const instant = (column: string, required = false) => {
      const value = r.checked(column, dateTimeProblem, required);
      return value ? new Date(value) : null;
    };
    const receivedAt = instant('receivedAt', true);
    const dueAt = instant('dueAt', true);
    const completedAt = instant('completedAt');
    if (receivedAt && dueAt && dueAt < receivedAt) r.problem('dueAt', 'is before receivedAt');
    const finished = status === 'COMPLETED' || status === 'RESULT_RETURNED';
    if (completedAt && !finished) r.problem('completedAt', `a ${status} dossier is not completed`);
    if (finished && !completedAt) r.problem('completedAt', `is required for a ${status} dossier`);
    if (completedAt && receivedAt && completedAt < receivedAt)
      r.problem('completedAt', 'is before receivedAt');
    const path =
      channel && status
        ? (lifecyclePath(channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED', status) as DossierStatus[] | null)
        : [];
    if (!path) r.problem('status', `a dossier filed ${channel} cannot reach ${status}`);
    const feeAmountDue = r.vnd('feeAmountDue', true) ?? '0';
    const record: DossierRecord = {
      dossier: {
        code: code ?? '',
        procedureCode: procedureCode ?? '',
        applicantPersonalId: personalId,
        applicantEnterpriseCode: enterpriseCode,
        agencyCode: agencyCode ?? '',
        provinceCode: r.province('provinceCode', true) ?? '',
        channel: channel ?? 'ONLINE',
        fullyOnline: false,
        status: status ?? 'RECEIVED',
        version: Math.max(1, path?.length ?? 1),
        receivedAt: receivedAt ?? new Date(0),
        dueAt: dueAt ?? new Date(0),
        completedAt,
        feeAmountDue,
        feeDiscountPercent: r.whole('feeDiscountPercent', 0, 100, true) ?? 0,
        feePaid: r.bool('feePaid', feeAmountDue === '0'),
      },
      events: (path ?? []).map((to, step) => ({
        dossierCode: code ?? '',
        at: step === 0 || !completedAt ? (receivedAt ?? new Date(0)) : completedAt,
        fromStatus: step === 0 ? null : (path?.[step - 1] ?? null),
        toStatus: to,
        actor: 'import',
        note: null,
      })),
    };
    return r.done(code, record);
  },
};

export const recordParsers = {
  citizens: citizensParser,
  businesses: businessesParser,
  procedures: proceduresParser,
  dossiers: dossiersParser,
} as const;
