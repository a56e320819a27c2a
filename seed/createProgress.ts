import cliProgress from 'cli-progress';

export interface TableProgress {
  /** Rows so far, and the milliseconds since the table's first row; `final` draws it whatever the rate. */
  update(rows: number, elapsedMs: number, final?: boolean): void;
}

export interface Progress {
  /** A bar for one table; `total` when the count is known in advance. */
  table(name: string, total?: number): TableProgress;
  stop(): void;
}

const number = new Intl.NumberFormat('en-US');

/**
 * A progress line per table with rows and rows per second, redrawn in place on a terminal and printed
 * as plain lines every two seconds otherwise (CI logs, pipes).
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const bars = new cliProgress.MultiBar({
    stream,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: true,
    clearOnComplete: false,
    format: '{table} {bar} {rows} of {total} rows  {rate} rows/s',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 20,
  });
  return {
    table(name, total) {
      let lastDraw = -Infinity;
      const payload = (rows: number, elapsedMs: number) => ({
        table: name.padEnd(28),
        rows: number.format(rows).padStart(10),
        rate: number.format(Math.round((rows * 1000) / Math.max(elapsedMs, 1))).padStart(9),
      });
      const bar = bars.create(
        total ?? 0,
        0,
        payload(0, 0),
        total === undefined ? { format: '{table} {rows} rows  {rate} rows/s' } : {},
      );
      return {
        update(rows, elapsedMs, final = false) {
          if (!final && elapsedMs - lastDraw < 100) return;
          lastDraw = elapsedMs;
          bar.update(rows, payload(rows, elapsedMs));
        },
      };
    },
    stop: () => bars.stop(),
  };
}
