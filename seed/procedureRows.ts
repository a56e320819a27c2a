import type { feePolicies } from '../drizzle/procedures.ts';
import { provinces, wardsOf } from '../runtime/adminUnits.ts';
import {
  agencySuffixOf,
  centralAgencies,
  communePointOf,
  departmentOf,
  provincialCentreOf,
} from '../runtime/agencyCodes.ts';
import { searchText } from '../runtime/searchText.ts';
import * as ref from './referenceData.ts';
import type { WorldRandom } from './worldRandom.ts';
import { type WorldSize } from './worldSize.ts';
import type { SeedRow } from './seedRow.ts';
import type { GeneratedProcedure, ProcedureFacts } from './worldFacts.ts';

const ministryCode = new Map(centralAgencies.map((a) => [a.name, a.code]));

/**
 * The catalogue: the ministries, each province's centre, departments and commune-level service points,
 * the national procedures and their provincial copies with fees (who sets each item, its online rate
 * and legal basis) and requirements, and each province's fee policies. Returns the procedures and policies.
 */
export function* procedureRows(size: WorldSize, random: WorldRandom): Generator<SeedRow, ProcedureFacts> {
  const { int, chance, pick } = random;
  for (const { code, name } of centralAgencies)
    yield ['procedures', 'agencies', { code, name, provinceCode: null, level: 'CENTRAL', wardCode: null }];
  for (const p of provinces) {
    for (const [i, department] of ref.provincialDepartments.entries())
      yield [
        'procedures',
        'agencies',
        {
          code: i === 0 ? provincialCentreOf(p.code) : departmentOf(p.code, i),
          name: `${department} ${p.name}`,
          provinceCode: p.code,
          level: 'PROVINCE',
          wardCode: null,
        },
      ];
    for (const ward of wardsOf(p.code))
      yield [
        'procedures',
        'agencies',
        {
          code: communePointOf(p.code, ward.position),
          name: `Điểm phục vụ hành chính công ${ward.name}, ${p.name}`,
          provinceCode: p.code,
          level: 'COMMUNE',
          wardCode: ward.code,
        },
      ];
  }
  const procedureList: GeneratedProcedure[] = [];
  const templateCount = ref.procedureTemplates.length;
  for (let i = 0; i < size.procedures; i += 1) {
    const template = ref.procedureTemplates[i % templateCount] as ref.ProcedureTemplate;
    const round = Math.floor(i / templateCount);
    const national = ref.nationalCodeOf(template);
    // Beyond the national list, the same procedures localised by the provinces, each province once per
    // procedure (…000.00.00.Hnn), spread so that a small catalogue still reaches many provinces.
    const localProvince =
      round === 0
        ? null
        : (provinces[(round - 1 + (i % templateCount) * 7) % provinces.length] as (typeof provinces)[number]);
    const code = localProvince ? `${national}.000.00.00.${agencySuffixOf(localProvince.code)}` : national;
    const [ministry, department] = ref.sectorAgencies[template.sector] ?? ['Bộ Công an', 0];
    const agencyCode = localProvince
      ? departmentOf(localProvince.code, department)
      : (ministryCode.get(ministry) as string);
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
    const facts: GeneratedProcedure = {
      code,
      provinceCode: localProvince?.code ?? null,
      agencyCode,
      template,
      onlineService: template.online,
      processingDays: template.days,
      fees: [],
      requirements: [],
    };
    for (const [position, [kind, amount, description]] of template.fees.entries()) {
      const rule = ref.feeRules[description];
      if (!rule) throw new Error(`reference/fee-rules.json has no rule for '${description}'`);
      const fee = {
        procedureCode: code,
        position,
        kind,
        amount: String(amount),
        description,
        authority: rule.authority,
        onlineAmount: rule.onlineAmount ?? null,
        legalBasis: rule.legalBasis,
      };
      yield ['procedures', 'fees', fee];
      facts.fees.push(fee);
    }
    for (const [position, [name, originals, copies, evidence]] of template.requirements.entries()) {
      const id = `${code}#${position + 1}`;
      yield [
        'procedures',
        'requirements',
        { id, procedureCode: code, position, name, originals, copies, evidence },
      ];
      facts.requirements.push({ id, evidence, name });
    }
    procedureList.push(facts);
  }
  // The current provinces came into being on 1 July 2025 and carry on their parts' policies until
  // they issue their own: the generated policies start then, and their resolutions are marked as
  // simulated, for no real resolution number is known here.
  const policiesOf = new Map<string, Array<typeof feePolicies.$inferInsert & { id: number }>>();
  let policyCount = 0;
  const resolution = (name: string, year: number) =>
    `Nghị quyết HĐND ${name} số ${int(10, 99)}/${year}/NQ-HĐND (mô phỏng: số hiệu không có thật)`;
  for (const p of provinces) {
    const waives = ref.feeWaivingProvinces.includes(p.code);
    const own: Array<typeof feePolicies.$inferInsert & { id: number }> = [];
    const revised = !waives && chance(0.3);
    if (revised)
      own.push({
        id: (policyCount += 1),
        provinceCode: p.code,
        channel: 'ONLINE',
        discountPercent: 20,
        validFrom: '2025-07-01',
        validTo: '2025-12-31',
        legalBasis: resolution(p.name, 2025),
      });
    own.push({
      id: (policyCount += 1),
      provinceCode: p.code,
      channel: 'ONLINE',
      discountPercent: waives ? 100 : pick([20, 30, 40, 50, 50, 50]),
      validFrom: revised ? '2026-01-01' : '2025-07-01',
      validTo: null,
      legalBasis: resolution(p.name, 2025),
    });
    policiesOf.set(p.code, own);
    for (const policy of own) yield ['procedures', 'feePolicies', policy];
  }

  return { procedureList, policiesOf };
}
