import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from './support/slow.ts';
import { and, eq } from 'drizzle-orm';
import { businesses, legalRepresentatives } from '../drizzle/business.ts';
import { dossierEvents, dossierSequences, dossiers } from '../drizzle/dossiers.ts';
import { citizens } from '../drizzle/population.ts';
import { fees, procedureCatalogue } from '../drizzle/procedures.ts';
import { generateWorld } from '../seed/generateWorld.ts';
import { ImportRejected, importRecords, type ImportKind } from '../seed/importRecords.ts';
import { runSeedCommand } from '../seed/seedCommand.ts';
import { tableDigests } from '../seed/tableDigests.ts';
import { demoSize } from '../seed/worldSize.ts';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import { projectRoot } from '../runtime/env.ts';
import { subgraphNames, type SubgraphName } from '../runtime/subgraphNames.ts';
import { openTestDb } from './support/testDatabase.ts';

const world = generateWorld(demoSize);
const dir = mkdtempSync(path.join(os.tmpdir(), 'import-test-'));
const handles = {} as Record<SubgraphName, DbHandle>;

beforeAll(async () => {
  for (const subgraph of subgraphNames) handles[subgraph] = await openTestDb(subgraph);
});
afterAll(async () => {
  await Promise.allSettled(Object.values(handles).map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
const importFile = (kind: ImportKind, at: string, skipInvalid = false) =>
  importRecords({ kind, file: at, handles, skipInvalid });
const digests = async () => {
  const all: Record<string, unknown> = {};
  for (const subgraph of subgraphNames) all[subgraph] = await tableDigests(subgraph, handles[subgraph]);
  return all;
};

// Valid new citizens: Hà Nội birth registration (001), male born 1990 (digit 2), female born 2001 (3).
const citizenHeader =
  'personalId,fullName,birthDate,gender,currentProvinceCode,currentWardCode,currentWardName,currentStreet,fatherId';
const goodCitizens = [
  '001090900001,Nguyễn Văn Nhập,1990-05-17,MALE,01,01108,Phường Ba Đình,"Số 1, phố Điện Biên Phủ",',
  '001301900002,Trần Thị Khẩu,2001-11-02,FEMALE,79,79101,Phường Sài Gòn,Số 9 Lê Lợi,001090900001',
];
const badCitizens = [
  '001090900003,Lê Văn Sai Năm,1991-05-17,MALE,01,,,,', // the ID says 1990
  '999090900004,Phạm Văn Tỉnh,1990-01-01,MALE,01,,,,', // 999 is no province of birth registration
  '001090900005,,1990-01-01,MALE,99,,,,', // no name, no such province
];

describe('import of stewards’ records', () => {
  it('loads valid citizens from CSV, and a second import of the same file changes nothing', async () => {
    const at = file('citizens.csv', [citizenHeader, ...goodCitizens].join('\n'));
    const first = await importFile('citizens', at);
    expect(first).toMatchObject({ written: 2, inserted: 2, problems: [] });
    const [row] = await handles.population.db
      .select()
      .from(citizens)
      .where(eq(citizens.personalId, '001301900002'));
    expect(row).toMatchObject({ fullName: 'Trần Thị Khẩu', fatherId: '001090900001', nationality: 'VN' });
    expect(row?.currentAddress).toMatchObject({ provinceCode: '79', street: 'Số 9 Lê Lợi' });
    const before = await digests();
    const second = await importFile('citizens', at);
    expect(second).toMatchObject({ written: 2, inserted: 0 });
    expect(await digests()).toEqual(before);
  });

  it('rejects a file with bad rows whole, naming line, column and reason, and writes nothing', async () => {
    const at = file(
      'bad-citizens.csv',
      [citizenHeader, '001090900010,Đỗ Văn Tốt,1990-02-02,MALE,01,,,,', ...badCitizens].join('\n'),
    );
    const before = await digests();
    const error = await importFile('citizens', at).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejected);
    const problems = (error as ImportRejected).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { line: 3, column: 'personalId', reason: expect.stringContaining('birth year 1990') },
        { line: 4, column: 'personalId', reason: expect.stringContaining("'999'") },
        { line: 5, column: 'fullName', reason: 'is required' },
        { line: 5, column: 'currentProvinceCode', reason: expect.stringContaining('34 province codes') },
      ]),
    );
    expect(await digests()).toEqual(before);
  });

  it('with skipInvalid writes the valid rows and reports the others', async () => {
    const at = file(
      'mixed-citizens.jsonl',
      [
        JSON.stringify({
          personalId: '001090900020',
          fullName: 'Vũ Văn Lọc',
          birthDate: '1990-03-03',
          gender: 'MALE',
        }),
        JSON.stringify({
          personalId: '001090900021',
          fullName: 'Vũ Văn Lỗi',
          birthDate: '1990-03-03',
          gender: 'FEMALE',
        }),
        'not json',
        JSON.stringify({
          personalId: '001090900022',
          fullName: 'Vũ Văn Thừa',
          birthDate: '1990-03-03',
          gender: 'MALE',
          shoeSize: 42,
        }),
      ].join('\n'),
    );
    const report = await importFile('citizens', at, true);
    expect(report.written).toBe(1);
    expect(report.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'personalId'],
      [3, '(row)'],
      [4, 'shoeSize'],
    ]);
    const written = await handles.population.db
      .select()
      .from(citizens)
      .where(eq(citizens.personalId, '001090900020'));
    expect(written).toHaveLength(1);
  });

  it('loads businesses with representatives who must exist in the population database', async () => {
    const adult = world.business.legalRepresentatives[0]?.personalId ?? '';
    const header =
      'enterpriseCode,name,legalForm,status,foundedOn,headOfficeProvinceCode,charterCapital,representatives,industries';
    const at = file(
      'businesses.csv',
      [
        header,
        `0109999982,Công ty TNHH Nhập Liệu,MULTI_MEMBER_LLC,ACTIVE,2020-01-01,01,5000000000,${adult}:Giám đốc,6201;7020`,
        `0109999983,Công ty TNHH Sai Số,MULTI_MEMBER_LLC,ACTIVE,2020-01-01,01,5000000000,${adult},6201`,
        `0109999975,Công ty TNHH Ma,MULTI_MEMBER_LLC,ACTIVE,2020-01-01,01,5000000000,001090999999,6201`,
      ].join('\n'),
    );
    const error = (await importFile('businesses', at).catch((e: unknown) => e)) as ImportRejected;
    expect(error.problems).toEqual([
      { line: 3, column: 'enterpriseCode', reason: expect.stringContaining('check digit') },
      {
        line: 4,
        column: 'representatives',
        reason: "'001090999999' does not exist in the population database",
      },
    ]);
    const report = await importFile('businesses', at, true);
    expect(report).toMatchObject({ written: 1, inserted: 1 });
    const reps = await handles.business.db
      .select()
      .from(legalRepresentatives)
      .where(eq(legalRepresentatives.enterpriseCode, '0109999982'));
    expect(reps).toEqual([{ enterpriseCode: '0109999982', personalId: adult, position: 'Giám đốc' }]);
    const [firm] = await handles.business.db
      .select()
      .from(businesses)
      .where(eq(businesses.enterpriseCode, '0109999982'));
    expect(firm?.searchName).toContain('nhap lieu');
  });

  it('loads procedures with fees and requirements from JSON Lines, idempotently', async () => {
    const agency = world.procedures.agencies[0]?.code;
    const record = {
      code: '1.999901',
      name: 'Thủ tục nhập thử',
      sector: 'Hộ tịch',
      agencyCode: agency,
      level: 'CENTRAL',
      onlineService: 'FULL',
      processingDays: 5,
      fees: [
        {
          kind: 'FEE',
          amount: 50000,
          description: 'Phí thẩm định',
          authority: 'PROVINCIAL',
          legalBasis: 'NQ thử',
        },
        // An item reference/fee-rules.json knows needs neither.
        { kind: 'CHARGE', amount: 50000, description: 'Lệ phí đăng ký doanh nghiệp' },
      ],
      requirements: [{ name: 'Tờ khai', originals: 1, copies: 0, evidence: 'PAPER' }],
    };
    const at = file('procedures.jsonl', `${JSON.stringify(record)}\n`);
    expect(await importFile('procedures', at)).toMatchObject({ written: 1, inserted: 1 });
    const before = await digests();
    expect(await importFile('procedures', at)).toMatchObject({ written: 1, inserted: 0 });
    expect(await digests()).toEqual(before);
    const feeRows = await handles.procedures.db.select().from(fees).where(eq(fees.procedureCode, '1.999901'));
    expect(
      feeRows.map((f) => [f.amount, f.authority, f.onlineAmount, f.legalBasis.slice(0, 19)]).sort(),
    ).toEqual([
      ['50000', 'NATIONAL', '0', 'Thông tư 47/2019/TT'],
      ['50000', 'PROVINCIAL', null, 'NQ thử'],
    ]);
    // An item whose authority is neither given nor known is refused, naming the fees column.
    const unknown = file(
      'unknown-fee.jsonl',
      `${JSON.stringify({ ...record, code: '1.999902', fees: [{ kind: 'FEE', amount: 1, description: 'Phí lạ' }] })}\n`,
    );
    const refused = (await importFile('procedures', unknown).catch((e: unknown) => e)) as ImportRejected;
    expect(refused.problems.map((p) => [p.column, p.reason])).toEqual([
      ['fees', expect.stringMatching(/give authority .* and legalBasis/)],
    ]);
    const bad = file(
      'bad-procedures.jsonl',
      `${JSON.stringify({ ...record, code: '1.99', agencyCode: 'NOWHERE' })}\n`,
    );
    const error = (await importFile('procedures', bad).catch((e: unknown) => e)) as ImportRejected;
    expect(error.problems.map((p) => p.column)).toEqual(['code']);
    const [stored] = await handles.procedures.db
      .select()
      .from(procedureCatalogue)
      .where(eq(procedureCatalogue.code, '1.999901'));
    expect(stored?.name).toBe('Thủ tục nhập thử');
  });

  it('loads dossiers whose procedure and applicant exist, with their lifecycle history', async () => {
    const citizen = world.dossiers.dossiers.find((d) => d.applicantPersonalId)?.applicantPersonalId;
    const procedure = world.procedures.procedures[0]?.code;
    const base = {
      procedureCode: procedure,
      agencyCode: '000.00.00.H26',
      provinceCode: '01',
      channel: 'IN_PERSON',
      receivedAt: '2026-09-01T08:00:00+07:00',
      dueAt: '2026-09-10T17:00:00+07:00',
      feeAmountDue: 0,
      feeDiscountPercent: 0,
    };
    const lines = [
      {
        ...base,
        code: '000.00.00.H26-260901-9001',
        applicantPersonalId: citizen,
        status: 'COMPLETED',
        completedAt: '2026-09-05T10:00:00+07:00',
      },
      { ...base, code: '000.00.00.H26-260901-9002', applicantPersonalId: '001090999998', status: 'RECEIVED' },
      { ...base, code: '000.00.00.H26-260901-9003', applicantPersonalId: citizen, status: 'NOT_ACCEPTED' },
    ];
    const at = file('dossiers.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    const error = (await importFile('dossiers', at).catch((e: unknown) => e)) as ImportRejected;
    expect(error.problems).toEqual([
      {
        line: 2,
        column: 'applicantPersonalId',
        reason: "'001090999998' does not exist in the population database",
      },
      { line: 3, column: 'status', reason: 'a dossier filed IN_PERSON cannot reach NOT_ACCEPTED' },
    ]);
    expect(await importFile('dossiers', at, true)).toMatchObject({ written: 1, inserted: 1 });
    const history = await handles.dossiers.db
      .select()
      .from(dossierEvents)
      .where(eq(dossierEvents.dossierCode, '000.00.00.H26-260901-9001'))
      .orderBy(dossierEvents.id);
    expect(history.map((e) => e.toStatus)).toEqual(['RECEIVED', 'IN_PROGRESS', 'COMPLETED']);
    // The agency's day counts on past the imported code: a submission that day takes 9002.
    const [counter] = await handles.dossiers.db
      .select()
      .from(dossierSequences)
      .where(and(eq(dossierSequences.agencyCode, '000.00.00.H26'), eq(dossierSequences.day, '260901')));
    expect(counter?.last).toBe(9001);
    const before = await digests();
    expect(await importFile('dossiers', at, true)).toMatchObject({ written: 1, inserted: 0 });
    expect(await digests()).toEqual(before);
    const [row] = await handles.dossiers.db
      .select()
      .from(dossiers)
      .where(eq(dossiers.code, '000.00.00.H26-260901-9001'));
    expect(row?.version).toBe(3);
  });
});

