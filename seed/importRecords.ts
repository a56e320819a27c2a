import { parse as parseCsv } from 'csv-parse';
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { businessIndustries, businesses, legalRepresentatives } from '../drizzle/business.ts';
import { dossierEvents, dossierSequences, dossiers } from '../drizzle/dossiers.ts';
import { parseDossierCode } from '../runtime/dossierCode.ts';
import { citizens } from '../drizzle/population.ts';
import { fees, procedureCatalogue, requirements } from '../drizzle/procedures.ts';
import type { Db, DbHandle } from '../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import {
  recordParsers,
  type BusinessRecord,
  type CitizenRecord,
  type DossierRecord,
  type ParsedRecord,
  type ProcedureRecord,
  type RecordParser,
} from './recordParsers.ts';

export const importKinds = ['citizens', 'businesses', 'procedures', 'dossiers'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ImportProblem {
  /** The line of the file (CSV: where the record ends; the header is line 1). */
  line: number;
  column: string;
  reason: string;
}

export interface ImportReport {
  /** Records inserted or updated. */
  written: number;
  inserted: number;
  problems: ImportProblem[];
}

/** The file had invalid rows and `skipInvalid` was not given: nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `rejected: ${problems.length} problem(s) in the file; nothing was written (--skip-invalid writes the valid rows)`,
    );
  }
}

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  handles: Partial<Record<SubgraphName, DbHandle>>;
  skipInvalid?: boolean;
}

/** Records per statement batch. */
const batchSize = 500;

/** Records of a CSV (header row of column names) or JSON Lines file, one at a time with its line. */
async function* readRecords(
  file: string,
): AsyncGenerator<{ line: number; raw: Record<string, unknown> | Error }> {
  if (/\.jsonl$/i.test(file)) {
    let line = 0;
    for await (const text of createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Infinity,
    })) {
      line += 1;
      if (!text.trim()) continue;
      try {
        const value: unknown = JSON.parse(text);
        yield {
          line,
          raw:
            value && typeof value === 'object' && !Array.isArray(value)
              ? (value as Record<string, unknown>)
              : new Error('expected a JSON object'),
        };
      } catch (error) {
        yield { line, raw: new Error(`not JSON: ${(error as Error).message}`) };
      }
    }
    return;
  }
  const parser = createReadStream(file).pipe(
    parseCsv({
      columns: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, unknown>;
    info: { lines: number };
  }>)
    yield { line: info.lines, raw: record };
}

/** `SET col = excluded.col` for every column but the key, for upserts. */
function excludedSet(table: PgTable, key: string): Record<string, SQL> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([name]) => name !== key)
      .map(([name, column]) => [name, sql.raw(`excluded."${column.name}"`)]),
  );
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
const wasInserted = { inserted: sql<boolean>`(xmax = 0)` };

/** Upserts one batch of a kind's records; returns how many were new. */
const writers = {
  async citizens(tx: Tx, records: CitizenRecord[]) {
    const rows = await tx
      .insert(citizens)
      .values(records)
      .onConflictDoUpdate({ target: citizens.personalId, set: excludedSet(citizens, 'personalId') })
      .returning(wasInserted);
    return rows.filter((r) => r.inserted).length;
  },
  async businesses(tx: Tx, records: BusinessRecord[]) {
    const codes = records.map((r) => r.business.enterpriseCode);
    const rows = await tx
      .insert(businesses)
      .values(records.map((r) => r.business))
      .onConflictDoUpdate({
        target: businesses.enterpriseCode,
        set: excludedSet(businesses, 'enterpriseCode'),
      })
      .returning(wasInserted);
    await tx.delete(legalRepresentatives).where(inArray(legalRepresentatives.enterpriseCode, codes));
    await tx.delete(businessIndustries).where(inArray(businessIndustries.enterpriseCode, codes));
    const representatives = records.flatMap((r) => r.representatives);
    const industries = records.flatMap((r) => r.industries);
    if (representatives.length) await tx.insert(legalRepresentatives).values(representatives);
    if (industries.length) await tx.insert(businessIndustries).values(industries);
    return rows.filter((r) => r.inserted).length;
  },
  async procedures(tx: Tx, records: ProcedureRecord[]) {
    const codes = records.map((r) => r.procedure.code);
    const rows = await tx
      .insert(procedureCatalogue)
      .values(records.map((r) => r.procedure))
      .onConflictDoUpdate({ target: procedureCatalogue.code, set: excludedSet(procedureCatalogue, 'code') })
      .returning(wasInserted);
    await tx.delete(fees).where(inArray(fees.procedureCode, codes));
    await tx.delete(requirements).where(inArray(requirements.procedureCode, codes));
    const feeRows = records.flatMap((r) => r.fees);
    const requirementRows = records.flatMap((r) => r.requirements);
    if (feeRows.length) await tx.insert(fees).values(feeRows);
    if (requirementRows.length) await tx.insert(requirements).values(requirementRows);
    return rows.filter((r) => r.inserted).length;
  },
  async dossiers(tx: Tx, records: DossierRecord[]) {
    const rows = await tx
      .insert(dossiers)
      .values(records.map((r) => r.dossier))
      .onConflictDoUpdate({ target: dossiers.code, set: excludedSet(dossiers, 'code') })
      .returning({ code: dossiers.code, ...wasInserted });
    // A new dossier gets its history; one imported before keeps the history it has.
    const fresh = new Set(rows.filter((r) => r.inserted).map((r) => r.code));
    const events = records.filter((r) => fresh.has(r.dossier.code)).flatMap((r) => r.events);
    if (events.length) await tx.insert(dossierEvents).values(events);
    // Each agency's day goes on counting past every code imported for it: a submission after the
    // import never takes a number an imported dossier already holds.
    const highest = new Map<string, { agencyCode: string; day: string; last: number }>();
    for (const { dossier } of records) {
      const parsed = parseDossierCode(dossier.code);
      if (!parsed) continue;
      const key = `${parsed.agencyCode} ${parsed.day}`;
      if ((highest.get(key)?.last ?? 0) < parsed.sequence)
        highest.set(key, { agencyCode: parsed.agencyCode, day: parsed.day, last: parsed.sequence });
    }
    if (highest.size)
      await tx
        .insert(dossierSequences)
        .values([...highest.values()])
        .onConflictDoUpdate({
          target: [dossierSequences.agencyCode, dossierSequences.day],
          set: { last: sql`greatest(${dossierSequences.last}, excluded.last)` },
        });
    return fresh.size;
  },
};

