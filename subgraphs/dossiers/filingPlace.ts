import { findWard, type Ward } from '../../runtime/adminUnits.ts';
import { communePointOf, provinceOfAgencySuffix, provincialCentreOf } from '../../runtime/agencyCodes.ts';
import { localisedSuffixOf } from '../../runtime/procedureCode.ts';

/** A rule of where a dossier may be filed, as `extensions.reason` of the BAD_USER_INPUT that breaks it. */
export type FilingRule =
  | 'PROCEDURE_OF_ANOTHER_PROVINCE'
  | 'COMMUNE_SERVICE_POINT_REQUIRED'
  | 'WARD_OF_ANOTHER_PROVINCE'
  | 'UNKNOWN_WARD';

export type FilingProblem = { rule: FilingRule; argument: 'provinceCode' | 'wardCode'; message: string };
export type FilingPlace = { agencyCode: string } | FilingProblem;

/**
 * Which agency receives a dossier, or the rule that forbids filing it there:
 * - a province's copy of a procedure (…000.00.00.Hnn) is filed in that province alone;
 * - the receiving agency has the procedure's level: a commune-level procedure goes to the service point
 *   of the applicant's ward or commune (since the 2025 reform), a provincial one to the province's
 *   public-service centre, a central one to the ministry that carries it out.
 */
export function filingPlaceOf(filing: Filing): FilingPlace {
  const early = filingProblemOf(filing);
  if (early) return early;
  if (filing.level === 'CENTRAL') return { agencyCode: filing.procedureAgency };
  if (filing.level === 'PROVINCE') return { agencyCode: provincialCentreOf(filing.provinceCode) };
  const missing = communePointProblem(filing);
  if (missing || !filing.wardCode) return missing ?? wardRequired(filing.procedureCode);
  const ward = findWard(filing.wardCode) as Ward;
  return { agencyCode: communePointOf(filing.provinceCode, ward.position) };
}

/**
 * What the code and the places alone show to be wrong, before anything is looked up (so a refused filing
 * reads no one's record): a province's own procedure filed in another, or a ward not of the province.
 */
export function filingProblemOf(filing: Omit<Filing, 'level' | 'procedureAgency'>): FilingProblem | null {
  const suffix = localisedSuffixOf(filing.procedureCode);
  const ownProvince = suffix ? provinceOfAgencySuffix(suffix) : undefined;
  if (suffix && ownProvince !== filing.provinceCode)
    return {
      rule: 'PROCEDURE_OF_ANOTHER_PROVINCE',
      argument: 'provinceCode',
      message: `Procedure ${filing.procedureCode} is province ${ownProvince ?? suffix}'s own: it is filed only there, not in ${filing.provinceCode}`,
    };
  const ward = filing.wardCode ? findWard(filing.wardCode) : undefined;
  if (filing.wardCode && !ward)
    return {
      rule: 'UNKNOWN_WARD',
      argument: 'wardCode',
      message: `wardCode ${filing.wardCode.slice(0, 10)} is not the code of any current ward or commune`,
    };
  if (filing.wardCode && ward?.provinceCode !== filing.provinceCode)
    return {
      rule: 'WARD_OF_ANOTHER_PROVINCE',
      argument: 'wardCode',
      message: `wardCode ${filing.wardCode.slice(0, 10)} is not a ward or commune of province ${filing.provinceCode}`,
    };
  return null;
}

/** A commune-level procedure filed without the ward whose service point receives it; null otherwise. */
export function communePointProblem(
  filing: Pick<Filing, 'procedureCode' | 'level' | 'wardCode'>,
): FilingProblem | null {
  return filing.level !== 'COMMUNE' || filing.wardCode ? null : wardRequired(filing.procedureCode);
}

const wardRequired = (procedureCode: string): FilingProblem => ({
  rule: 'COMMUNE_SERVICE_POINT_REQUIRED',
  argument: 'wardCode',
  message: `Procedure ${procedureCode} is a commune-level procedure: give the wardCode of the ward or commune whose service point receives it`,
});

interface Filing {
  procedureCode: string;
  level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE';
  /** The agency that carries the procedure out (a ministry for a central one). */
  procedureAgency: string;
  provinceCode: string;
  wardCode?: string | null;
}
