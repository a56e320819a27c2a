import { readReference } from './readReference.ts';

/** reference/agency-codes.json: each province's level-1 suffix (Hnn, or a visibly synthetic Xnn) and the central bodies. */
interface AgencyCodesFile {
  provinces: Record<string, { suffix: string; verified?: string }>;
  central: Array<{ code: string; name: string; verified?: string }>;
}

const file = readReference<AgencyCodesFile>('agency-codes.json');
const provinceOfSuffix = new Map(Object.entries(file.provinces).map(([code, p]) => [p.suffix, code]));

/** The central bodies (ministries) with their e-IDs. */
export const centralAgencies: ReadonlyArray<{ code: string; name: string }> = file.central;

/** The level-1 suffix of a current province's agencies (H29 for TP.HCM); throws for an unknown province. */
export function agencySuffixOf(provinceCode: string): string {
  const entry = file.provinces[provinceCode];
  if (!entry) throw new Error(`reference/agency-codes.json has no province ${provinceCode}`);
  return entry.suffix;
}

/** The current province whose agencies end in that suffix, or undefined (a central body's, or none). */
export const provinceOfAgencySuffix = (suffix: string): string | undefined => provinceOfSuffix.get(suffix);

/** The province's people's committee and public-service centre: receives provincial-level dossiers. */
export const provincialCentreOf = (provinceCode: string) => `000.00.00.${agencySuffixOf(provinceCode)}`;

/**
 * The province's supervising office (Văn phòng UBND tỉnh, reference/agency-codes.json
 * provincialUnits.supervisingOffice): synthetic level-2 number 90.
 */
export const supervisingOfficeOf = (provinceCode: string) => `000.00.90.${agencySuffixOf(provinceCode)}`;

/** The province an agency e-ID supervises, when it is a province's supervising office; else undefined. */
export function provinceSupervisedBy(agencyCode: string): string | undefined {
  const match = /^000\.00\.90\.(\w+)$/.exec(agencyCode);
  return match ? provinceOfSuffix.get(match[1] as string) : undefined;
}

/** A provincial department (synthetic level-2 numbers 91-99, see the data file). */
export const departmentOf = (provinceCode: string, department: number) =>
  `000.00.${90 + department}.${agencySuffixOf(provinceCode)}`;

/** A commune-level public-service point: synthetic level-4 group 9nn, nn the ward's position in its province. */
export const communePointOf = (provinceCode: string, wardPosition: number) =>
  `9${String(wardPosition).padStart(2, '0')}.00.00.${agencySuffixOf(provinceCode)}`;

/** The province an agency e-ID belongs to (its last group), or undefined for a central body. */
export const provinceOfAgency = (agencyCode: string): string | undefined =>
  provinceOfSuffix.get(agencyCode.slice(agencyCode.lastIndexOf('.') + 1));
