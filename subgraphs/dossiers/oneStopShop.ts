/** The one-stop shop of a province, which receives the dossiers filed there. */
export const oneStopShopOf = (provinceCode: string) => `000.00.00.H${provinceCode}`;
