import { buildSchema, findBreakingChanges, findDangerousChanges, type BreakingChange } from 'graphql';

/** One change between the released API schema and the current one, with the coordinate it touches. */
export interface ApiChange {
  /** `Type.field`, `Enum.VALUE` or `Type`: what a CHANGELOG entry must name. */
  coordinate: string;
  description: string;
  breaking: boolean;
}

/** The schema coordinate a graphql-js change description is about. */
export function coordinateOf(change: Pick<BreakingChange, 'description'>): string {
  const { description } = change;
  const enumValue = /^(\w+) was (?:removed from|added to) enum type (\w+)/.exec(description);
  if (enumValue) return `${enumValue[2]}.${enumValue[1]}`;
  const inputField = /^A required field (\w+) on input type (\w+)/.exec(description);
  if (inputField) return `${inputField[2]}.${inputField[1]}`;
  return /\b\w+\.\w+\b/.exec(description)?.[0] ?? /\w+/.exec(description)?.[0] ?? description;
}

/** Breaking and dangerous changes from `released` to `current` (both SDL). */
export function apiChanges(released: string, current: string): ApiChange[] {
  const before = buildSchema(released, { assumeValidSDL: true });
  const after = buildSchema(current, { assumeValidSDL: true });
  return [
    ...findBreakingChanges(before, after).map((c) => ({ ...c, breaking: true })),
    ...findDangerousChanges(before, after).map((c) => ({ ...c, breaking: false })),
  ].map((c) => ({ coordinate: coordinateOf(c), description: c.description, breaking: c.breaking }));
}

/** The text of the CHANGELOG's "## Unreleased" section ('' when it has none). */
export function unreleasedNotes(changelog: string): string {
  const match = /^## Unreleased[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog);
  return match?.[1] ?? '';
}

/**
 * The breaking changes since the last release that the CHANGELOG's Unreleased section does not name
 * (as `Type.field` in backticks). An empty list means clients were told of every break.
 */
export function unannouncedBreakingChanges(
  released: string,
  current: string,
  changelog: string,
): ApiChange[] {
  const notes = unreleasedNotes(changelog);
  return apiChanges(released, current).filter((c) => c.breaking && !notes.includes(`\`${c.coordinate}\``));
}
