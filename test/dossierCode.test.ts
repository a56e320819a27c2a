import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dossierCodeOf,
  dossierCodeProblem,
  maxDailySequence,
  parseDossierCode,
} from '../runtime/dossierCode.ts';

// Every code submitDossier can make is a code trackDossier, dossier and transitionDossier accept.
const agencyCode = fc
  .array(fc.stringMatching(/^[0-9A-Z]{1,4}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('.'))
  .filter((code) => code.length <= 35);
const day = fc.stringMatching(/^\d{6}$/);

describe('dossier codes', () => {
  it('accepts every code of every sequence number from 1 to the largest, and reads it back', () => {
    fc.assert(
      fc.property(agencyCode, day, fc.integer({ min: 1, max: maxDailySequence }), (agency, d, n) => {
        const code = dossierCodeOf(agency, d, n);
        expect(dossierCodeProblem(code)).toBeNull();
        expect(parseDossierCode(code)).toEqual({ agencyCode: agency, day: d, sequence: n });
      }),
      { numRuns: 2000 },
    );
    for (const n of [1, 9999, 10_000, 99_999, 100_000, maxDailySequence])
      expect(dossierCodeProblem(dossierCodeOf('000.00.00.H29', '261202', n))).toBeNull();
  });

  it('keeps the national four digits up to 9,999 and goes on with more after', () => {
    expect(dossierCodeOf('000.00.00.H29', '261202', 7)).toBe('000.00.00.H29-261202-0007');
    expect(dossierCodeOf('000.00.00.H29', '261202', 10_000)).toBe('000.00.00.H29-261202-10000');
    expect(() => dossierCodeOf('000.00.00.H29', '261202', maxDailySequence + 1)).toThrow(RangeError);
    expect(dossierCodeProblem('000.00.00.H29-261202-0000')).toMatch(/starts at 0001/);
    expect(dossierCodeProblem('000.00.00.H29-261202-123')).not.toBeNull();
    expect(dossierCodeProblem('000.00.00.H29-261202-1234567')).not.toBeNull();
  });
});
