import { describe, expect, it } from 'vitest';
import { apiChanges, unannouncedBreakingChanges } from '../gateway/unannouncedBreakingChanges.ts';

const released = `
type Query { dossier(code: String!): Dossier  trackDossier(code: String!): Tracking }
type Dossier { code: String!  procedure: Procedure!  status: Status! }
type Tracking { code: String! }
type Procedure { code: String! }
enum Status { SUBMITTED RECEIVED }
`;
const changelog = (unreleased: string) =>
  `# Changelog\n\n## Unreleased\n\n${unreleased}\n\n## 0.1.0 — 2026-12-01\n\n- \`Dossier.status\` long ago\n`;

describe('the breaking-change check', () => {
  it('refuses a field made nullable, a field removed and an enum value removed, each by its coordinate', () => {
    const current = `
type Query { dossier(code: String!): Dossier  trackDossier(code: String!): Tracking }
type Dossier { code: String!  procedure: Procedure }
type Tracking { code: String! }
type Procedure { code: String! }
enum Status { SUBMITTED }
`;
    const unannounced = unannouncedBreakingChanges(released, current, changelog('Nothing yet.'));
    expect(unannounced.map((c) => c.coordinate).sort()).toEqual([
      'Dossier.procedure',
      'Dossier.status',
      'Status.RECEIVED',
    ]);
  });

  it('lets through a break the Unreleased section names, and only that one', () => {
    const current = released
      .replace('procedure: Procedure!', 'procedure: Procedure')
      .replace(' RECEIVED', '');
    const notes = changelog('- `Dossier.procedure` is null when the procedures subgraph does not answer.');
    expect(unannouncedBreakingChanges(released, current, notes).map((c) => c.coordinate)).toEqual([
      'Status.RECEIVED',
    ]);
  });

  it('does not count a name in an older release section as an announcement', () => {
    const current = released.replace('  status: Status!', '');
    expect(unannouncedBreakingChanges(released, current, changelog('')).map((c) => c.coordinate)).toEqual([
      'Dossier.status',
    ]);
  });

  it('takes additions as safe and an added enum value as dangerous, not breaking', () => {
    const current = released
      .replace('type Tracking { code: String! }', 'type Tracking { code: String!  dueAt: String }')
      .replace('SUBMITTED RECEIVED', 'SUBMITTED RECEIVED WITHDRAWN');
    const changes = apiChanges(released, current);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ coordinate: 'Status.WITHDRAWN', breaking: false });
    expect(unannouncedBreakingChanges(released, current, changelog(''))).toEqual([]);
  });
});
