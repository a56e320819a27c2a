import { minimumCell, roundCount } from '../subgraphs/dossiers/publishStatistics.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const world = generateWorld(demoSize);
let graph: InProcessSupergraph;

beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

const head = world.population.households.find((h) =>
  world.population.citizens.some((c) => c.householdId === h.id && c.relationshipToHead === 'Con'),
);
if (!head) throw new Error('the demo world has a household with children');

describe('population', () => {
  it('returns a citizen with household, members and parents', async () => {
    const child = world.population.citizens.find(
      (c) => c.householdId === head.id && c.relationshipToHead === 'Con',
    );
    const result = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) {
        personalId fullName birthDate gender nationality deceased
        permanentAddress { provinceCode provinceName full }
        household { id head { personalId } members { relationshipToHead citizen { personalId } } }
        father { personalId } mother { personalId }
      } }`,
      { id: child?.personalId },
    );
    expect(result.errors).toBeUndefined();
    const citizen = result.data?.citizen as Record<string, any>;
    expect(citizen.fullName).toBe(child?.fullName);
    expect(citizen.household.head.personalId).toBe(head.headId);
    const members = world.population.citizens.filter((c) => c.householdId === head.id);
    expect(citizen.household.members).toHaveLength(members.length);
    expect(citizen.household.members.map((m: any) => m.citizen.personalId).sort()).toEqual(
      members.map((m) => m.personalId).sort(),
    );
    expect([citizen.father?.personalId, citizen.mother?.personalId]).toContain(head.headId);
    expect(citizen.permanentAddress.full).toContain(citizen.permanentAddress.provinceName);
  });

  it('keeps the order of citizens(personalIds) and answers null where not found', async () => {
    const [a, b] = world.population.citizens;
    const missing = '001090999999';
    const result = await graph.query(
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids: [b?.personalId, missing, a?.personalId] },
    );
    expect(result.data?.citizens).toEqual([
      { personalId: b?.personalId },
      null,
      { personalId: a?.personalId },
    ]);
  });

  it('verifyCitizen answers per field and nothing more', async () => {
    const c = world.population.citizens[0];
    const query = `query($id: PersonalId!, $name: String!, $date: Date!) {
      verifyCitizen(personalId: $id, fullName: $name, birthDate: $date) { matches mismatchedFields } }`;
    const ok = await graph.query(query, {
      id: c?.personalId,
      name: `  ${c?.fullName.toLowerCase()} `,
      date: c?.birthDate,
    });
    expect(ok.data?.verifyCitizen).toEqual({ matches: true, mismatchedFields: [] });
    const wrong = await graph.query(query, { id: c?.personalId, name: 'Nguyễn Văn Sai', date: '1900-01-01' });
    expect(wrong.data?.verifyCitizen).toEqual({
      matches: false,
      mismatchedFields: ['fullName', 'birthDate'],
    });
    const unknown = await graph.query(query, { id: '001090999999', name: 'X', date: '1990-01-01' });
    expect(unknown.data?.verifyCitizen).toEqual({ matches: false, mismatchedFields: ['personalId'] });
  });

  it('refuses more than 100 personal IDs', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `001090${String(i).padStart(6, '0')}`);
    const result = await graph.query(
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });
});

describe('business', () => {
  const withRep = world.business.businesses[0];
  const rep = world.business.legalRepresentatives.find((r) => r.enterpriseCode === withRep?.enterpriseCode);

  it('resolves legal representatives from population and industries', async () => {
    const result = await graph.query(
      `query($code: EnterpriseCode!) { business(enterpriseCode: $code) {
        enterpriseCode name legalForm status charterCapital headOffice { provinceCode full }
        legalRepresentatives { personalId fullName }
        industries { code name main }
      } }`,
      { code: withRep?.enterpriseCode },
    );
    expect(result.errors).toBeUndefined();
    const b = result.data?.business as Record<string, any>;
    expect(b.name).toBe(withRep?.name);
    expect(b.charterCapital).toBe(withRep?.charterCapital);
    const citizen = world.population.citizens.find((c) => c.personalId === rep?.personalId);
    expect(b.legalRepresentatives).toContainEqual({
      personalId: rep?.personalId,
      fullName: citizen?.fullName,
    });
    expect(b.industries.filter((i: any) => i.main)).toHaveLength(1);
  });

  it('answers Citizen.representedBusinesses', async () => {
    const result = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { representedBusinesses { enterpriseCode } } }`,
      { id: rep?.personalId },
    );
    const expected = world.business.legalRepresentatives.filter((r) => r.personalId === rep?.personalId);
    expect(
      (result.data?.citizen as any).representedBusinesses.map((b: any) => b.enterpriseCode).sort(),
    ).toEqual(expected.map((r) => r.enterpriseCode).sort());
  });

  it('pages through businesses with cursors, ignoring case and diacritics in names', async () => {
    const query = `query($after: String) { businesses(first: 7, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { enterpriseCode } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const result = await graph.query(query, { after });
      const connection = result.data?.businesses as any;
      expect(connection.totalCount).toBe(world.business.businesses.length);
      seen.push(...connection.nodes.map((n: any) => n.enterpriseCode));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(world.business.businesses.map((b) => b.enterpriseCode).sort());

    const word = withRep?.name.split(' ').at(-1) ?? '';
    const folded = word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').toUpperCase();
    const byName = await graph.query(
      `query($n: String) { businesses(name: $n, first: 100) { totalCount nodes { name } } }`,
      {
        n: folded,
      },
    );
    const nodes = (byName.data?.businesses as any).nodes as Array<{ name: string }>;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.map((n) => n.name)).toContain(withRep?.name);
  });

  it('rejects a bad cursor and a page over 100', async () => {
    const bad = await graph.query(`{ businesses(after: "not-a-cursor") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const big = await graph.query(`{ businesses(first: 500) { totalCount } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });
});

describe('procedures', () => {
  it('quotes each fee item by its rule: national at its (online) rate, the province reducing only its own', async () => {
    // A procedure offered online with a provincial item (within the council's power) and a fee.
    const procedure = world.procedures.procedures.find(
      (p) =>
        p.onlineService !== 'NONE' &&
        world.procedures.fees.some(
          (f) => f.procedureCode === p.code && f.authority === 'PROVINCIAL' && Number(f.amount) > 0,
        ),
    );
    const items = world.procedures.fees.filter((f) => f.procedureCode === procedure?.code);
    const base = items.reduce((sum, f) => sum + Number(f.amount), 0);
    const policy = world.procedures.feePolicies.find((p) => p.provinceCode === '40' && p.validTo === null);
    const percent = policy?.discountPercent ?? 0;
    const due = items.reduce(
      (sum, f) =>
        sum +
        (f.authority === 'NATIONAL'
          ? Number(f.onlineAmount ?? f.amount)
          : Math.round((Number(f.amount) * (100 - percent)) / 100)),
      0,
    );
    const result = await graph.query(
      `query($code: String!) { procedure(code: $code) {
        online: feeQuote(provinceCode: "40", channel: ONLINE) { baseAmount discountPercent amountDue policy { legalBasis } lines { rule amountDue legalBasis } }
        counter: feeQuote(provinceCode: "40", channel: IN_PERSON) { baseAmount discountPercent amountDue policy { legalBasis } }
        requirements { id name evidence } fees { kind amount authority legalBasis } agency { code name }
      } }`,
      { code: procedure?.code },
    );
    expect(result.errors).toBeUndefined();
    const p = result.data?.procedure as any;
    expect(p.online).toMatchObject({
      baseAmount: String(base),
      discountPercent: percent,
      amountDue: String(due),
      policy: { legalBasis: policy?.legalBasis },
    });
    expect(p.online.lines).toHaveLength(items.length);
    for (const line of p.online.lines as Array<{ rule: string; legalBasis: string }>) {
      expect(['NATIONAL_RATE', 'NATIONAL_ONLINE_RATE', 'PROVINCIAL_REDUCTION']).toContain(line.rule);
      expect(line.legalBasis.length).toBeGreaterThan(0);
    }
    expect(p.counter).toEqual({
      baseAmount: String(base),
      discountPercent: 0,
      amountDue: String(base),
      policy: null,
    });
    expect(p.requirements.length).toBeGreaterThan(0);
  });

  it('quotes in Hà Nội, which waives its own online fees, a national fee in full and business registration free online', async () => {
    const quote = `query($code: String!, $p: String!) { procedure(code: $code) {
      feeQuote(provinceCode: $p, channel: ONLINE) { baseAmount amountDue discountPercent policy { legalBasis }
        lines { description baseAmount amountDue rule legalBasis } } } }`;
    const judicial = world.procedures.procedures.find((p) => p.name === 'Cấp Phiếu lý lịch tư pháp');
    const r1 = await graph.query(quote, { code: judicial?.code, p: '01' });
    expect(r1.errors).toBeUndefined();
    expect((r1.data?.procedure as any).feeQuote).toMatchObject({
      baseAmount: '200000',
      amountDue: '200000',
      discountPercent: 0,
      policy: null,
      lines: [
        {
          amountDue: '200000',
          rule: 'NATIONAL_RATE',
          legalBasis: expect.stringMatching(/16\/2025\/TT-BTC/),
        },
      ],
    });
    const company = world.procedures.procedures.find((p) => p.name.startsWith('Đăng ký thành lập công ty'));
    const r2 = await graph.query(quote, { code: company?.code, p: '01' });
    expect((r2.data?.procedure as any).feeQuote.lines).toEqual([
      expect.objectContaining({ baseAmount: '50000', amountDue: '0', rule: 'NATIONAL_ONLINE_RATE' }),
      expect.objectContaining({ baseAmount: '100000', amountDue: '100000', rule: 'NATIONAL_RATE' }),
    ]);
    // A provincial item in Hà Nội online: waived (100%), citing the province's resolution.
    const land = world.procedures.procedures.find((p) => p.name === 'Cấp giấy phép xây dựng nhà ở riêng lẻ');
    const r3 = await graph.query(quote, { code: land?.code, p: '01' });
    expect((r3.data?.procedure as any).feeQuote).toMatchObject({
      amountDue: '0',
      discountPercent: 100,
      lines: [
        { rule: 'PROVINCIAL_REDUCTION', legalBasis: expect.stringMatching(/NQ-HĐND.*Luật Phí và lệ phí/) },
      ],
    });
  });

  it('refuses an online quote for a procedure not offered online', async () => {
    const offline = world.procedures.procedures.find((p) => p.onlineService === 'NONE');
    const result = await graph.query(
      `query($code: String!) { procedure(code: $code) { feeQuote(provinceCode: "40", channel: ONLINE) { amountDue } } }`,
      { code: offline?.code },
    );
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([
      ['BAD_USER_INPUT', 'NOT_OFFERED_ONLINE'],
    ]);
  });

  it('searches the catalogue without diacritics and lists province policies', async () => {
    const result =
      await graph.query(`{ procedures(search: "dang ky khai sinh", first: 100) { totalCount nodes { name } }
      feePolicies(provinceCode: "01") { channel discountPercent validFrom validTo legalBasis } }`);
    const found = result.data?.procedures as any;
    expect(found.totalCount).toBeGreaterThan(0);
    for (const n of found.nodes) expect(n.name).toContain('Đăng ký khai sinh');
    expect((result.data?.feePolicies as any[]).some((p) => p.discountPercent === 100)).toBe(true);
  });

  it('rejects a malformed procedure code and province code', async () => {
    const result = await graph.query(`{ procedure(code: "1.2.3") { name } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const province = await graph.query(`{ feePolicies(provinceCode: "99") { channel } }`);
    expect(province.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('dossiers', () => {
  it('serves a worklist touching all four subgraphs, with filters', async () => {
    const result = await graph.query(`{ dossiers(first: 20, status: IN_PROGRESS) {
      totalCount nodes { code status nationalStatusCode procedure { name } agency { name }
        applicant { __typename ... on Citizen { fullName } ... on Business { name } }
        evidence { source citizen { fullName } business { name } } } } }`);
    expect(result.errors).toBeUndefined();
    const connection = result.data?.dossiers as any;
    expect(connection.totalCount).toBe(
      world.dossiers.dossiers.filter((d) => d.status === 'IN_PROGRESS').length,
    );
    for (const d of connection.nodes) {
      expect(d.status).toBe('IN_PROGRESS');
      expect(d.nationalStatusCode).toBe(4);
      expect(d.procedure.name).toBeTruthy();
      expect(d.agency.name).toBeTruthy();
      expect(d.applicant.fullName ?? d.applicant.name).toBeTruthy();
      for (const e of d.evidence) {
        if (e.source === 'CITIZEN_REGISTRY') expect(e.citizen.fullName).toBeTruthy();
        if (e.source === 'BUSINESS_REGISTRY') expect(e.business.name).toBeTruthy();
      }
    }
  });

  it('agrees with itself on overdue: the filter and the field', async () => {
    const result =
      await graph.query(`{ yes: dossiers(overdue: true, first: 100) { totalCount nodes { overdue } }
      no: dossiers(overdue: false, first: 100) { totalCount nodes { overdue } } all: dossiers { totalCount } }`);
    const data = result.data as any;
    expect(data.yes.nodes.every((n: any) => n.overdue)).toBe(true);
    expect(data.no.nodes.every((n: any) => !n.overdue)).toBe(true);
    expect(data.yes.totalCount + data.no.totalCount).toBe(data.all.totalCount);
    expect(data.yes.totalCount).toBeGreaterThan(0);
  });

  it('tracks a dossier publicly without applicant data', async () => {
    const d = world.dossiers.dossiers[5];
    const result = await graph.query(
      `query($c: String!) { trackDossier(code: $c) { code status nationalStatusCode dueAt procedure { name } } }`,
      {
        c: d?.code,
      },
    );
    expect(result.data?.trackDossier).toMatchObject({ code: d?.code, status: d?.status });
    const leak = await graph.query(
      `query($c: String!) { trackDossier(code: $c) { applicant { __typename } } }`,
      { c: d?.code },
    );
    expect(leak.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('lists a citizen’s and a business’s dossiers, newest first', async () => {
    const byCitizen = new Map<string, number>();
    for (const d of world.dossiers.dossiers)
      if (d.applicantPersonalId)
        byCitizen.set(d.applicantPersonalId, (byCitizen.get(d.applicantPersonalId) ?? 0) + 1);
    const [id, count] = [...byCitizen.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const result = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { dossiers(first: 2) { totalCount pageInfo { hasNextPage } nodes { receivedAt } } } }`,
      { id },
    );
    const connection = (result.data?.citizen as any).dossiers;
    expect(connection.totalCount).toBe(count);
    expect(connection.pageInfo.hasNextPage).toBe(count > 2);
    const [first, second] = connection.nodes.map((n: any) => Date.parse(n.receivedAt));
    if (second !== undefined) expect(first).toBeGreaterThanOrEqual(second);

    const bd = world.dossiers.dossiers.find((d) => d.applicantEnterpriseCode);
    const business = await graph.query(
      `query($c: EnterpriseCode!) { business(enterpriseCode: $c) { dossiers { totalCount nodes { code } } } }`,
      { c: bd?.applicantEnterpriseCode },
    );
    expect((business.data?.business as any).dossiers.nodes.map((n: any) => n.code)).toContain(bd?.code);
  });

  it('computes statistics that match the records', async () => {
    const all = world.dossiers.dossiers;
    const evidence = world.dossiers.dossierEvidence;
    const rated = all.filter((d) => d.ratingScore != null);
    const result =
      await graph.query(`{ dossierStatistics { total online fullyOnline completedOnTime completedLate
      paperlessRequirements totalRequirements averageRating ratings } }`);
    const stats = result.data?.dossierStatistics as any;
    // Published rounded to multiples of 5, the mean to one decimal (see publishStatistics).
    expect(stats.total).toBe(roundCount(all.length));
    expect(stats.online).toBe(roundCount(all.filter((d) => d.channel === 'ONLINE').length));
    expect(stats.fullyOnline).toBe(roundCount(all.filter((d) => d.fullyOnline).length));
    expect(stats.completedOnTime).toBe(
      roundCount(all.filter((d) => d.completedAt && d.completedAt <= d.dueAt).length),
    );
    expect(stats.completedLate).toBe(
      roundCount(all.filter((d) => d.completedAt && d.completedAt > d.dueAt).length),
    );
    expect(stats.totalRequirements).toBe(roundCount(evidence.length));
    expect(stats.paperlessRequirements).toBe(roundCount(evidence.filter((e) => e.source !== 'PAPER').length));
    expect(stats.ratings).toBe(roundCount(rated.length));
    expect(stats.averageRating).toBe(
      Math.round((rated.reduce((s, d) => s + (d.ratingScore ?? 0), 0) / rated.length) * 10) / 10,
    );

    const code = all[0]?.procedureCode;
    const perProcedure = await graph.query(
      `query($c: String!) { procedure(code: $c) { statistics { total } } }`,
      { c: code },
    );
    const filed = all.filter((d) => d.procedureCode === code).length;
    expect((perProcedure.data?.procedure as any).statistics.total).toBe(
      filed < minimumCell ? 0 : roundCount(filed),
    );
  });

  it('filters statistics by whole months of Vietnam dates', async () => {
    const d = world.dossiers.dossiers[100];
    const day = new Date((d?.receivedAt as Date).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const expected = world.dossiers.dossiers.filter(
      (x) =>
        new Date((x.receivedAt as Date).getTime() + 7 * 3600_000).toISOString().slice(0, 7) ===
        day.slice(0, 7),
    ).length;
    const result = await graph.query(
      `query($d: Date) { dossierStatistics(from: $d, to: $d) { total from to } }`,
      { d: day },
    );
    const stats = result.data?.dossierStatistics as any;
    expect(stats.total).toBe(expected < minimumCell ? 0 : roundCount(expected));
    expect(stats.from).toBe(`${day.slice(0, 7)}-01`);
    expect(stats.to.slice(0, 7)).toBe(day.slice(0, 7));
    const reversed = await graph.query(
      `{ dossierStatistics(from: "2025-02-01", to: "2025-01-01") { total } }`,
    );
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
