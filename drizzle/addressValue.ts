/** An address as stored: current two-tier units (province, then ward or commune). */
export interface AddressValue {
  provinceCode: string;
  wardCode?: string | null;
  wardName?: string | null;
  street?: string | null;
}
