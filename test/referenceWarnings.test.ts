import { describe, expect, it } from 'vitest';
import { referenceWarnings } from '../runtime/referenceWarnings.ts';

// #27 point 5: the law moves; the data must say when it was last checked, and the check must say when
// a dated entry has passed. Warnings, never failures.
describe('reference data currency', () => {
  const files = {
    'fresh.json': { reviewed: '2026-12-01' },
    'old.json': { reviewed: '2025-11-01' },
    'never.json': {},
    'fee-rules.json': {
      reviewed: '2026-12-01',
      items: {
        'Lệ phí A': {
          periods: [{ from: '2025-07-01', to: '2026-12-31', legalBasis: 'Thông tư 64/2025/TT-BTC: giảm' }],
        },
        'Lệ phí B': {
          periods: [{ from: null, to: '2025-12-31', legalBasis: 'Thông tư 63/2023/TT-BTC: trực tuyến' }],
        },
      },
    },
    'working-calendar.json': { reviewed: '2026-12-01', years: { '2026': {}, '2027': { provisional: true } } },
  };

  it('warns of a stale or missing review, an ended rate and a provisional year begun, on the day', () => {
    expect(referenceWarnings(files, '2026-12-07')).toEqual([
      'old.json: last reviewed 2025-11-01, over a year ago: check its law again',
      'never.json: no "reviewed" date: record when its law was last checked',
      "fee-rules.json: 'Lệ phí B': the rate of Thông tư 63/2023/TT-BTC ended on 2025-12-31 (kept for quotes of earlier days; check what replaced it)",
    ]);
    const later = referenceWarnings(files, '2027-01-02');
    expect(later).toContain(
      "fee-rules.json: 'Lệ phí A': the rate of Thông tư 64/2025/TT-BTC ended on 2026-12-31 (kept for quotes of earlier days; check what replaced it)",
    );
    expect(later).toContain(
      'working-calendar.json: 2027 has begun and is still provisional: record the announced schedule',
    );
  });

  it('says nothing of the files as they are today but what has really passed', () => {
    expect(referenceWarnings({ 'a.json': { reviewed: '2026-12-07' } }, '2026-12-07')).toEqual([]);
  });
});
