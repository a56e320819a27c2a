import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { BulkSession, DbHandle } from '../subgraphs/kit/createDb.ts';
import { subgraphNames, type SubgraphName } from '../runtime/subgraphNames.ts';
import { copyFormat, type CopyFormat } from './copyFormat.ts';
import type { Progress, TableProgress } from './createProgress.ts';
import { mainSeedTable, seedTables } from './seedTables.ts';
import { worldRows } from './worldRows.ts';
import type { DocumentSigner } from './resultDocuments.ts';
import { type WorldSize } from './worldSize.ts';

export interface SeedOptions {
  size: WorldSize;
  /** The subgraphs to fill; the rows of the others are generated (later rows refer to them) but not written. */
  handles: Partial<Record<SubgraphName, DbHandle>>;
  /** Empty every table of the subgraphs' schemas first. Without it, a subgraph holding data is refused. */
  reset?: boolean;
  /** Drop keys and indexes before loading and build them after: much faster for large loads. */
  rebuildIndexes?: boolean;
  progress?: Progress;
  /** The agencies' document-signing keys (the store's: createDocumentKeys); default: keys no one publishes. */
  signer?: DocumentSigner;
}

export interface SeedReport {
  tables: Array<{ subgraph: SubgraphName; table: string; rows: number; seconds: number }>;
  seconds: number;
}

/** Seeding was refused because data is already there; nothing was written. */
export class SeedRefused extends Error {}

/** Bytes of COPY text gathered per table before it is sent. */
const flushAt = 1 << 20;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const schemaOf = (table: PgTable) => getTableConfig(table).schema ?? 'public';

/** One table's pending COPY text. */
interface TableSink {
  table: PgTable;
  format?: CopyFormat;
  parts: string[];
  size: number;
  rows: number;
  firstAt: number;
  lastAt: number;
  progress?: TableProgress;
}

/** One subgraph's transaction and its tables' pending rows; COPYs go out one at a time, in order. */
class SubgraphLoad {
  readonly sinks = new Map<string, TableSink>();
  private inFlight: Promise<void> = Promise.resolve();
  private saved: { constraints: Array<Record<string, string>>; indexes: Array<Record<string, string>> } = {
    constraints: [],
    indexes: [],
  };

  constructor(
    readonly subgraph: SubgraphName,
    readonly session: BulkSession,
    readonly kind: DbHandle['kind'],
  ) {
    for (const [key, table] of Object.entries(seedTables[subgraph]) as Array<[string, PgTable]>)
      this.sinks.set(key, { table, parts: [], size: 0, rows: 0, firstAt: 0, lastAt: 0 });
  }

  get schema() {
    return schemaOf(mainSeedTable[this.subgraph]);
  }

  /** What holds rows already, as "schema.table (N rows)", or null when the subgraph is empty. */
  async existingData(): Promise<string | null> {
    const { name } = getTableConfig(mainSeedTable[this.subgraph]);
    const [row] = await this.session.query<{ n: string }>(
      `select count(*)::text as n from ${quote(this.schema)}.${quote(name)}`,
    );
    return row && row.n !== '0' ? `${this.schema}.${name} holds ${row.n} rows` : null;
  }

  async empty() {
    const tables = await this.session.query<{ name: string }>(
      `select tablename as name from pg_tables where schemaname = '${this.schema}' order by tablename`,
    );
    if (tables.length)
      await this.session.query(
        `truncate table ${tables.map((t) => `${quote(this.schema)}.${quote(t.name)}`).join(', ')} restart identity`,
      );
  }

  private tableNames() {
    return [...this.sinks.values()].map((s) => `'${getTableConfig(s.table).name}'`).join(', ');
  }

  /** Drops the keys and indexes of the seeded tables, remembering how to build them again. */
  async dropIndexes() {
    const constraints = await this.session.query<Record<string, string>>(
      `select c.conname as name, t.relname as "table", c.contype as kind, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = '${this.schema}' and t.relname in (${this.tableNames()}) and c.contype in ('p', 'u', 'f')
       order by c.contype = 'f' desc, c.conname`,
    );
    const indexes = await this.session.query<Record<string, string>>(
      `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = '${this.schema}' and t.relname in (${this.tableNames()})
         and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
       order by i.relname`,
    );
    for (const c of constraints)
      await this.session.query(
        `alter table ${quote(this.schema)}.${quote(c.table as string)} drop constraint ${quote(c.name as string)}`,
      );
    for (const i of indexes)
      await this.session.query(`drop index ${quote(this.schema)}.${quote(i.name as string)}`);
    this.saved = { constraints, indexes };
  }

  add(key: string, row: Record<string, unknown>, progress?: Progress) {
    const sink = this.sinks.get(key);
    if (!sink) throw new Error(`no table ${this.subgraph}.${key}`);
    if (!sink.format) {
      sink.format = copyFormat(sink.table, row);
      sink.progress = progress?.table(`${this.subgraph}.${key}`);
      sink.firstAt = performance.now();
    }
    const line = sink.format.line(row);
    sink.parts.push(line);
    sink.size += line.length;
    sink.rows += 1;
    sink.lastAt = performance.now();
    sink.progress?.update(sink.rows, sink.lastAt - sink.firstAt);
    return sink.size >= flushAt ? sink : null;
  }

