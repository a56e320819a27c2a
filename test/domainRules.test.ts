import { describe, expect, it } from 'vitest';
import { dossierStatuses } from '../drizzle/dossiers.ts';
import { headerText } from '../runtime/authenticate.ts';
import {
  allowedTransitions,
  isOverdue,
  lifecyclePath,
  nationalStatusCode,
} from '../subgraphs/dossiers/lifecycle.ts';
import {
  addWorkingDays,
  CalendarNotLoaded,
  calendarWarning,
  clockStart,
  dueDateOf,
  isWorkingDay,
  loadCalendar,
  workingDaysBetween,
} from '../subgraphs/dossiers/workingDays.ts';
import { EnvError, loadEnv } from '../runtime/env.ts';
import { pageRequest, toConnection } from '../subgraphs/kit/pagination.ts';
import { searchText } from '../runtime/searchText.ts';
import { policyInForce, quoteFee } from '../subgraphs/procedures/quoteFee.ts';
import { birthRegistrationCodes, provinces } from '../runtime/adminUnits.ts';
import {
  agencySuffixOf,
  centralAgencies,
  provinceOfAgency,
  provincialCentreOf,
} from '../runtime/agencyCodes.ts';
import { nationalCodeOf, procedureTemplates, taxPrefixes } from '../seed/referenceData.ts';
import { filingPlaceOf } from '../subgraphs/dossiers/filingPlace.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

describe('working days', () => {
  it('skips weekends', () => {
    // Friday 2024-03-15 + 1 working day = Monday 2024-03-18
    expect(addWorkingDays(vn('2024-03-15T09:00:00'), 1)).toEqual(vn('2024-03-18T09:00:00'));
    expect(addWorkingDays(vn('2024-03-15T09:00:00'), 5)).toEqual(vn('2024-03-22T09:00:00'));
  });
  it('skips public holidays, Tết included', () => {
    // Monday 2024-04-29 + 1: 30/4 and 1/5 are holidays → Thursday 2 May
    expect(addWorkingDays(vn('2024-04-29T09:00:00'), 1)).toEqual(vn('2024-05-02T09:00:00'));
    // Wednesday 2024-02-07 + 1: Tết 8-14 Feb → Thursday 15 Feb
    expect(addWorkingDays(vn('2024-02-07T09:00:00'), 1)).toEqual(vn('2024-02-15T09:00:00'));
    expect(isWorkingDay(vn('2025-09-02T09:00:00'))).toBe(false);
  });
  it('counts the working days a stopped clock stood still', () => {
    // Stopped Friday 15 March 2024, resumed Tuesday 19: Monday and Tuesday are working days.
    expect(workingDaysBetween(vn('2024-03-15T10:00:00'), vn('2024-03-19T09:00:00'))).toBe(2);
    expect(workingDaysBetween(vn('2024-03-15T10:00:00'), vn('2024-03-15T16:00:00'))).toBe(0);
  });
  it('uses the Vietnam calendar day, not UTC', () => {
    // Sunday 18:00 UTC is already Monday 01:00 in Vietnam.
    expect(isWorkingDay(new Date('2024-03-17T18:00:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2024-03-16T18:00:00Z'))).toBe(false);
  });
});

