import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

// #27 point 2: the law as it stands on the day of the quote. Circular 64/2025/TT-BTC halves the
// business registration fee from 1 July 2025 to 31 December 2026 (the publication fee unchanged), and
// the 115,000 đ online rate of a driving licence (Circular 63/2023) ran only to 31 December 2025.
const world = generateWorld(demoSize);
let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

/** The first online procedure of the demo world whose fees include every one described. */
const withFee = (...descriptions: string[]) =>
  world.procedures.procedures.find(
    (p) =>
      p.onlineService !== 'NONE' &&
      descriptions.every((d) =>
        world.procedures.fees.some((f) => f.procedureCode === p.code && f.description === d),
      ),
  );

type Line = {
  description: string;
  amountDue: string;
  rule: string;
  legalBasis: string;
  validUntil: string | null;
};
async function lineOn(code: string, channel: string, on: string, description: string): Promise<Line> {
  const result = await graph.query(
    `query Quote($c: String!, $ch: Channel!, $on: Date) { procedure(code: $c) { feeQuote(provinceCode: "79", channel: $ch, on: $on) {
      lines { description amountDue rule legalBasis validUntil } } } }`,
    { c: code, ch: channel, on },
    { token: null },
  );
  expect(result.errors).toBeUndefined();
  const lines = (result.data?.procedure as { feeQuote: { lines: Line[] } }).feeQuote.lines;
  return lines.find((l) => l.description === description) as Line;
}

describe('fee rates that hold for a period', () => {
  const registration = withFee('Lệ phí đăng ký doanh nghiệp', 'Phí công bố nội dung đăng ký doanh nghiệp');
  const licence = withFee('Lệ phí cấp giấy phép lái xe');

  it('halves business registration in person from 1 July 2025 to 31 December 2026, naming the circular', async () => {
    expect(registration).toBeDefined();
    const code = registration?.code as string;
    const fee = 'Lệ phí đăng ký doanh nghiệp';
    const on = async (day: string) => lineOn(code, 'IN_PERSON', day, fee);
    expect(await on('2025-06-30')).toMatchObject({
      amountDue: '50000',
      rule: 'NATIONAL_RATE',
      validUntil: null,
    });
    expect(await on('2025-07-01')).toMatchObject({
      amountDue: '25000',
      rule: 'NATIONAL_PERIOD_RATE',
      validUntil: '2026-12-31',
    });
    expect((await on('2025-07-01')).legalBasis).toMatch(/Thông tư 64\/2025\/TT-BTC/);
    expect(await on('2026-12-31')).toMatchObject({ amountDue: '25000', rule: 'NATIONAL_PERIOD_RATE' });
    expect(await on('2027-01-01')).toMatchObject({ amountDue: '50000', rule: 'NATIONAL_RATE' });
    // Online it stays free throughout (Circular 47/2019), and the publication fee is not reduced.
    expect(await lineOn(code, 'ONLINE', '2025-07-01', fee)).toMatchObject({
      amountDue: '0',
      rule: 'NATIONAL_ONLINE_RATE',
    });
    const publication = await lineOn(
      code,
      'IN_PERSON',
      '2025-07-01',
      'Phí công bố nội dung đăng ký doanh nghiệp',
    );
    expect(publication).toMatchObject({ amountDue: '100000', rule: 'NATIONAL_RATE' });
  });

  it('ends the driving licence’s online rate with 2025', async () => {
    expect(licence).toBeDefined();
    const code = licence?.code as string;
    const fee = 'Lệ phí cấp giấy phép lái xe';
    const before = await lineOn(code, 'ONLINE', '2025-12-31', fee);
    expect(before).toMatchObject({
      amountDue: '115000',
      rule: 'NATIONAL_PERIOD_RATE',
      validUntil: '2025-12-31',
    });
    const after = await lineOn(code, 'ONLINE', '2026-01-01', fee);
    expect(after.rule).toBe('NATIONAL_RATE');
    expect(BigInt(after.amountDue)).toBeGreaterThan(115000n);
  });

  it('quotes today when no day is given', async () => {
    const code = registration?.code as string;
    const quote = async (on?: string) => {
      const result = await graph.query(
        `query($c: String!, $on: Date) { procedure(code: $c) { feeQuote(provinceCode: "79", channel: IN_PERSON, on: $on) { amountDue } } }`,
        { c: code, ...(on ? { on } : {}) },
        { token: null },
      );
      expect(result.errors).toBeUndefined();
      return (result.data?.procedure as { feeQuote: { amountDue: string } }).feeQuote.amountDue;
    };
    expect(await quote()).toBe(await quote(vietnamDate()));
  });
});
