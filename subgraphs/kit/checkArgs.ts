import { findProvince } from '../../runtime/adminUnits.ts';
import { badInput } from '../../runtime/errors.ts';
import { procedureCodeProblem } from '../../runtime/procedureCode.ts';
import { dossierCodeProblem } from '../../runtime/dossierCode.ts';

/** Throws BAD_USER_INPUT naming the argument unless it is one of the 34 current province codes. */
export function checkProvinceCode(value: string | null | undefined, argument = 'provinceCode'): void {
  if (value == null) return;
  if (!findProvince(value))
    throw badInput(
      `${argument} '${value.slice(0, 10)}' is not a current 2-digit province code (e.g. 01, 79)`,
      argument,
    );
}

/** Throws BAD_USER_INPUT naming the argument unless it is a procedure code in the catalogue's format. */
export function checkProcedureCode(value: string | null | undefined, argument = 'code'): void {
  if (value == null) return;
  const why = procedureCodeProblem(value);
  if (why) throw badInput(`${argument} '${value.slice(0, 40)}': ${why}`, argument);
}

/** Throws BAD_USER_INPUT when a free-text argument is longer than a sane bound. */
export function checkLength(value: string | null | undefined, argument: string, max = 200): void {
  if (value != null && value.length > max)
    throw badInput(`${argument} may be at most ${max} characters`, argument);
}

/** BAD_USER_INPUT naming the argument unless `code` is a dossier code. */
export function checkDossierCode(code: string, argument = 'code'): void {
  const why = dossierCodeProblem(code);
  if (why) throw badInput(`${argument} '${code.slice(0, 60)}': ${why}`, argument);
}
