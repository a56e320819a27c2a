/**
 * Administrative units the national databases use.
 *
 * Two lists, because the country changed: personal IDs keep the 3-digit code of the province where
 * the birth was registered among the 63 provinces before 2025 (Circular 07/2016, appendix 1), while
 * addresses use the 34 provinces in force since 1 July 2025 (Resolution 202/2025/QH15), whose 2-digit
 * codes are those of the province each merger kept. The mapping old → new follows that resolution.
 */

export interface Province {
  code: string;
  name: string;
}

/** The 34 provinces and centrally-run cities in force since mid-2025, by 2-digit code. */
export const provinces: readonly Province[] = [
  { code: '01', name: 'Thành phố Hà Nội' },
  { code: '04', name: 'Tỉnh Cao Bằng' },
  { code: '08', name: 'Tỉnh Tuyên Quang' },
  { code: '11', name: 'Tỉnh Điện Biên' },
  { code: '12', name: 'Tỉnh Lai Châu' },
  { code: '14', name: 'Tỉnh Sơn La' },
  { code: '15', name: 'Tỉnh Lào Cai' },
  { code: '19', name: 'Tỉnh Thái Nguyên' },
  { code: '20', name: 'Tỉnh Lạng Sơn' },
  { code: '22', name: 'Tỉnh Quảng Ninh' },
  { code: '24', name: 'Tỉnh Bắc Ninh' },
  { code: '25', name: 'Tỉnh Phú Thọ' },
  { code: '31', name: 'Thành phố Hải Phòng' },
  { code: '33', name: 'Tỉnh Hưng Yên' },
  { code: '37', name: 'Tỉnh Ninh Bình' },
  { code: '38', name: 'Tỉnh Thanh Hóa' },
  { code: '40', name: 'Tỉnh Nghệ An' },
  { code: '42', name: 'Tỉnh Hà Tĩnh' },
  { code: '44', name: 'Tỉnh Quảng Trị' },
  { code: '46', name: 'Thành phố Huế' },
  { code: '48', name: 'Thành phố Đà Nẵng' },
  { code: '51', name: 'Tỉnh Quảng Ngãi' },
  { code: '52', name: 'Tỉnh Gia Lai' },
  { code: '56', name: 'Tỉnh Khánh Hòa' },
  { code: '66', name: 'Tỉnh Đắk Lắk' },
  { code: '68', name: 'Tỉnh Lâm Đồng' },
  { code: '75', name: 'Tỉnh Đồng Nai' },
  { code: '79', name: 'Thành phố Hồ Chí Minh' },
  { code: '80', name: 'Tỉnh Tây Ninh' },
  { code: '82', name: 'Tỉnh Đồng Tháp' },
  { code: '86', name: 'Tỉnh Vĩnh Long' },
  { code: '91', name: 'Tỉnh An Giang' },
  { code: '92', name: 'Thành phố Cần Thơ' },
  { code: '96', name: 'Tỉnh Cà Mau' },
];

export interface LegacyProvince {
  /** 3-digit code used as the first three digits of a personal ID. */
  code: string;
  name: string;
  /** 2-digit code of the province it belongs to since 2025. */
  currentCode: string;
}

/** The 63 pre-2025 provinces with the 3-digit codes of personal IDs, and where each went in 2025. */
export const legacyProvinces: readonly LegacyProvince[] = [
  ['001', 'Hà Nội', '01'],
  ['002', 'Hà Giang', '08'],
  ['004', 'Cao Bằng', '04'],
  ['006', 'Bắc Kạn', '19'],
  ['008', 'Tuyên Quang', '08'],
  ['010', 'Lào Cai', '15'],
  ['011', 'Điện Biên', '11'],
  ['012', 'Lai Châu', '12'],
  ['014', 'Sơn La', '14'],
  ['015', 'Yên Bái', '15'],
  ['017', 'Hòa Bình', '25'],
  ['019', 'Thái Nguyên', '19'],
  ['020', 'Lạng Sơn', '20'],
  ['022', 'Quảng Ninh', '22'],
  ['024', 'Bắc Giang', '24'],
  ['025', 'Phú Thọ', '25'],
  ['026', 'Vĩnh Phúc', '25'],
  ['027', 'Bắc Ninh', '24'],
  ['030', 'Hải Dương', '31'],
  ['031', 'Hải Phòng', '31'],
  ['033', 'Hưng Yên', '33'],
  ['034', 'Thái Bình', '33'],
  ['035', 'Hà Nam', '37'],
  ['036', 'Nam Định', '37'],
  ['037', 'Ninh Bình', '37'],
  ['038', 'Thanh Hóa', '38'],
  ['040', 'Nghệ An', '40'],
  ['042', 'Hà Tĩnh', '42'],
  ['044', 'Quảng Bình', '44'],
  ['045', 'Quảng Trị', '44'],
  ['046', 'Thừa Thiên Huế', '46'],
  ['048', 'Đà Nẵng', '48'],
  ['049', 'Quảng Nam', '48'],
  ['051', 'Quảng Ngãi', '51'],
  ['052', 'Bình Định', '52'],
  ['054', 'Phú Yên', '66'],
  ['056', 'Khánh Hòa', '56'],
  ['058', 'Ninh Thuận', '56'],
  ['060', 'Bình Thuận', '68'],
  ['062', 'Kon Tum', '51'],
  ['064', 'Gia Lai', '52'],
  ['066', 'Đắk Lắk', '66'],
  ['067', 'Đắk Nông', '68'],
  ['068', 'Lâm Đồng', '68'],
  ['070', 'Bình Phước', '75'],
  ['072', 'Tây Ninh', '80'],
  ['074', 'Bình Dương', '79'],
  ['075', 'Đồng Nai', '75'],
  ['077', 'Bà Rịa - Vũng Tàu', '79'],
  ['079', 'Hồ Chí Minh', '79'],
  ['080', 'Long An', '80'],
  ['082', 'Tiền Giang', '82'],
  ['083', 'Bến Tre', '86'],
  ['084', 'Trà Vinh', '86'],
  ['086', 'Vĩnh Long', '86'],
  ['087', 'Đồng Tháp', '82'],
  ['089', 'An Giang', '91'],
  ['091', 'Kiên Giang', '91'],
  ['092', 'Cần Thơ', '92'],
  ['093', 'Hậu Giang', '92'],
  ['094', 'Sóc Trăng', '92'],
  ['095', 'Bạc Liêu', '96'],
  ['096', 'Cà Mau', '96'],
].map(([code, name, currentCode]) => ({ code, name, currentCode }) as LegacyProvince);

const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
const legacyByCode = new Map(legacyProvinces.map((p) => [p.code, p]));

/** The current province with that 2-digit code, or undefined. */
export function findProvince(code: string): Province | undefined {
  return provinceByCode.get(code);
}

/** The pre-2025 province with that 3-digit ID prefix, or undefined. */
export function findLegacyProvince(code: string): LegacyProvince | undefined {
  return legacyByCode.get(code);
}
