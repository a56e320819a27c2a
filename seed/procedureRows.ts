import type { feePolicies } from '../drizzle/procedures.ts';
import { provinces } from '../runtime/adminUnits.ts';
import { searchText } from '../runtime/searchText.ts';
import * as ref from './referenceData.ts';
import type { WorldRandom } from './worldRandom.ts';
import { type WorldSize } from './worldSize.ts';
import type { SeedRow } from './seedRow.ts';
import type { GeneratedProcedure, ProcedureFacts } from './worldFacts.ts';

/** A provincial agency's e-ID; department 0 is the province's one-stop shop. */
const departmentCode = (provinceCode: string, department: number) =>
  `000.00.${String(department).padStart(2, '0')}.H${provinceCode}`;

/**
 * The catalogue: central and provincial agencies, national procedures and their provincial copies with
 * fees and requirements, and each province's fee policies. Returns the procedures and policies.
 */
export function* procedureRows(size: WorldSize, random: WorldRandom): Generator<SeedRow, ProcedureFacts> {
  const { int, chance, pick } = random;
  for (const [code, name] of ref.centralAgencies)
    yield ['procedures', 'agencies', { code, name, provinceCode: null }];
  for (const p of provinces)
    for (const [i, department] of ref.provincialDepartments.entries())
      yield [
        'procedures',
        'agencies',
        { code: departmentCode(p.code, i), name: `${department} ${p.name}`, provinceCode: p.code },
      ];
  const procedureList: GeneratedProcedure[] = [];
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
    const facts: GeneratedProcedure = {
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

  return { procedureList, policiesOf };
}
