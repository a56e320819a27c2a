import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businesses, businessIndustries, legalRepresentatives } from '../drizzle/business.ts';
import { dossierEvents, dossierEvidence, dossiers, type DossierStatus } from '../drizzle/dossiers.ts';
import { blobs, components, issuedDocuments } from '../drizzle/documents.ts';
import { citizens, households } from '../drizzle/population.ts';
import { agencies, feePolicies, fees, procedureCatalogue, requirements } from '../drizzle/procedures.ts';
import { seedWorld, SeedRefused } from '../seed/seedWorld.ts';
import { tableDigests } from '../seed/tableDigests.ts';
import { referenceInstant } from '../seed/worldSize.ts';
import { type WorldSize } from '../seed/worldSize.ts';
import { allowedTransitions, lifecyclePath } from '../subgraphs/dossiers/lifecycle.ts';
import { dossierCodeProblem } from '../runtime/dossierCode.ts';
import { dueDateOf } from '../subgraphs/dossiers/workingDays.ts';
import { findLegacyProvince, findProvince, findWard, mergerDate, wardsOf } from '../runtime/adminUnits.ts';
import { provinceOfAgency } from '../runtime/agencyCodes.ts';
import { businessTrades } from '../seed/referenceData.ts';
import { filingPlaceOf } from '../subgraphs/dossiers/filingPlace.ts';
import { createDb, type DbHandle } from '../subgraphs/kit/createDb.ts';
import { enterpriseCodeProblem } from '../runtime/enterpriseCode.ts';
import { personalIdMismatch, personalIdProblem } from '../runtime/personalId.ts';
import { procedureCodeProblem } from '../runtime/procedureCode.ts';
import { subgraphNames, type SubgraphName } from '../runtime/subgraphNames.ts';
import { policyInForce, quoteFee } from '../subgraphs/procedures/quoteFee.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { openTestDb } from './support/testDatabase.ts';

type Handles = Record<SubgraphName, DbHandle>;
const size: WorldSize = { citizens: 3000, businesses: 300, procedures: 120, dossiers: 2500, seed: 424242 };
const opened: DbHandle[] = [];

async function openAll(open: (subgraph: SubgraphName) => Promise<DbHandle>): Promise<Handles> {
  const handles = {} as Handles;
  for (const subgraph of subgraphNames) {
    handles[subgraph] = await open(subgraph);
    opened.push(handles[subgraph]);
  }
  return handles;
}

async function digestsOf(handles: Handles) {
  const all: Record<string, Record<string, string>> = {};
  for (const subgraph of subgraphNames) all[subgraph] = await tableDigests(subgraph, handles[subgraph]);
  return all;
}

afterAll(async () => {
  await Promise.allSettled(opened.map((h) => h.close()));
});

// The test databases hold the demo data set: seeding must refuse them, and --reset replaces it.
let world: Handles;
beforeAll(async () => {
  world = await openAll((subgraph) => openTestDb(subgraph));
  await seedWorld({ size, handles: world, reset: true, rebuildIndexes: true });
});

