import fc from 'fast-check';
import {
  buildSchema,
  parse,
  specifiedRules,
  validate,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { protections } from '../gateway/operationLimits.ts';
import { projectRoot } from '../runtime/env.ts';

// Every validation rule and limit the gateway runs is linear in the document: each fragment is
// followed once, however often it is spread. A document whose fragments each spread the next one twice,
// 22 levels deep, once held the gateway for 8.6 s. The test counts steps, never time: every visitor call
// of every rule, and every fragment a rule looks up (how rules follow spreads), against the size of
// the document.
const schema = buildSchema(readFileSync(path.join(projectRoot, 'api-schema.graphql'), 'utf8'));
const { validationRules, parseOptions } = protections(true);
const rules: ValidationRule[] = [...specifiedRules, ...validationRules];

/** Wraps every visitor function of a rule so that each call counts one step. */
function counting(rule: ValidationRule, tick: () => void): ValidationRule {
  return (context: ValidationContext) => {
    const visitor = rule(context) as Record<string, unknown>;
    const wrap = (fn: unknown) =>
      typeof fn === 'function'
        ? (...args: unknown[]) => {
            tick();
            return (fn as (...a: unknown[]) => unknown).apply(visitor, args);
          }
        : fn;
    const wrapped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(visitor))
      wrapped[key] =
        typeof value === 'object' && value !== null
          ? {
              enter: wrap((value as { enter?: unknown }).enter),
              leave: wrap((value as { leave?: unknown }).leave),
            }
          : wrap(value);
    return wrapped as ASTVisitor;
  };
}

/** Parses and validates as the gateway does; how many steps it took and how large the document is. */
function measure(text: string): { refused: boolean; steps: number; nodes: number } {
  let document: DocumentNode;
  try {
    document = parse(text, parseOptions);
  } catch {
    return { refused: true, steps: 0, nodes: 0 }; // the token limit stops it while parsing
  }
  let nodes = 0;
  visit(document, { enter: () => void (nodes += 1) });
  let steps = 0;
  // Past the budget the count stops the validation: a rule gone exponential fails here at once
  // instead of running for hours.
  const budget = stepsPerNode * nodes + 100;
  const tick = () => {
    steps += 1;
    if (steps > budget) throw new Error(`validation took over ${budget} steps for ${nodes} nodes`);
  };
  const lookups: ValidationRule = (context) => {
    const getFragment = context.getFragment.bind(context);
    context.getFragment = (name) => {
      tick();
      return getFragment(name);
    };
    return {};
  };
  const errors = validate(schema, document, [lookups, ...rules.map((rule) => counting(rule, tick))]);
  return { refused: errors.length > 0, steps, nodes };
}

/** At most this many steps per document node for all rules together (each rule: enter, leave, one lookup). */
const stepsPerNode = 3 * rules.length;

const fanOut = fc
  .record({ levels: fc.integer({ min: 1, max: 40 }), width: fc.integer({ min: 2, max: 4 }) })
  .map(({ levels, width }) => {
    let text = `query Q { procedures(first: 1) { nodes { ...F0 } } }\n`;
    for (let i = 0; i < levels; i += 1)
      text += `fragment F${i} on Procedure { ${Array.from({ length: width }, () => `...F${i + 1}`).join(' ')} }\n`;
    return `${text}fragment F${levels} on Procedure { code name }\n`;
  });
const rootFanOut = fc.integer({ min: 1, max: 40 }).map((levels) => {
  let text = `query Q { ...F0 }\n`;
  for (let i = 0; i < levels; i += 1) text += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return `${text}fragment F${levels} on Query { procedures(first: 1) { totalCount } }\n`;
});
const deepNesting = fc
  .integer({ min: 1, max: 400 })
  .map((depth) => `{ ${'... on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }`);
const deepFields = fc
  .integer({ min: 1, max: 300 })
  .map((depth) => `{ ${'a { '.repeat(depth)}b${' }'.repeat(depth)} }`);
const directiveFlood = fc
  .integer({ min: 1, max: 800 })
  .map((n) => `{ __typename ${'@include(if: true) '.repeat(n)}}`);
const wideSelection = fc
  .integer({ min: 1, max: 1200 })
  .map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`);

describe('validation is linear in the document', () => {
  it.each([
    ['fragment fan-outs under a field', fanOut],
    ['fragment fan-outs at the root', rootFanOut],
    ['deep nesting of inline fragments', deepNesting],
    ['deep nesting of fields', deepFields],
    ['directive floods', directiveFlood],
    ['wide selections', wideSelection],
  ] as const)('%s: refused or answered within a bounded number of steps', (_name, documents) => {
    fc.assert(
      fc.property(documents, (text) => {
        const { steps, nodes } = measure(text);
        expect(steps).toBeLessThanOrEqual(stepsPerNode * nodes + 100);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses the 22-level fan-out of the attack, in a few hundred steps per rule', () => {
    let text = `query Q { ...F0 }\n`;
    for (let i = 0; i < 22; i += 1) text += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
    text += `fragment F22 on Query { procedures(first: 1) { totalCount } }\n`;
    const { refused, steps, nodes } = measure(text);
    expect(refused).toBe(true);
    expect(steps).toBeLessThanOrEqual(stepsPerNode * nodes);
  });
});