describe('the working calendar (reference/working-calendar.json)', () => {
  it('knows 2024’s long National Day and its swapped 30 April – 1 May', () => {
    // 2024: 31 Aug - 3 Sep off, so Friday 30 August + 1 is Wednesday 4 September.
    expect(addWorkingDays(vn('2024-08-30T09:00:00'), 1)).toEqual(vn('2024-09-04T09:00:00'));
    // 27 Apr - 1 May off (Monday 29 swapped), Saturday 4 May worked.
    expect(addWorkingDays(vn('2024-04-26T09:00:00'), 1)).toEqual(vn('2024-05-02T09:00:00'));
    expect(addWorkingDays(vn('2024-05-03T09:00:00'), 1)).toEqual(vn('2024-05-04T09:00:00'));
  });
  it('knows 2025’s Friday 2 May off and Saturday 26 April worked', () => {
    expect(isWorkingDay(vn('2025-05-02T09:00:00'))).toBe(false);
    expect(addWorkingDays(vn('2025-04-29T09:00:00'), 1)).toEqual(vn('2025-05-05T09:00:00'));
    expect(addWorkingDays(vn('2025-04-25T09:00:00'), 1)).toEqual(vn('2025-04-26T09:00:00'));
  });
  it('knows 2026’s Tết, its Saturday worked for National Day, and a holiday on a Sunday made up on Monday', () => {
    expect(addWorkingDays(vn('2026-02-13T09:00:00'), 1)).toEqual(vn('2026-02-23T09:00:00'));
    expect(addWorkingDays(vn('2026-08-21T09:00:00'), 1)).toEqual(vn('2026-08-22T09:00:00'));
    expect(addWorkingDays(vn('2026-08-28T09:00:00'), 1)).toEqual(vn('2026-09-03T09:00:00'));
    // Hùng Kings fell on Sunday 26 April 2026: Monday 27 off.
    expect(isWorkingDay(vn('2026-04-27T09:00:00'))).toBe(false);
  });
  it('gives 2027’s Saturday 1 May its compensatory Monday', () => {
    // Friday 30 April and Monday 3 May off: Thursday 29 April + 1 is Tuesday 4 May.
    expect(addWorkingDays(vn('2027-04-29T09:00:00'), 1)).toEqual(vn('2027-05-04T09:00:00'));
  });
  it('refuses to count into a year it does not hold: 2028 has no Tết yet', () => {
    expect(() => addWorkingDays(vn('2027-12-30T09:00:00'), 3)).toThrow(CalendarNotLoaded);
    expect(() => addWorkingDays(vn('2028-01-26T09:00:00'), 3)).toThrow(/no year 2028/);
  });
  it('starts the clock of a filing outside working hours at the next opening', () => {
    // Saturday night online: counted from Monday 08:00, so 1 working day is Tuesday 08:00.
    expect(clockStart(vn('2026-11-28T21:30:00'))).toEqual(vn('2026-11-30T08:00:00'));
    expect(dueDateOf(vn('2026-11-28T21:30:00'), 1)).toEqual(vn('2026-12-01T08:00:00'));
    // Friday after closing, a weekday before opening, and within working hours.
    expect(clockStart(vn('2026-11-27T17:30:00'))).toEqual(vn('2026-11-30T08:00:00'));
    expect(clockStart(vn('2026-11-26T06:45:00'))).toEqual(vn('2026-11-26T08:00:00'));
    expect(clockStart(vn('2026-11-26T16:59:00'))).toEqual(vn('2026-11-26T16:59:00'));
    // The eve of Tết 2026 after hours: the next opening is after the nine days off.
    expect(clockStart(vn('2026-02-13T18:00:00'))).toEqual(vn('2026-02-23T08:00:00'));
  });
  it('warns half a year before its last year ends, and while a year about to start is provisional', () => {
    expect(calendarWarning(vn('2026-10-01T09:00:00'))).toBeNull();
    expect(calendarWarning(vn('2026-12-02T09:00:00'))).toMatch(/2027 is provisional/);
    expect(calendarWarning(vn('2027-07-15T09:00:00'))).toMatch(/ends with 2027 in \d+ days: add 2028/);
    expect(calendarWarning(vn('2028-01-05T09:00:00'))).toMatch(/ended with 2027/);
  });
  it('knows the 2026 New Year swap: Friday 2 January off, Saturday 10 January worked', () => {
    // Công văn 12729/VPCP-KGVX (25/12/2025).
    expect(isWorkingDay(vn('2026-01-02T09:00:00'))).toBe(false);
    expect(isWorkingDay(vn('2026-01-10T09:00:00'))).toBe(true);
    expect(addWorkingDays(vn('2025-12-31T09:00:00'), 1)).toEqual(vn('2026-01-05T09:00:00'));
  });
  it('counts 24 November as a working day until a law makes it a holiday, and from that year on not', () => {
    expect(isWorkingDay(vn('2026-11-24T09:00:00'))).toBe(true);
    expect(addWorkingDays(vn('2026-11-23T09:00:00'), 1)).toEqual(vn('2026-11-24T09:00:00'));
    const base = {
      workingHours: { start: '08:00', end: '17:00' },
      years: { '2026': { daysOff: [], workingDays: [] }, '2027': { daysOff: [], workingDays: [] } },
    };
    const holiday = { monthDay: '11-24', name: 'Culture Day', basis: 'an amended Labour Code' };
    expect(loadCalendar({ ...base, pendingHolidays: [{ ...holiday, fromYear: null }] }).daysOff.size).toBe(0);
    const inForce = loadCalendar({ ...base, pendingHolidays: [{ ...holiday, fromYear: 2027 }] });
    expect([...inForce.daysOff]).toEqual(['2027-11-24']);
  });
});

