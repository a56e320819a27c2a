import { readFileSync } from 'node:fs';
import { type Service } from './benchConfig.ts';
import { getText } from './getText.ts';

/** The largest resident set of a process while `work` runs, in MiB (from /proc). */
export async function peakRss<T>(pid: number, work: Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await work;
    sample();
    return [result, peak];
  } finally {
    clearInterval(timer);
  }
}

/** CPU time a process has used so far, in milliseconds (utime + stime from /proc; 0 once it is gone). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU time the whole machine has been busy so far, in milliseconds (every core, from /proc/stat). */
export function machineBusyMs(): number {
  // cpu  user nice system idle iowait irq softirq steal ...: everything but idle and iowait
  const ticks = (/^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '')
    .split(/\s+/)
    .map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((total, i) => total + (ticks[i] ?? 0), 0);
  return (busy * 1000) / 100;
}

/**
 * What the servers have done so far, from their /metrics: SQL statements run (db_statements_total),
 * GraphQL operations served and GraphQL errors answered.
 */
export async function countersSoFar(services: Service[]) {
  const sum = (text: string, pattern: RegExp) =>
    [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  const totals = { statements: 0, operations: 0, errors: 0, each: [] as number[] };
  for (const service of services) {
    const { text } = await getText(new URL('/metrics', service.url).toString(), service.ca);
    totals.statements += sum(text, /^db_statements_total\{[^}]*\} (\d+(?:\.\d+)?)/gm);
    const operations = sum(text, /^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm);
    totals.operations += operations;
    totals.each.push(operations);
    totals.errors += sum(text, /^graphql_errors_total\{[^}]*\} (\d+)/gm);
  }
  return totals;
}