/** Which referenced records are missing, looked up in their subgraphs' databases one batch at a time. */
async function missingReferences(
  batch: Array<{ line: number; parsed: ParsedRecord<unknown> }>,
  handles: ImportOptions['handles'],
  tx: Tx,
  own: SubgraphName,
): Promise<ImportProblem[]> {
  const groups = new Map<
    string,
    { subgraph: SubgraphName; table: PgTable; key: string; values: Set<string> }
  >();
  for (const { parsed } of batch)
    for (const ref of parsed.references) {
      const id = `${ref.subgraph}:${getTableConfig(ref.table).name}:${ref.key}`;
      const group = groups.get(id) ?? {
        subgraph: ref.subgraph,
        table: ref.table,
        key: ref.key,
        values: new Set(),
      };
      group.values.add(ref.value);
      groups.set(id, group);
    }
  const found = new Map<PgTable, Set<string>>();
  for (const group of groups.values()) {
    const db = group.subgraph === own ? tx : handles[group.subgraph]?.db;
    if (!db) throw new Error(`the ${group.subgraph} database is needed to check references`);
    const column = getTableColumns(group.table)[group.key];
    if (!column) throw new Error(`no column ${group.key}`);
    const rows = await db
      .select({ value: column })
      .from(group.table)
      .where(inArray(column, [...group.values]));
    const set = found.get(group.table) ?? new Set();
    for (const row of rows) set.add(String(row.value));
    found.set(group.table, set);
  }
  const problems: ImportProblem[] = [];
  for (const { line, parsed } of batch)
    for (const ref of parsed.references)
      if (!found.get(ref.table)?.has(ref.value))
        problems.push({
          line,
          column: ref.column,
          reason: `'${ref.value}' does not exist in the ${ref.subgraph} database`,
        });
  return problems;
}

/**
 * Streams a stewards' file into its subgraph's database in one transaction, validating every row with
 * the API's own validators and checking that what it refers to exists. Any invalid row rejects the
 * whole file (rolled back, nothing written) unless `skipInvalid`, which writes the valid rows and
 * reports the others. Records are upserted by their key, so importing a file twice changes nothing.
 */
export function importRecords(options: ImportOptions): Promise<ImportReport> {
  switch (options.kind) {
    case 'citizens':
      return importFile(recordParsers.citizens, writers.citizens, options);
    case 'businesses':
      return importFile(recordParsers.businesses, writers.businesses, options);
    case 'procedures':
      return importFile(recordParsers.procedures, writers.procedures, options);
    case 'dossiers':
      return importFile(recordParsers.dossiers, writers.dossiers, options);
  }
}

/** importRecords for one kind: its parser and its writer agree on the record type. */
async function importFile<R>(
  parser: RecordParser<R>,
  write: (tx: Tx, records: R[]) => Promise<number>,
  options: ImportOptions,
): Promise<ImportReport> {
  const handle = options.handles[parser.subgraph];
  if (!handle) throw new Error(`the ${parser.subgraph} database is not open`);
  const report: ImportReport = { written: 0, inserted: 0, problems: [] };
  const seen = new Map<string, number>();
  await handle.db.transaction(async (tx) => {
    let batch: Array<{ line: number; record: R; parsed: ParsedRecord<R> }> = [];
    const writeBatch = async () => {
      const missing = await missingReferences(batch, options.handles, tx, parser.subgraph);
      report.problems.push(...missing);
      const bad = new Set(missing.map((p) => p.line));
      const good = batch.filter((b) => !bad.has(b.line)).map((b) => b.record);
      batch = [];
      if (!good.length || (report.problems.length && !options.skipInvalid)) return;
      report.inserted += await write(tx, good);
      report.written += good.length;
    };
    for await (const { line, raw } of readRecords(options.file)) {
      if (raw instanceof Error) {
        report.problems.push({ line, column: '(row)', reason: raw.message });
        continue;
      }
      const parsed = parser.parse(raw);
      for (const problem of parsed.problems) report.problems.push({ line, ...problem });
      const record = parsed.record;
      if (!record) continue;
      const earlier = seen.get(parsed.key);
      if (earlier !== undefined) {
        report.problems.push({
          line,
          column: parser.columns[0] as string,
          reason: `repeats the record of line ${earlier}`,
        });
        continue;
      }
      seen.set(parsed.key, line);
      batch.push({ line, record, parsed });
      if (batch.length >= batchSize) await writeBatch();
    }
    if (batch.length) await writeBatch();
    report.problems.sort((a, b) => a.line - b.line);
    if (report.problems.length && !options.skipInvalid) throw new ImportRejected(report.problems);
  });
  return report;
}
