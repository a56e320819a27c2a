import { provinces } from '../runtime/adminUnits.ts';
import * as ref from './referenceData.ts';

/** How many records of each kind to generate, and from which seed. */
export interface WorldSize {
  citizens: number;
  businesses: number;
  procedures: number;
  dossiers: number;
  seed: number;
}

/** The small demo data set `npm start` loads into an empty database. */
export const demoSize: WorldSize = {
  citizens: 240,
  businesses: 60,
  procedures: 40,
  dossiers: 300,
  seed: 20251,
};

/** Ages and dossier dates are computed from this instant, never from the clock, so a seed always gives the same records. */
export const referenceInstant = new Date('2026-10-31T10:00:00+07:00');

/** The most procedures a catalogue can hold: each national procedure, and its copy localised by each province. */
export const maxProcedures = ref.procedureTemplates.length * (provinces.length + 1);

/** One day in milliseconds. */
export const dayMs = 24 * 3600 * 1000;

/** Why the size cannot give a consistent world, or null. */
export function worldSizeProblem(size: WorldSize): string | null {
  for (const key of ['citizens', 'businesses', 'procedures', 'dossiers', 'seed'] as const) {
    const value = size[key];
    if (!Number.isSafeInteger(value) || value < 0) return `--${key} must be a whole number ≥ 0`;
  }
  if (size.procedures > maxProcedures)
    return `--procedures can be at most ${maxProcedures} (each national procedure and its provincial copies)`;
  if (size.businesses > 0 && size.citizens < 50)
    return 'businesses need legal representatives: give at least 50 --citizens';
  if (size.dossiers > 0 && (size.citizens < 50 || size.procedures < 1))
    return 'dossiers need applicants and procedures: give at least 50 --citizens and 1 --procedure';
  return null;
}
