import { GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { enterpriseCodeProblem, normalEnterpriseCode } from './enterpriseCode.ts';
import { badInput } from './errors.ts';
import { personalIdProblem } from './personalId.ts';
import { formatVietnamTime } from './vietnamTime.ts';

/**
 * A string scalar whose input is checked by `problem` (a message, or null when valid). Bad input is a
 * BAD_USER_INPUT error naming the type and saying what is wrong, whether it came as a variable or a literal.
 */
function checkedString(
  name: string,
  description: string,
  problem: (value: string) => string | null,
  serialize: (value: unknown) => string = String,
  normalise: (valid: string) => string = (valid) => valid,
) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw badInput(`${name} must be a string`);
    const why = problem(value);
    if (why) throw badInput(`Invalid ${name} '${value.slice(0, 40)}': ${why}`);
    return normalise(value);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize,
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw badInput(`${name} must be a string`);
      return parse(ast.value);
    },
  });
}

/** Why a value is not an ISO calendar date YYYY-MM-DD that exists, or null. */
export function dateProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'expected an ISO 8601 calendar date, YYYY-MM-DD';
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value)
    return 'no such calendar date';
  return null;
}

const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a value is not an ISO 8601 instant with an offset, or null. */
export function dateTimeProblem(value: string): string | null {
  if (!dateTimePattern.test(value))
    return 'expected an ISO 8601 date-time with an offset, e.g. 2024-03-15T08:30:00+07:00';
  if (Number.isNaN(new Date(value).getTime()) || dateProblem(value.slice(0, 10))) return 'no such instant';
  return null;
}

export const PersonalIdScalar = checkedString(
  'PersonalId',
  '12-digit personal ID: 3 digits province of birth registration (pre-2025 codes), 1 century+gender, 2 birth year, 6 serial.',
  personalIdProblem,
);

export const EnterpriseCodeScalar = checkedString(
  'EnterpriseCode',
  '10-digit enterprise (tax) code with its check digit, optionally a branch suffix -001..-999; the 13-digit compact branch form (0100112437011) is accepted and read as 0100112437-011.',
  enterpriseCodeProblem,
  String,
  normalEnterpriseCode,
);

export const DateScalar = checkedString(
  'Date',
  'ISO 8601 calendar date, e.g. 2024-03-15.',
  dateProblem,
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
);

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 instant with offset, e.g. 2024-03-15T08:30:00+07:00.',
  serialize: (v) => formatVietnamTime(v instanceof Date ? v : new Date(String(v))),
  parseValue: (v) => parseDateTime(v),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw badInput('DateTime must be a string');
  const why = dateTimeProblem(value);
  if (why) throw badInput(`Invalid DateTime '${value.slice(0, 40)}': ${why}`);
  return new Date(value);
}

export const VndScalar = new GraphQLScalarType<string, string>({
  name: 'Vnd',
  description: 'Whole amount of Vietnamese dong, serialized as a string of digits (amounts can exceed 2^53).',
  serialize: (v) => String(v),
  parseValue: (v) => parseVnd(v),
  parseLiteral: (ast) => parseVnd(ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : undefined),
});

function parseVnd(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text))
    throw badInput('Vnd is a whole, non-negative amount of dong written as digits');
  return text.replace(/^0+(?=\d)/, '');
}

/** Any JSON value, passed through as it is (a signed document's content). */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast) => valueFromASTUntyped(ast),
});

/** Resolvers for the scalars each subgraph declares; pass only those its SDL names. */
export const scalarResolvers = {
  PersonalId: PersonalIdScalar,
  EnterpriseCode: EnterpriseCodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Vnd: VndScalar,
  JSON: JsonScalar,
};
