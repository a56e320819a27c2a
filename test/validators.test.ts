import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  enterpriseCheckDigit,
  enterpriseCodeProblem,
  normalEnterpriseCode,
} from '../runtime/enterpriseCode.ts';
import { personalIdFacts, personalIdMismatch, personalIdProblem } from '../runtime/personalId.ts';
import { normalProcedureCode, procedureCodeProblem } from '../runtime/procedureCode.ts';
import { scalarResolvers, dateProblem, dateTimeProblem } from '../runtime/scalars.ts';
import { dossierCodeProblem } from '../runtime/dossierCode.ts';

const today = new Date('2026-11-22T00:00:00Z');

describe('personal ID', () => {
  it.each(['001090000001', '079203012345', '096185999999', '048001000000'])('accepts %s', (id) => {
    expect(personalIdProblem(id, today)).toBeNull();
  });
  it.each([
    ['00109000001', '12 digits'],
    ['0010900000012', '12 digits'],
    ['00109000000a', '12 digits'],
    ['003090000001', "'003'"], // 003 is not a province code
    ['100090000001', "'100'"],
    ['001290000001', 'future'], // 2090
    ['001499000001', 'future'], // 2199
    ['001999000001', 'future'],
  ])('rejects %s (%s)', (id, why) => {
    expect(personalIdProblem(id, today)).toContain(why);
  });
  it('reads gender and birth year, and checks them against a record', () => {
    expect(personalIdFacts('079305000001')).toMatchObject({ gender: 'FEMALE', birthYear: 2005 });
    expect(personalIdFacts('079088000001')?.province.name).toBe('Hồ Chí Minh');
    expect(personalIdMismatch('079305000001', '2005-03-01', 'FEMALE')).toBeNull();
    expect(personalIdMismatch('079305000001', '2004-03-01', 'FEMALE')).toContain('birth year');
    expect(personalIdMismatch('079305000001', '2005-03-01', 'MALE')).toContain('FEMALE');
  });
});

describe('enterprise code', () => {
  it.each(['0101234565', '0101234565-001', '0203456782', '0101234565-999'])('accepts %s', (code) => {
    expect(enterpriseCodeProblem(code)).toBeNull();
  });
  it.each([
    ['0101234566', "expected '5'"],
    ['0101234565-000', 'branch'],
    ['0101234565-01', '10 digits'],
    ['010123456', '10 digits'],
    ['0000000000', 'province prefix'],
    ['0100000000', 'sequence'],
  ])('rejects %s (%s)', (code, why) => {
    expect(enterpriseCodeProblem(code)).toContain(why);
  });
  it('computes the weighted check digit and knows when none exists', () => {
    expect(enterpriseCheckDigit('010123456')).toBe('5');
    // Find a prefix whose weighted sum is 0 mod 11: it has no valid check digit.
    const none = Array.from({ length: 200 }, (_, i) => `0100000${String(i).padStart(2, '0')}`).find(
      (nine) => enterpriseCheckDigit(nine) === null,
    );
    expect(none).toBeDefined();
    expect(enterpriseCodeProblem(`${none}0`)).toContain('no valid check digit');
  });
});

describe('other formats', () => {
  it('procedure codes', () => {
    expect(procedureCodeProblem('1.001612')).toBeNull();
    expect(procedureCodeProblem('1.001612.000.00.00.H29')).toBeNull();
    expect(procedureCodeProblem('4.001612')).not.toBeNull();
    expect(procedureCodeProblem('1.001612.000.00.00.h29')).not.toBeNull();
    // The short localised form of provincial portals, read as the long one.
    expect(procedureCodeProblem('1.000948.H38')).toBeNull();
    expect(normalProcedureCode('1.000948.H38')).toBe('1.000948.000.00.00.H38');
    expect(normalProcedureCode('1.000948')).toBe('1.000948');
    expect(procedureCodeProblem('1.000948.H3')).not.toBeNull();
  });
  it('the compact 13-digit branch code', () => {
    expect(enterpriseCodeProblem('0100112437011')).toBeNull();
    expect(normalEnterpriseCode('0100112437011')).toBe('0100112437-011');
    expect(normalEnterpriseCode('0100112437')).toBe('0100112437');
    expect(enterpriseCodeProblem('0100112438011')).toContain('check digit');
    expect(scalarResolvers.EnterpriseCode.parseValue('0100112437011')).toBe('0100112437-011');
  });
  it('dossier codes', () => {
    expect(dossierCodeProblem('000.00.53.H48-220921-0099')).toBeNull();
    expect(dossierCodeProblem('000.00.53.H48-220921-99')).not.toBeNull();
    expect(dossierCodeProblem(`${'1'.repeat(36)}-220921-0099`)).toContain('35');
  });
  it('dates and instants', () => {
    expect(dateProblem('2024-02-29')).toBeNull();
    expect(dateProblem('2023-02-29')).toContain('no such');
    expect(dateProblem('2024-3-1')).toContain('YYYY-MM-DD');
    expect(dateTimeProblem('2024-03-15T08:30:00+07:00')).toBeNull();
    expect(dateTimeProblem('2024-03-15T08:30:00')).toContain('offset');
  });
});

describe('scalars', () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as { extensions?: { code?: string } }).extensions?.code;
    }
    return 'no error';
  };
  it('reject bad input with BAD_USER_INPUT, as variable or literal', () => {
    expect(codeOf(() => scalarResolvers.PersonalId.parseValue('123'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => scalarResolvers.PersonalId.parseValue(1))).toBe('BAD_USER_INPUT');
    expect(
      codeOf(() => scalarResolvers.EnterpriseCode.parseLiteral({ kind: Kind.STRING, value: '0101234566' })),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(() => scalarResolvers.Date.parseLiteral({ kind: Kind.INT, value: '20240101' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => scalarResolvers.Vnd.parseValue('-5'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => scalarResolvers.Vnd.parseValue(1.5))).toBe('BAD_USER_INPUT');
  });
  it('serialize amounts as digits and instants in Vietnam time', () => {
    expect(scalarResolvers.Vnd.parseValue('0001200000000000000')).toBe('1200000000000000');
    expect(scalarResolvers.Vnd.serialize('1500000000000')).toBe('1500000000000');
    expect(scalarResolvers.DateTime.serialize(new Date('2024-03-15T01:30:00Z'))).toBe(
      '2024-03-15T08:30:00+07:00',
    );
    expect(scalarResolvers.DateTime.parseValue('2024-03-15T08:30:00+07:00')).toEqual(
      new Date('2024-03-15T01:30:00Z'),
    );
  });
});
