import { describe, expect, it } from 'vitest';
import { isMutation, isMutationBody } from '../gateway/isMutation.ts';

describe('isMutation', () => {
  it.each([
    ['mutation { submitDossier { code } }', true],
    ['  \n# a comment\nmutation Submit($input: SubmitDossierInput!) { a }', true],
    ['\uFEFF,mutation{a}', true],
    ['query { dossiers { code } }', false],
    ['{ mutations }', false],
    ['query mutation { a }', false],
    ['mutationish { a }', false],
    ['# mutation\nquery { a }', false],
  ])('%j → %s', (document, expected) => {
    expect(isMutation(document)).toBe(expected);
  });

  it('reads a fetch body as Apollo Gateway writes it', () => {
    const body = (query: string) => JSON.stringify({ query, variables: { a: 1 } });
    expect(isMutationBody(body('mutation($input: X!) { submitDossier(input: $input) { code } }'))).toBe(true);
    expect(isMutationBody(body('\n  mutation { a }'))).toBe(true);
    expect(isMutationBody(body('# why\nmutation { a }'))).toBe(true);
    expect(isMutationBody(body('# mutation\nquery { a }'))).toBe(false);
    expect(isMutationBody(body('query($representations: [_Any!]!) { _entities { __typename } }'))).toBe(
      false,
    );
    expect(isMutationBody(JSON.stringify({ variables: {}, query: 'mutation { a }' }))).toBe(false);
    expect(isMutationBody(undefined)).toBe(false);
  });
});