describe('npm run seed (the command line)', () => {
  it(
    'seeds, refuses to seed twice, and imports with exit codes and a report',
    async () => {
      // In-process on databases of its own (opening four embedded databases per command is what made
      // this slow); the entry itself runs below.
      const own = {} as Record<SubgraphName, DbHandle>;
      for (const subgraph of subgraphNames) own[subgraph] = await openTestDb(subgraph);
      const run = async (...argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const status = await runSeedCommand(argv, {
          // The command closes what it opens; these stay open for the next command and the checks.
          openHandles: async (names) =>
            Object.fromEntries(names.map((n) => [n, { ...own[n], close: async () => {} }])),
          log: (line) => out.push(line),
          error: (line) => err.push(line),
        });
        return { status, stdout: out.join('\n'), stderr: err.join('\n') };
      };
      try {
        const size = ['--citizens', '300', '--businesses', '30', '--procedures', '40', '--dossiers', '200'];
        const seeded = await run(...size, '--reset');
        expect(seeded.stdout).toMatch(/seeded in [\d.]+ s, peak RSS \d+ MiB/);
        expect(seeded.stdout).toMatch(/population\.citizens +300 rows/);
        expect(seeded.status).toBe(0);
        const refused = await run(...size);
        expect(refused.status).toBe(3);
        expect(refused.stderr).toContain('pass --reset');

        const bad = file('cli-bad.csv', [citizenHeader, ...badCitizens].join('\n'));
        const rejected = await run('import', '--kind', 'citizens', bad);
        expect(rejected.status).toBe(4);
        expect(rejected.stderr).toContain('line 2, personalId: the ID encodes birth year 1990');
        expect(rejected.stderr).toContain('nothing was written');
        const good = file('cli-good.csv', [citizenHeader, ...goodCitizens].join('\n'));
        const imported = await run('import', '--kind', 'citizens', good);
        expect(imported.stdout).toContain('imported 2 citizens (2 new, 0 updated)');
        expect(imported.status).toBe(0);
        const skipping = await run('import', '--kind', 'citizens', '--skip-invalid', bad);
        expect(skipping.status).toBe(0);
        expect(skipping.stderr).toContain('line 3, personalId');
        expect(skipping.stdout).toContain('imported 0 citizens (0 new, 0 updated); 3 invalid rows skipped');
        expect((await run('import', '--kind', 'people', good)).status).toBe(2);
        expect((await run('--citizens', 'many')).status).toBe(2);
      } finally {
        await Promise.allSettled(Object.values(own).map((h) => h.close()));
      }
    },
    slow(300_000),
  );

  it('is wired to its exit code by the real entry, bin/seed.ts', () => {
    const entry = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'bin/seed.ts', ...args], {
        cwd: projectRoot,
        env: { ...process.env, NODE_ENV: 'development', DATA_DIR: path.join(dir, 'entry-data') },
        encoding: 'utf8',
        timeout: slow(120_000),
      });
    const wrong = entry('import', '--kind', 'people', 'x.csv');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--kind must be one of citizens, businesses, procedures, dossiers');
    expect(wrong.stderr).toContain('usage:');
  });
});