describe('lifecycle', () => {
  it('numbers statuses as the national portal does', () => {
    expect(dossierStatuses.map(nationalStatusCode)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  it('reaches every status from the start of some channel, and nothing leaves a final status', () => {
    for (const status of dossierStatuses) {
      expect(lifecyclePath('SUBMITTED', status) ?? lifecyclePath('RECEIVED', status)).not.toBeNull();
    }
    for (const final of ['NOT_ACCEPTED', 'WITHDRAWN', 'STOPPED', 'RESULT_RETURNED'] as const)
      expect(allowedTransitions[final]).toEqual([]);
    expect(lifecyclePath('RECEIVED', 'RESULT_RETURNED')).toEqual([
      'RECEIVED',
      'IN_PROGRESS',
      'COMPLETED',
      'RESULT_RETURNED',
    ]);
    expect(lifecyclePath('RECEIVED', 'SUBMITTED')).toBeNull();
  });
  it('computes overdue from the due date and the finish (or now)', () => {
    const due = vn('2024-03-20T09:00:00');
    const now = vn('2024-03-25T09:00:00');
    expect(isOverdue({ status: 'IN_PROGRESS', dueAt: due, completedAt: null }, now)).toBe(true);
    expect(isOverdue({ status: 'COMPLETED', dueAt: due, completedAt: vn('2024-03-19T09:00:00') }, now)).toBe(
      false,
    );
    expect(
      isOverdue({ status: 'RESULT_RETURNED', dueAt: due, completedAt: vn('2024-03-21T09:00:00') }, now),
    ).toBe(true);
    expect(isOverdue({ status: 'WITHDRAWN', dueAt: due, completedAt: null }, now)).toBe(false);
    expect(isOverdue({ status: 'SUPPLEMENT_REQUESTED', dueAt: due, completedAt: null }, now)).toBe(false);
  });
});

describe('fee quote', () => {
  const fee = (
    amount: string,
    authority: 'NATIONAL' | 'PROVINCIAL' = 'PROVINCIAL',
    onlineAmount: string | null = null,
  ) => ({
    procedureCode: 'x',
    position: 0,
    kind: 'FEE' as const,
    amount,
    description: 'item',
    authority,
    onlineAmount,
    legalBasis: authority === 'NATIONAL' ? 'Thông tư' : 'Luật Phí và lệ phí',
  });
  const policy = (
    discountPercent: number,
    validFrom: string,
    validTo: string | null,
    channel = 'ONLINE',
  ) => ({
    id: 1,
    provinceCode: '01',
    channel: channel as 'ONLINE',
    discountPercent,
    validFrom,
    validTo,
    legalBasis: 'NQ',
  });
  it('applies the discount in whole dong, rounding half up, beyond 2^53', () => {
    expect(
      quoteFee([fee('15'), fee('0')], policy(50, '2024-01-01', null), 'ONLINE', '2024-06-01'),
    ).toMatchObject({
      baseAmount: '15',
      amountDue: '8',
    });
    expect(
      quoteFee([fee('90071992547409930')], policy(50, '2024-01-01', null), 'ONLINE', '2024-06-01').amountDue,
    ).toBe('45035996273704965');
    expect(quoteFee([fee('100')], null, 'ONLINE', '2024-06-01')).toMatchObject({
      amountDue: '100',
      discountPercent: 0,
      policy: null,
    });
  });
  it('picks the policy in force for the channel on the date', () => {
    const policies = [
      policy(20, '2022-01-01', '2023-12-31'),
      policy(50, '2024-01-01', null),
      policy(10, '2024-01-01', null, 'POSTAL'),
    ];
    expect(policyInForce(policies, 'ONLINE', '2023-06-01')?.discountPercent).toBe(20);
    expect(policyInForce(policies, 'ONLINE', '2025-06-01')?.discountPercent).toBe(50);
    expect(policyInForce(policies, 'IN_PERSON', '2025-06-01')).toBeNull();
    expect(policyInForce(policies, 'ONLINE', '2021-06-01')).toBeNull();
  });
});

describe('kit', () => {
  it('reads UTF-8 header values that Node decoded as Latin-1', () => {
    const sent = 'Giải quyết hồ sơ';
    expect(headerText(Buffer.from(sent, 'utf8').toString('latin1'))).toBe(sent);
    expect(headerText('plain ascii')).toBe('plain ascii');
    expect(headerText(encodeURIComponent(sent))).toBe(sent);
    expect(headerText('caf\u00e9')).toBe('caf\u00e9'); // real Latin-1, not UTF-8: left alone
  });
  it('folds Vietnamese for search', () => {
    expect(searchText('  Đăng KÝ   khai sinh ')).toBe('dang ky khai sinh');
  });
  it('refuses bad page sizes and cursors, and pages with one extra row', () => {
    expect(() => pageRequest(101, null)).toThrow(/at most 100/);
    expect(() => pageRequest(-1, null)).toThrow(/0 or more/);
    expect(() => pageRequest(5, 'xyz')).toThrow(/cursor/);
    const page = pageRequest(2, null);
    expect(toConnection([1, 2, 3], page, 10, (n) => [String(n)]).pageInfo.hasNextPage).toBe(true);
    expect(toConnection([1, 2], page, 2, (n) => [String(n)]).pageInfo.hasNextPage).toBe(false);
  });
  it('reads the environment in one place and names a bad variable', () => {
    expect(() => loadEnv({ GATEWAY_PORT: 'eighty' })).toThrow(EnvError);
    expect(() => loadEnv({ GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    const env = loadEnv({ DATABASE_URL: 'postgres://a/b', DOSSIERS_DATABASE_URL: 'postgres://c/d' });
    expect(env.databaseUrls).toEqual({
      population: 'postgres://a/b',
      business: 'postgres://a/b',
      procedures: 'postgres://a/b',
      dossiers: 'postgres://c/d',
      documents: 'postgres://a/b',
    });
    expect(loadEnv({}).databaseUrls).toEqual({});
  });
});

describe('real codes (reference/)', () => {
  it('gives TP.HCM and Lào Cai their QCVN 102 agency suffixes, and marks every unverified one as synthetic', () => {
    expect(agencySuffixOf('79')).toBe('H29');
    expect(agencySuffixOf('15')).toBe('H38');
    expect(provincialCentreOf('79')).toBe('000.00.00.H29');
    expect(provinceOfAgency('000.00.53.H48')).toBe('51');
    for (const p of provinces) expect(agencySuffixOf(p.code)).toMatch(/^(H\d{2}|X\d{2})$/);
    expect(new Set(provinces.map((p) => agencySuffixOf(p.code))).size).toBe(provinces.length);
    expect(centralAgencies.find((a) => a.name === 'Bộ Tài chính')?.code).toBe('000.00.00.G12');
  });
  it('puts tax-code prefix 23 in Bắc Ninh, 27 in Ninh Bình, 28 in Thanh Hóa and 42 in Khánh Hòa', () => {
    const prefix = new Map(taxPrefixes);
    expect([prefix.get('23'), prefix.get('27'), prefix.get('28'), prefix.get('42')]).toEqual([
      '24',
      '37',
      '38',
      '56',
    ]);
  });
  it('uses the national catalogue codes of khai sinh, thường trú, tạm trú, kết hôn, khai tử and hộ kinh doanh', () => {
    const code = (name: string) =>
      nationalCodeOf(procedureTemplates.find((t) => t.name === name) as (typeof procedureTemplates)[number]);
    expect(
      [
        'Đăng ký khai sinh',
        'Đăng ký thường trú',
        'Đăng ký tạm trú',
        'Đăng ký kết hôn',
        'Đăng ký khai tử',
        'Đăng ký hộ kinh doanh',
      ].map(code),
    ).toEqual(['1.001193', '1.004222', '1.004194', '1.000894', '1.000656', '1.001612']);
  });
  it('registers births from July 2025 under a current province, before it under the legacy ones', () => {
    expect(birthRegistrationCodes('79', '2025-08-01')).toEqual(['079']);
    expect(birthRegistrationCodes('79', '2025-06-30').sort()).toEqual(['074', '077', '079']);
  });
});

describe('where a dossier may be filed', () => {
  const national = (level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE') => ({
    procedureCode: '1.001193',
    level,
    procedureAgency: '000.00.00.G15',
    provinceCode: '79',
  });
  it('files a commune-level procedure at the service point of its ward, and refuses one without a ward or from another province', () => {
    expect(filingPlaceOf({ ...national('COMMUNE'), wardCode: '97901' })).toEqual({
      agencyCode: '901.00.00.H29',
    });
    expect(filingPlaceOf(national('COMMUNE'))).toMatchObject({ rule: 'COMMUNE_SERVICE_POINT_REQUIRED' });
    expect(filingPlaceOf({ ...national('COMMUNE'), wardCode: '90101' })).toMatchObject({
      rule: 'WARD_OF_ANOTHER_PROVINCE',
      argument: 'wardCode',
    });
  });
  it('files a provincial procedure at the province’s centre and a central one at the ministry', () => {
    expect(filingPlaceOf({ ...national('PROVINCE'), wardCode: '97901' })).toEqual({
      agencyCode: '000.00.00.H29',
    });
    expect(filingPlaceOf(national('CENTRAL'))).toEqual({ agencyCode: '000.00.00.G15' });
  });
  it('files a province’s own procedure only in that province, in the long or the short form', () => {
    const hcmOwn = { ...national('PROVINCE'), procedureCode: '1.001612.000.00.00.H29' };
    expect(filingPlaceOf(hcmOwn)).toEqual({ agencyCode: '000.00.00.H29' });
    expect(filingPlaceOf({ ...hcmOwn, provinceCode: '01' })).toMatchObject({
      rule: 'PROCEDURE_OF_ANOTHER_PROVINCE',
      argument: 'provinceCode',
    });
    expect(filingPlaceOf({ ...hcmOwn, procedureCode: '1.001612.H38' })).toMatchObject({
      rule: 'PROCEDURE_OF_ANOTHER_PROVINCE',
    });
  });
});
