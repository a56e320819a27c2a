import { wardsOf } from '../../runtime/adminUnits.ts';
import { provinceOfAgency } from '../../runtime/agencyCodes.ts';
import { filingPlaceOf } from '../../subgraphs/dossiers/filingPlace.ts';

/**
 * Where a test files a dossier of a procedure: in the procedure's own province for a localised one
 * (else `provinceCode`), at the first listed ward's service point; and the agency that then receives it.
 */
export function filingFor(
  procedure: { code: string; level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE'; agencyCode: string },
  provinceCode: string,
): { provinceCode: string; wardCode: string; agencyCode: string } {
  const own = procedure.code.length > 8 ? provinceOfAgency(procedure.code.slice(9)) : undefined;
  const province = own ?? provinceCode;
  const wardCode = (wardsOf(province)[0] as { code: string }).code;
  const place = filingPlaceOf({
    procedureCode: procedure.code,
    level: procedure.level,
    procedureAgency: procedure.agencyCode,
    provinceCode: province,
    wardCode,
  });
  if (!('agencyCode' in place)) throw new Error(place.message);
  return { provinceCode: province, wardCode, agencyCode: place.agencyCode };
}