  /** Sends a table's pending rows once the previous COPY is done; generation goes on meanwhile. */
  async flush(sink: TableSink) {
    if (!sink.parts.length || !sink.format) return;
    const text = sink.parts.join('');
    const target = sink.format.target;
    sink.parts = [];
    sink.size = 0;
    await this.inFlight;
    this.inFlight = this.session.copyIn(target, text);
    // A failure surfaces at the next flush or at finish; keep it from being reported as unhandled.
    this.inFlight.catch(() => {});
  }

  /** Waits for the COPY in flight, if any, whatever its outcome. */
  async settle() {
    await this.inFlight.catch(() => {});
  }

  /** Sends what is left, builds keys and indexes back, moves serial counters past the seeded ids. */
  async finish() {
    for (const sink of this.sinks.values()) {
      sink.progress?.update(sink.rows, sink.lastAt - sink.firstAt, true);
      await this.flush(sink);
    }
    await this.inFlight;
    if (this.kind === 'postgres') await this.session.query(`set local maintenance_work_mem = '512MB'`);
    const { constraints, indexes } = this.saved;
    for (const c of constraints.filter((c) => c.kind !== 'f'))
      await this.session.query(
        `alter table ${quote(this.schema)}.${quote(c.table as string)} add constraint ${quote(c.name as string)} ${c.def}`,
      );
    for (const i of indexes) await this.session.query(i.def as string);
    for (const c of constraints.filter((c) => c.kind === 'f'))
      await this.session.query(
        `alter table ${quote(this.schema)}.${quote(c.table as string)} add constraint ${quote(c.name as string)} ${c.def}`,
      );
    const serials = await this.session.query<{ table: string; column: string; sequence: string }>(
      `select t.relname as "table", a.attname as "column", pg_get_serial_sequence(format('%I.%I', n.nspname, t.relname), a.attname) as sequence
       from pg_attribute a join pg_class t on t.oid = a.attrelid join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = '${this.schema}' and t.relname in (${this.tableNames()}) and a.attnum > 0
         and pg_get_serial_sequence(format('%I.%I', n.nspname, t.relname), a.attname) is not null`,
    );
    for (const s of serials)
      await this.session.query(
        `select setval('${s.sequence}', coalesce((select max(${quote(s.column)}) from ${quote(this.schema)}.${quote(s.table)}), 0) + 1, false)`,
      );
    for (const sink of this.sinks.values()) {
      const { name } = getTableConfig(sink.table);
      await this.session.query(`analyze ${quote(this.schema)}.${quote(name)}`);
    }
  }
}

/**
 * Generates the world and streams it into the subgraphs' databases with COPY, each subgraph in one
 * transaction: all of it lands, or (on any error) none of it. With `rebuildIndexes`, keys and indexes
 * are dropped inside that transaction and built once at the end.
 */
export async function seedWorld(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const loads: SubgraphLoad[] = [];
  try {
    for (const subgraph of subgraphNames) {
      const handle = options.handles[subgraph];
      if (handle) loads.push(new SubgraphLoad(subgraph, await handle.bulk(), handle.kind));
    }
    if (options.reset) {
      for (const load of loads) await load.empty();
    } else {
      const found = (await Promise.all(loads.map((load) => load.existingData()))).filter(Boolean);
      if (found.length)
        throw new SeedRefused(
          `refusing to seed a database that holds data (${found.join('; ')}): pass --reset to replace it`,
        );
    }
    if (options.rebuildIndexes) for (const load of loads) await load.dropIndexes();

    const bySubgraph = new Map(loads.map((load) => [load.subgraph, load]));
    let generated = 0;
    for (const [subgraph, key, row] of worldRows(options.size, options.signer)) {
      const load = bySubgraph.get(subgraph);
      if (load) {
        const full = load.add(key as string, row as Record<string, unknown>, options.progress);
        if (full) await load.flush(full);
      }
      // Let socket writes and COPY results through now and then.
      if ((generated += 1) % 2000 === 0) await new Promise(setImmediate);
    }
    // Every subgraph finishes (or fails) before any transaction ends: a rollback must never overtake
    // statements still running on its connection.
    const failed = (await Promise.allSettled(loads.map((load) => load.finish()))).find(
      (r) => r.status === 'rejected',
    );
    if (failed) throw failed.reason;
    for (const load of loads) await load.session.commit();
  } finally {
    await Promise.allSettled(
      loads.map(async (load) => {
        await load.settle();
        await load.session.release();
      }),
    );
  }
  return {
    tables: loads.flatMap((load) =>
      [...load.sinks.entries()].map(([table, sink]) => ({
        subgraph: load.subgraph,
        table,
        rows: sink.rows,
        seconds: (sink.lastAt - sink.firstAt) / 1000,
      })),
    ),
    seconds: (performance.now() - started) / 1000,
  };
}