describe('seed tool', () => {
  it('refuses a database that holds data, and writes nothing', async () => {
    const before = await digestsOf(world);
    await expect(seedWorld({ size, handles: world })).rejects.toBeInstanceOf(SeedRefused);
    await expect(seedWorld({ size, handles: world })).rejects.toThrow(/--reset/);
    expect(await digestsOf(world)).toEqual(before);
  });

  it('gives the same records for the same seed, on a second database and on both kinds of database', async () => {
    const first = await digestsOf(world);
    const again = await openAll((subgraph) => openTestDb(subgraph));
    await seedWorld({ size, handles: again, reset: true });
    expect(await digestsOf(again)).toEqual(first);
    if (world.population.kind === 'postgres') {
      // The suite runs on PostgreSQL: the same seed on the embedded database must match it.
      const embedded = await openAll(async (subgraph) => {
        const handle = await createDb(subgraph);
        await handle.migrate();
        return handle;
      });
      await seedWorld({ size, handles: embedded });
      expect(await digestsOf(embedded)).toEqual(first);
    }
    // And the digest can tell worlds apart.
    await seedWorld({ size: { ...size, seed: size.seed + 1 }, handles: again, reset: true });
    expect((await digestsOf(again)).population?.citizens).not.toEqual(first.population?.citizens);
  });

  it('rolls a failed load back whole: the earlier data stays and the indexes are kept', async () => {
    const before = await digestsOf(world);
    const failing: Handles = { ...world };
    const dossiersHandle = world.dossiers;
    failing.dossiers = {
      ...dossiersHandle,
      async bulk() {
        const session = await dossiersHandle.bulk();
        let copies = 0;
        return {
          ...session,
          copyIn: (target, text) =>
            (copies += 1) === 3
              ? Promise.reject(new Error('disk full (injected)'))
              : session.copyIn(target, text),
        };
      },
    };
    await expect(
      seedWorld({ size: { ...size, seed: 1 }, handles: failing, reset: true, rebuildIndexes: true }),
    ).rejects.toThrow('disk full (injected)');
    expect(await digestsOf(world)).toEqual(before);
    const session = await dossiersHandle.bulk();
    const [row] = await session.query<{ n: number }>(
      "select count(*)::int as n from pg_indexes where schemaname = 'dossiers' and tablename = 'dossiers'",
    );
    await session.release();
    expect(row?.n).toBe(7); // the key and the six indexes of drizzle/dossiers.ts
  });

  it('writes citizens whose IDs, households and families are valid and consistent', async () => {
    const people = await world.population.db.select().from(citizens);
    const homes = await world.population.db.select().from(households);
    expect(people).toHaveLength(size.citizens);
    const byId = new Map(people.map((c) => [c.personalId, c]));
    const year = (date: string) => Number(date.slice(0, 4));
    for (const c of people) {
      expect(personalIdProblem(c.personalId), c.personalId).toBeNull();
      expect(personalIdMismatch(c.personalId, c.birthDate, c.gender), c.personalId).toBeNull();
      expect(findProvince(c.currentAddress?.provinceCode ?? ''), c.personalId).toBeDefined();
      expect(findProvince(c.permanentAddress?.provinceCode ?? ''), c.personalId).toBeDefined();
      for (const parentId of [c.fatherId, c.motherId].filter(Boolean) as string[]) {
        const parent = byId.get(parentId);
        expect(parent, `parent ${parentId} of ${c.personalId}`).toBeDefined();
        // data-stewards.md: born when both parents were at least 20 (by year of birth).
        expect(year(parent?.birthDate ?? '9999') + 20).toBeLessThanOrEqual(year(c.birthDate));
      }
      if (c.spouseId) expect(byId.get(c.spouseId)?.spouseId, `spouse of ${c.personalId}`).toBe(c.personalId);
    }
    expect(people.filter((c) => c.fatherId || c.motherId).length).toBeGreaterThan(size.citizens / 10);
    for (const h of homes) {
      const head = byId.get(h.headId);
      expect(head?.householdId, h.id).toBe(h.id);
      expect(head?.relationshipToHead).toBe('Chủ hộ');
      expect(year(head?.birthDate ?? '9999')).toBeLessThanOrEqual(referenceInstant.getUTCFullYear() - 18);
    }
    for (const c of people) if (c.householdId) expect(homes.some((h) => h.id === c.householdId)).toBe(true);
  });

  it('writes businesses with valid codes and living adult representatives who exist', async () => {
    const firms = await world.business.db.select().from(businesses);
    const reps = await world.business.db.select().from(legalRepresentatives);
    const people = new Map((await world.population.db.select().from(citizens)).map((c) => [c.personalId, c]));
    expect(firms).toHaveLength(size.businesses);
    for (const b of firms) expect(enterpriseCodeProblem(b.enterpriseCode), b.enterpriseCode).toBeNull();
    expect(firms.some((b) => b.enterpriseCode.includes('-'))).toBe(true);
    const represented = new Set(reps.map((r) => r.enterpriseCode));
    for (const b of firms) expect(represented.has(b.enterpriseCode), b.enterpriseCode).toBe(true);
    for (const r of reps) {
      const person = people.get(r.personalId);
      expect(person, r.personalId).toBeDefined();
      expect(person?.deathDate).toBeNull();
      expect(
        referenceInstant.getUTCFullYear() - Number(person?.birthDate.slice(0, 4)),
      ).toBeGreaterThanOrEqual(20);
    }
  });

  it('writes a procedure catalogue in the national format, and the province fee policies', async () => {
    const catalogue = await world.procedures.db.select().from(procedureCatalogue);
    const agencyCodes = new Set((await world.procedures.db.select().from(agencies)).map((a) => a.code));
    expect(catalogue).toHaveLength(size.procedures);
    for (const p of catalogue) {
      expect(procedureCodeProblem(p.code), p.code).toBeNull();
      expect(agencyCodes.has(p.agencyCode), p.agencyCode).toBe(true);
      expect(p.processingDays).toBeGreaterThan(0);
    }
    const policies = (await world.procedures.db.select().from(feePolicies)).filter((p) => p.validTo === null);
    expect(policies).toHaveLength(34);
    expect(
      policies
        .filter((p) => p.discountPercent === 100)
        .map((p) => p.provinceCode)
        .sort(),
    ).toEqual(['01', '79', '86']);
    // data-stewards.md: the waiving provinces take nothing online, the others cut 20-50%.
    const cuts = policies.filter((p) => p.discountPercent !== 100).map((p) => p.discountPercent);
    expect(cuts).toHaveLength(31);
    expect(cuts.every((d) => d >= 20 && d <= 50)).toBe(true);
  });

  it('writes dossiers whose histories, due dates, fees, evidence and ratings follow the rules', async () => {
    const d = world.dossiers.db;
    const [rows, events, evidence] = await Promise.all([
      d.select().from(dossiers),
      d.select().from(dossierEvents).orderBy(dossierEvents.id),
      d.select().from(dossierEvidence),
    ]);
    const catalogue = new Map(
      (await world.procedures.db.select().from(procedureCatalogue)).map((p) => [p.code, p]),
    );
    const feeRows = await world.procedures.db.select().from(fees);
    const requirementRows = await world.procedures.db.select().from(requirements);
    const policies = await world.procedures.db.select().from(feePolicies);
    expect(rows).toHaveLength(size.dossiers);
    expect(new Set(rows.map((r) => r.status)).size).toBe(10);
    const historyOf = new Map<string, typeof events>();
    for (const e of events) historyOf.set(e.dossierCode, [...(historyOf.get(e.dossierCode) ?? []), e]);
    const evidenceOf = new Map<string, typeof evidence>();
    for (const e of evidence) evidenceOf.set(e.dossierCode, [...(evidenceOf.get(e.dossierCode) ?? []), e]);
    for (const dossier of rows) {
      expect(dossierCodeProblem(dossier.code), dossier.code).toBeNull();
      const procedure = catalogue.get(dossier.procedureCode);
      expect(procedure, dossier.procedureCode).toBeDefined();
      const history = historyOf.get(dossier.code) ?? [];
      expect(history[0]?.fromStatus).toBeNull();
      expect(history[0]?.toStatus).toBe(dossier.channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED');
      for (let i = 1; i < history.length; i += 1) {
        const [prev, next] = [history[i - 1], history[i]];
        expect(next?.fromStatus).toBe(prev?.toStatus);
        expect(allowedTransitions[prev?.toStatus as DossierStatus]).toContain(next?.toStatus);
        expect((next?.at as Date).getTime()).toBeGreaterThanOrEqual((prev?.at as Date).getTime());
      }
      expect(history.at(-1)?.toStatus).toBe(dossier.status);
      expect(dossier.version).toBe(history.length);
      expect(dossier.dueAt.getTime()).toBe(
        dueDateOf(dossier.receivedAt, procedure?.processingDays ?? 0).getTime(),
      );
      const finished = dossier.status === 'COMPLETED' || dossier.status === 'RESULT_RETURNED';
      if (!finished) expect(dossier.ratingScore).toBeNull();
      expect(finished === (dossier.completedAt !== null)).toBe(true);
      const quote = quoteFee(
        feeRows.filter((f) => f.procedureCode === dossier.procedureCode) as never,
        policyInForce(
          policies.filter((p) => p.provinceCode === dossier.provinceCode) as never,
          dossier.channel,
          vietnamDate(dossier.receivedAt),
        ),
        dossier.channel,
        vietnamDate(dossier.receivedAt),
      );
      expect(dossier.feeAmountDue).toBe(quote.amountDue);
      const wanted = requirementRows
        .filter((r) => r.procedureCode === dossier.procedureCode)
        .map((r) => r.id)
        .sort();
      expect((evidenceOf.get(dossier.code) ?? []).map((e) => e.requirementId).sort()).toEqual(wanted);
      expect(lifecyclePath(history[0]?.toStatus as DossierStatus, dossier.status)).not.toBeNull();
    }
    expect(rows.some((r) => r.ratingScore !== null)).toBe(true);
    expect(rows.some((r) => r.channel === 'ONLINE' && r.feeDiscountPercent > 0)).toBe(true);
  });

  it('points every reference across subgraphs at a record that exists', async () => {
    const personalIds = new Set(
      (await world.population.db.select({ id: citizens.personalId }).from(citizens)).map((r) => r.id),
    );
    const codes = new Set(
      (await world.business.db.select({ code: businesses.enterpriseCode }).from(businesses)).map(
        (r) => r.code,
      ),
    );
    const procedureCodes = new Set(
      (await world.procedures.db.select({ code: procedureCatalogue.code }).from(procedureCatalogue)).map(
        (r) => r.code,
      ),
    );
    const agencyCodes = new Set(
      (await world.procedures.db.select({ code: agencies.code }).from(agencies)).map((r) => r.code),
    );
    const reps = await world.business.db.select().from(legalRepresentatives);
    for (const r of reps) expect(personalIds.has(r.personalId), r.personalId).toBe(true);
    const rows = await world.dossiers.db.select().from(dossiers);
    const dossierCodes = new Set(rows.map((r) => r.code));
    for (const r of rows) {
      expect(procedureCodes.has(r.procedureCode), r.procedureCode).toBe(true);
      expect(agencyCodes.has(r.agencyCode), r.agencyCode).toBe(true);
      expect(Boolean(r.applicantPersonalId) !== Boolean(r.applicantEnterpriseCode)).toBe(true);
      if (r.applicantPersonalId)
        expect(personalIds.has(r.applicantPersonalId), r.applicantPersonalId).toBe(true);
      if (r.applicantEnterpriseCode)
        expect(codes.has(r.applicantEnterpriseCode), r.applicantEnterpriseCode).toBe(true);
    }
    const evidence = await world.dossiers.db.select().from(dossierEvidence);
    const documentRows = await world.documents.db.select().from(issuedDocuments);
    const documentIds = new Set(documentRows.map((d) => d.id));
    const blobHashes = new Set((await world.documents.db.select().from(blobs)).map((b) => b.sha256));
    const componentRows = await world.documents.db.select().from(components);
    const componentIds = new Set(componentRows.map((c) => c.id));
    for (const c of componentRows) {
      expect(blobHashes.has(c.sha256), c.sha256).toBe(true);
      expect(dossierCodes.has(c.dossierCode), c.dossierCode).toBe(true);
    }
    for (const d of documentRows) {
      expect(
        d.holderKind === 'CITIZEN' ? personalIds.has(d.holderId) : codes.has(d.holderId),
        d.holderId,
      ).toBe(true);
      expect(dossierCodes.has(d.dossierCode as string), d.dossierCode as string).toBe(true);
    }
    const bySource = new Map<string, number>();
    for (const e of evidence) {
      bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
      if (e.citizenId) expect(personalIds.has(e.citizenId), e.citizenId).toBe(true);
      if (e.enterpriseCode) expect(codes.has(e.enterpriseCode), e.enterpriseCode).toBe(true);
      if (e.priorDossierCode) expect(dossierCodes.has(e.priorDossierCode), e.priorDossierCode).toBe(true);
      if (e.documentId) expect(documentIds.has(e.documentId), e.documentId).toBe(true);
      if (e.componentId) expect(componentIds.has(e.componentId), e.componentId).toBe(true);
    }
    for (const source of [
      'CITIZEN_REGISTRY',
      'HOUSEHOLD_REGISTRY',
      'BUSINESS_REGISTRY',
      'E_DOCUMENT',
      'DIGITISED',
      'FORM',
      'PAPER',
    ])
      expect(bySource.get(source) ?? 0, source).toBeGreaterThan(0);
  });
});

describe('a generated world a data steward believes (reference/)', () => {
  it('puts every address in a ward listed for its province, and every province has its own wards', async () => {
    const people = await world.population.db.select().from(citizens);
    const firms = await world.business.db.select().from(businesses);
    const addresses = [
      ...people.flatMap((c) => [c.currentAddress, c.permanentAddress]),
      ...firms.map((b) => b.headOffice),
    ].filter((a): a is NonNullable<typeof a> => a !== null);
    for (const a of addresses) {
      const ward = findWard(a.wardCode ?? '');
      expect(ward?.provinceCode, `${a.wardCode} ${a.wardName}`).toBe(a.provinceCode);
      expect(ward?.name).toBe(a.wardName);
    }
    // A real ward name is used in one province only (the synthetic placeholders say so in their name).
    const provincesOfName = new Map<string, Set<string>>();
    for (const a of addresses)
      provincesOfName.set(
        a.wardName ?? '',
        (provincesOfName.get(a.wardName ?? '') ?? new Set()).add(a.provinceCode),
      );
    const shared = [...provincesOfName].filter(([name, set]) => set.size > 1 && !name.includes('Mô phỏng'));
    expect(shared).toEqual([]);
    expect([...provincesOfName.keys()].filter((n) => !n.includes('Mô phỏng')).length).toBeGreaterThan(20);
  });

  it('takes surnames from the father, Nguyễn about as often as in the population', async () => {
    const people = await world.population.db.select().from(citizens);
    const byId = new Map(people.map((c) => [c.personalId, c]));
    const surname = (name: string) => name.split(' ')[0];
    let children = 0;
    for (const c of people) {
      const father = c.fatherId ? byId.get(c.fatherId) : undefined;
      if (!father) continue;
      children += 1;
      expect(surname(c.fullName), c.personalId).toBe(surname(father.fullName));
    }
    expect(children).toBeGreaterThan(100);
    const nguyen = people.filter((c) => surname(c.fullName) === 'Nguyễn').length / people.length;
    expect(nguyen).toBeGreaterThan(0.3);
    expect(nguyen).toBeLessThan(0.46);
  });

  it('gives each personal ID a birth-registration code in force on the birth date', async () => {
    const people = await world.population.db.select().from(citizens);
    const afterMerger = people.filter((c) => c.birthDate >= mergerDate);
    for (const c of people) {
      const registration = c.personalId.slice(0, 3);
      if (c.birthDate >= mergerDate)
        expect(findProvince(registration.slice(1)), `${c.personalId} born ${c.birthDate}`).toBeDefined();
      else expect(findLegacyProvince(registration), c.personalId).toBeDefined();
    }
    // The data set does hold children born since the merger, each with a current province's code.
    expect(afterMerger.length).toBeGreaterThan(0);
  });

  it('names every business uniquely, in English by its legal form, with a main industry of its trade', async () => {
    const firms = await world.business.db.select().from(businesses);
    const industries = await world.business.db.select().from(businessIndustries);
    expect(new Set(firms.map((b) => b.name)).size).toBe(firms.length);
    const english = {
      SINGLE_MEMBER_LLC: / One Member Company Limited$/,
      MULTI_MEMBER_LLC: /[^r] Company Limited$/,
      JOINT_STOCK: / Joint Stock Company$/,
      PARTNERSHIP: / Partnership$/,
      PRIVATE_ENTERPRISE: / Private Enterprise$/,
    } as const;
    for (const b of firms) if (b.foreignName) expect(b.foreignName, b.name).toMatch(english[b.legalForm]);
    for (const b of firms) {
      const trade = businessTrades.find((t) => b.name.includes(` ${t.name} `));
      const main = industries.find((i) => i.enterpriseCode === b.enterpriseCode && i.main);
      expect(trade, b.name).toBeDefined();
      expect(trade?.mainIndustries, `${b.name}: main ${main?.code}`).toContain(main?.code);
    }
  });

  it('uses the real national codes, the agency e-IDs of the data file, and files every dossier where it may be', async () => {
    const catalogue = await world.procedures.db.select().from(procedureCatalogue);
    const byCode = new Map(catalogue.map((p) => [p.code, p]));
    for (const [name, code] of [
      ['Đăng ký khai sinh', '1.001193'],
      ['Đăng ký thường trú', '1.004222'],
      ['Đăng ký tạm trú', '1.004194'],
      ['Đăng ký kết hôn', '1.000894'],
      ['Đăng ký khai tử', '1.000656'],
      ['Đăng ký hộ kinh doanh', '1.001612'],
    ])
      expect(byCode.get(code as string)?.name).toBe(name);
    const localised = catalogue.filter((p) => p.code.length > 8);
    expect(localised.length).toBeGreaterThan(0);
    for (const p of localised) {
      expect(procedureCodeProblem(p.code)).toBeNull();
      expect(provinceOfAgency(p.code.slice(9)), p.code).toBeDefined();
      expect(provinceOfAgency(p.agencyCode)).toBe(provinceOfAgency(p.code.slice(9)));
    }
    const rows = await world.dossiers.db.select().from(dossiers);
    for (const d of rows) {
      const procedure = byCode.get(d.procedureCode);
      const place = filingPlaceOf({
        procedureCode: d.procedureCode,
        level: procedure?.level ?? 'PROVINCE',
        procedureAgency: procedure?.agencyCode ?? '',
        provinceCode: d.provinceCode,
        wardCode: procedure?.level === 'COMMUNE' ? wardOfPoint(d.agencyCode, d.provinceCode) : null,
      });
      expect(place, d.code).toEqual({ agencyCode: d.agencyCode });
    }
    const levels = new Set(rows.map((d) => byCode.get(d.procedureCode)?.level));
    expect([...levels].sort()).toEqual(['COMMUNE', 'PROVINCE']);
    const filed = await world.procedures.db.select().from(agencies);
    const agencyCodes = new Set(filed.map((a) => a.code));
    for (const d of rows) expect(agencyCodes.has(d.agencyCode), d.agencyCode).toBe(true);
  });
});

/** The ward a commune-level service point serves, read back from its code (9nn.00.00.Hnn). */
function wardOfPoint(agencyCode: string, provinceCode: string): string | null {
  const position = Number(agencyCode.slice(1, 3));
  return wardsOf(provinceCode).find((w) => w.position === position)?.code ?? null;
}
