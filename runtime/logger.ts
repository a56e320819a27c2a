import { pino, type Logger } from 'pino';
import { loadEnv } from './env.ts';

/** The process's JSON logger for one component (gateway or a subgraph name). */
export function createLogger(component: string, level = loadEnv().logLevel): Logger {
  return pino({ name: component, level, base: { component } });
}
export type { Logger };
