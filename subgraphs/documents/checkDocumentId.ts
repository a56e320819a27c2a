import { badInput } from '../../runtime/errors.ts';

/** The id, or BAD_USER_INPUT naming the argument unless it is a document id (a UUID). */
export function checkDocumentId(id: string, argument = 'id'): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw badInput(`${argument} is a document id (a UUID)`, argument);
  return id;
}
