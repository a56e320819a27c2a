import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import type { ProceduresRepository } from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: ProceduresRepository) {
  return {
    procedure: rowLoader(repo.proceduresByCodes, (row) => row.code),
    agency: rowLoader(repo.agenciesByCodes, (row) => row.code),
    fees: groupLoader(repo.feesOf, (row) => row.procedureCode),
    requirements: groupLoader(repo.requirementsOf, (row) => row.procedureCode),
    policies: groupLoader(repo.policiesOf, (row) => row.provinceCode),
  };
}

export type ProceduresLoaders = ReturnType<typeof createLoaders>;
