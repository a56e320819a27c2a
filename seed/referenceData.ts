import { readReference } from '../runtime/readReference.ts';

/**
 * Reference tables for generated records: names, ethnic groups, religions, VSIC industries and the
 * procedure templates. The codes with legal sources (provinces, wards, agency e-IDs, tax-code
 * prefixes, national procedure codes, fee rules, the calendar) are data files in reference/, each
 * saying what is verified and which entries are visibly synthetic.
 */

export const middleNames = {
  MALE: ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thành', 'Công', 'Xuân', 'Gia', 'Hoàng'],
  FEMALE: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Phương', 'Mai', 'Kim', 'Bảo', 'Diệu'],
};
export const givenNames = {
  MALE: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Hải',
    'Hùng',
    'Khoa',
    'Long',
    'Nam',
    'Phúc',
    'Quân',
    'Sơn',
    'Tài',
    'Thắng',
    'Trung',
    'Tuấn',
    'Việt',
    'Vinh',
  ],
  FEMALE: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'Ngân',
    'Nhung',
    'Oanh',
    'Phương',
    'Thảo',
    'Trang',
    'Yến',
  ],
};

/** Ethnic groups weighted roughly as the 2019 census (Kinh about 85%). */
export const ethnicities: Array<[string, number]> = [
  ['Kinh', 85],
  ['Tày', 2],
  ['Thái', 2],
  ['Mường', 1.5],
  ['Khmer', 1.4],
  ['Hoa', 0.8],
  ['Nùng', 1.1],
  ["H'Mông", 1.5],
  ['Dao', 0.9],
  ['Gia Rai', 0.5],
];
export const religions: Array<[string, number]> = [
  ['Không', 86],
  ['Phật giáo', 5],
  ['Công giáo', 6],
  ['Cao Đài', 1],
  ['Phật giáo Hòa Hảo', 1],
  ['Tin Lành', 1],
];

export const vsicIndustries: Array<[string, string]> = [
  ['0111', 'Trồng lúa'],
  ['1079', 'Sản xuất thực phẩm khác chưa được phân vào đâu'],
  ['1410', 'May trang phục (trừ trang phục từ da lông thú)'],
  ['4101', 'Xây dựng nhà để ở'],
  ['4520', 'Bảo dưỡng, sửa chữa ô tô và xe có động cơ khác'],
  ['4620', 'Bán buôn nông, lâm sản nguyên liệu (trừ gỗ, tre, nứa) và động vật sống'],
  ['4649', 'Bán buôn đồ dùng khác cho gia đình'],
  [
    '4711',
    'Bán lẻ lương thực, thực phẩm, đồ uống, thuốc lá, thuốc lào chiếm tỷ trọng lớn trong các cửa hàng kinh doanh tổng hợp',
  ],
  ['4933', 'Vận tải hàng hóa bằng đường bộ'],
  ['5510', 'Dịch vụ lưu trú ngắn ngày'],
  ['5610', 'Nhà hàng và các dịch vụ ăn uống phục vụ lưu động'],
  ['6201', 'Lập trình máy vi tính'],
  ['6202', 'Tư vấn máy vi tính và quản trị hệ thống máy vi tính'],
  ['6810', 'Kinh doanh bất động sản, quyền sử dụng đất thuộc chủ sở hữu, chủ sử dụng hoặc đi thuê'],
  ['7020', 'Hoạt động tư vấn quản lý'],
  ['8559', 'Giáo dục khác chưa được phân vào đâu'],
];

/** Tax-code prefixes (digits 1-2) and the current province each sits in, from reference/tax-prefixes.json. */
export const taxPrefixes: Array<[prefix: string, currentCode: string]> = readReference<{
  prefixes: Array<{ prefix: string; currentCode: string }>;
}>('tax-prefixes.json').prefixes.map((p) => [p.prefix, p.currentCode]);

/**
 * Proper names (tên riêng) of businesses: each generated business gets a distinct combination of
 * these with its trade, so no two share a name (Law on Enterprises 2020, Article 41).
 */
export const businessWords = [
  'Phát Đạt',
  'Thành Công',
  'Hưng Thịnh',
  'Ánh Dương',
  'Sao Việt',
  'Trường An',
  'Hoàng Gia',
  'Đại Phát',
  'Minh Long',
  'Tân Tiến',
  'Việt Á',
  'Bình Minh',
  'An Phú',
  'Bảo Long',
  'Đông Á',
  'Gia Huy',
  'Hải Đăng',
  'Hòa Phát',
  'Hồng Hà',
  'Kim Cương',
  'Lộc Phát',
  'Mai Linh',
  'Nam Việt',
  'Ngọc Lan',
  'Phú Quý',
  'Phương Nam',
  'Quang Minh',
  'Sông Hồng',
  'Tâm Đức',
  'Thái Bình Dương',
  'Thiên Phúc',
  'Thịnh Vượng',
  'Tiến Phát',
  'Toàn Cầu',
  'Trung Kiên',
  'Trường Sơn',
  'Tuấn Anh',
  'Vạn Xuân',
  'Việt Tiến',
  'Vĩnh Phát',
  'Xuân Mai',
  'Yên Bình',
  'Đức Thành',
  'Hữu Nghị',
  'Kiến Tạo',
  'Nhật Minh',
  'Phúc Lộc',
  'Thăng Long',
];

/** Trades a name carries, with its English word and the VSIC codes a main industry of that trade takes. */
export const businessTrades: Array<{ name: string; english: string; mainIndustries: string[] }> = [
  { name: 'Thương mại', english: 'Trading', mainIndustries: ['4649', '4620', '4711'] },
  { name: 'Xây dựng', english: 'Construction', mainIndustries: ['4101'] },
  { name: 'Công nghệ', english: 'Technology', mainIndustries: ['6201', '6202'] },
  { name: 'Vận tải', english: 'Transport', mainIndustries: ['4933'] },
  { name: 'Thực phẩm', english: 'Food', mainIndustries: ['1079', '5610'] },
  { name: 'Dịch vụ', english: 'Services', mainIndustries: ['7020', '5510', '4520'] },
  { name: 'Đầu tư', english: 'Investment', mainIndustries: ['6810', '7020'] },
  { name: 'May mặc', english: 'Garment', mainIndustries: ['1410'] },
];

export type Evidence =
  'CITIZEN_REGISTRY' | 'HOUSEHOLD_REGISTRY' | 'BUSINESS_REGISTRY' | 'PRIOR_RESULT' | 'FORM' | 'PAPER';
export type Online = 'NONE' | 'PARTIAL' | 'FULL';

export interface ProcedureTemplate {
  name: string;
  sector: string;
  level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE';
  online: Online;
  days: number;
  /** [kind, amount in VND, description] */
  fees: Array<['FEE' | 'CHARGE', number, string]>;
  /** [name, originals, copies, evidence] */
  requirements: Array<[string, number, number, Evidence]>;
  /** Filed by businesses rather than citizens. */
  forBusiness?: boolean;
}

const idCard: [string, number, number, Evidence] = [
  'Thẻ căn cước hoặc giấy tờ tùy thân của người nộp',
  0,
  1,
  'CITIZEN_REGISTRY',
];
const residence: [string, number, number, Evidence] = [
  'Giấy tờ chứng minh nơi cư trú',
  0,
  1,
  'HOUSEHOLD_REGISTRY',
];
const registration: [string, number, number, Evidence] = [
  'Giấy chứng nhận đăng ký doanh nghiệp',
  0,
  1,
  'BUSINESS_REGISTRY',
];

export const procedureTemplates: ProcedureTemplate[] = [
  {
    name: 'Đăng ký nhận cha, mẹ, con',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'NONE',
    days: 3,
    fees: [['CHARGE', 15000, 'Lệ phí đăng ký hộ tịch']],
    requirements: [
      ['Tờ khai đăng ký nhận cha, mẹ, con', 1, 0, 'FORM'],
      ['Chứng cứ chứng minh quan hệ cha, mẹ, con', 1, 0, 'PAPER'],
      idCard,
    ],
  },
  {
    name: 'Đăng ký khai sinh',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [],
    requirements: [['Tờ khai đăng ký khai sinh', 1, 0, 'FORM'], ['Giấy chứng sinh', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Đăng ký kết hôn',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 5,
    fees: [['CHARGE', 0, 'Miễn lệ phí đăng ký kết hôn trong nước']],
    requirements: [
      ['Tờ khai đăng ký kết hôn', 1, 0, 'FORM'],
      idCard,
      ['Giấy xác nhận tình trạng hôn nhân', 1, 0, 'PRIOR_RESULT'],
    ],
  },
  {
    name: 'Cấp bản sao trích lục hộ tịch',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [['FEE', 8000, 'Phí cấp bản sao trích lục']],
    requirements: [['Tờ khai', 1, 0, 'FORM'], idCard],
  },
  {
    name: 'Đăng ký khai tử',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [],
    requirements: [['Tờ khai đăng ký khai tử', 1, 0, 'FORM'], ['Giấy báo tử', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 5000, 'Lệ phí cấp giấy xác nhận']],
    requirements: [['Tờ khai', 1, 0, 'FORM'], idCard, residence],
  },
  {
    name: 'Đăng ký thường trú',
    sector: 'Cư trú',
    level: 'COMMUNE',
    online: 'FULL',
    days: 7,
    fees: [['CHARGE', 20000, 'Lệ phí đăng ký cư trú']],
    requirements: [
      ['Tờ khai thay đổi thông tin cư trú', 1, 0, 'FORM'],
      idCard,
      ['Giấy tờ chứng minh chỗ ở hợp pháp', 0, 1, 'PAPER'],
    ],
  },
  {
    name: 'Đăng ký tạm trú',
    sector: 'Cư trú',
    level: 'COMMUNE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 15000, 'Lệ phí đăng ký tạm trú']],
    requirements: [['Tờ khai thay đổi thông tin cư trú', 1, 0, 'FORM'], idCard],
  },
  {
    name: 'Xác nhận thông tin về cư trú',
    sector: 'Cư trú',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [],
    requirements: [['Tờ khai', 1, 0, 'FORM'], idCard, residence],
  },
  {
    name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên',
    sector: 'Thành lập và hoạt động doanh nghiệp',
    level: 'PROVINCE',
    online: 'FULL',
    days: 3,
    fees: [
      ['CHARGE', 50000, 'Lệ phí đăng ký doanh nghiệp'],
      ['FEE', 100000, 'Phí công bố nội dung đăng ký doanh nghiệp'],
    ],
    requirements: [
      ['Giấy đề nghị đăng ký doanh nghiệp', 1, 0, 'FORM'],
      ['Điều lệ công ty', 1, 0, 'PAPER'],
      idCard,
    ],
  },
  {
    name: 'Đăng ký thay đổi nội dung đăng ký doanh nghiệp',
    sector: 'Thành lập và hoạt động doanh nghiệp',
    level: 'PROVINCE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 50000, 'Lệ phí đăng ký doanh nghiệp']],
    requirements: [['Thông báo thay đổi nội dung đăng ký doanh nghiệp', 1, 0, 'FORM'], registration, idCard],
    forBusiness: true,
  },
  {
    name: 'Thông báo tạm ngừng kinh doanh',
    sector: 'Thành lập và hoạt động doanh nghiệp',
    level: 'PROVINCE',
    online: 'FULL',
    days: 3,
    fees: [],
    requirements: [['Thông báo tạm ngừng kinh doanh', 1, 0, 'FORM'], registration],
    forBusiness: true,
  },
  {
    name: 'Giải thể doanh nghiệp',
    sector: 'Thành lập và hoạt động doanh nghiệp',
    level: 'PROVINCE',
    online: 'PARTIAL',
    days: 5,
    fees: [],
    requirements: [
      ['Thông báo về việc giải thể doanh nghiệp', 1, 0, 'FORM'],
      ['Báo cáo thanh toán hết các khoản nợ', 1, 0, 'PAPER'],
      registration,
    ],
    forBusiness: true,
  },
  {
    name: 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
    sector: 'Đất đai',
    level: 'PROVINCE',
    online: 'PARTIAL',
    days: 20,
    fees: [
      ['CHARGE', 100000, 'Lệ phí cấp giấy chứng nhận'],
      ['FEE', 500000, 'Phí thẩm định hồ sơ'],
    ],
    requirements: [
      ['Đơn đăng ký, cấp giấy chứng nhận', 1, 0, 'FORM'],
      ['Giấy tờ về quyền sử dụng đất', 0, 1, 'PAPER'],
      idCard,
      residence,
    ],
  },
  {
    name: 'Đăng ký biến động quyền sử dụng đất',
    sector: 'Đất đai',
    level: 'PROVINCE',
    online: 'PARTIAL',
    days: 10,
    fees: [['CHARGE', 50000, 'Lệ phí đăng ký biến động']],
    requirements: [
      ['Đơn đăng ký biến động', 1, 0, 'FORM'],
      ['Giấy chứng nhận đã cấp', 1, 0, 'PRIOR_RESULT'],
      idCard,
    ],
  },
  {
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    sector: 'Xây dựng',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 15,
    fees: [['CHARGE', 75000, 'Lệ phí cấp giấy phép xây dựng']],
    requirements: [
      ['Đơn đề nghị cấp giấy phép xây dựng', 1, 0, 'FORM'],
      ['Bản vẽ thiết kế', 2, 0, 'PAPER'],
      ['Giấy chứng nhận quyền sử dụng đất', 0, 1, 'PRIOR_RESULT'],
      idCard,
    ],
  },
  {
    name: 'Cấp giấy phép xây dựng công trình',
    sector: 'Xây dựng',
    level: 'PROVINCE',
    online: 'PARTIAL',
    days: 20,
    fees: [['CHARGE', 150000, 'Lệ phí cấp giấy phép xây dựng']],
    requirements: [
      ['Đơn đề nghị cấp giấy phép xây dựng', 1, 0, 'FORM'],
      ['Hồ sơ thiết kế', 2, 0, 'PAPER'],
      registration,
    ],
    forBusiness: true,
  },
  {
    name: 'Cấp Phiếu lý lịch tư pháp',
    sector: 'Lý lịch tư pháp',
    level: 'PROVINCE',
    online: 'FULL',
    days: 10,
    fees: [['FEE', 200000, 'Phí cung cấp thông tin lý lịch tư pháp']],
    requirements: [['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 1, 0, 'FORM'], idCard, residence],
  },
  {
    name: 'Chứng thực bản sao từ bản chính',
    sector: 'Chứng thực',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 1,
    fees: [['FEE', 2000, 'Phí chứng thực mỗi trang']],
    requirements: [['Bản chính giấy tờ cần chứng thực', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Cấp đổi giấy phép lái xe',
    sector: 'Đường bộ',
    level: 'PROVINCE',
    online: 'FULL',
    days: 5,
    fees: [['CHARGE', 135000, 'Lệ phí cấp giấy phép lái xe']],
    requirements: [
      ['Đơn đề nghị đổi giấy phép lái xe', 1, 0, 'FORM'],
      ['Giấy khám sức khỏe', 1, 0, 'PAPER'],
      ['Giấy phép lái xe đã cấp', 0, 1, 'PRIOR_RESULT'],
      idCard,
    ],
  },
  {
    name: 'Đăng ký xe',
    sector: 'Đường bộ',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 2,
    fees: [['CHARGE', 150000, 'Lệ phí đăng ký, cấp biển số']],
    requirements: [
      ['Giấy khai đăng ký xe', 1, 0, 'FORM'],
      ['Chứng từ nguồn gốc xe', 1, 0, 'PAPER'],
      idCard,
      residence,
    ],
  },
  {
    name: 'Giải quyết hưởng trợ cấp thất nghiệp',
    sector: 'Việc làm',
    level: 'PROVINCE',
    online: 'FULL',
    days: 20,
    fees: [],
    requirements: [
      ['Đề nghị hưởng trợ cấp thất nghiệp', 1, 0, 'FORM'],
      ['Quyết định thôi việc', 0, 1, 'PAPER'],
      idCard,
    ],
  },
  {
    name: 'Cấp giấy phép lao động cho người nước ngoài',
    sector: 'Việc làm',
    level: 'PROVINCE',
    online: 'FULL',
    days: 5,
    fees: [['FEE', 600000, 'Phí cấp giấy phép lao động']],
    requirements: [
      ['Văn bản đề nghị cấp giấy phép lao động', 1, 0, 'FORM'],
      ['Hộ chiếu', 0, 1, 'PAPER'],
      registration,
    ],
    forBusiness: true,
  },
  {
    name: 'Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm',
    sector: 'An toàn thực phẩm',
    level: 'PROVINCE',
    online: 'FULL',
    days: 15,
    fees: [['FEE', 1000000, 'Phí thẩm định cơ sở']],
    requirements: [
      ['Đơn đề nghị cấp giấy chứng nhận', 1, 0, 'FORM'],
      ['Bản thuyết minh về cơ sở vật chất', 1, 0, 'PAPER'],
      registration,
    ],
    forBusiness: true,
  },
  {
    name: 'Cấp giấy phép kinh doanh bán lẻ rượu',
    sector: 'Lưu thông hàng hóa trong nước',
    level: 'COMMUNE',
    online: 'FULL',
    days: 10,
    fees: [['FEE', 1200000, 'Phí thẩm định cấp giấy phép']],
    requirements: [['Đơn đề nghị cấp giấy phép', 1, 0, 'FORM'], registration],
    forBusiness: true,
  },
  {
    name: 'Đăng ký hộ kinh doanh',
    sector: 'Thành lập và hoạt động hộ kinh doanh',
    level: 'COMMUNE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 100000, 'Lệ phí đăng ký hộ kinh doanh']],
    requirements: [['Giấy đề nghị đăng ký hộ kinh doanh', 1, 0, 'FORM'], idCard, residence],
  },
  {
    name: 'Hỗ trợ chi phí mai táng',
    sector: 'Bảo trợ xã hội',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 7,
    fees: [],
    requirements: [
      ['Tờ khai đề nghị hỗ trợ chi phí mai táng', 1, 0, 'FORM'],
      ['Trích lục khai tử', 0, 1, 'PRIOR_RESULT'],
      idCard,
    ],
  },
  {
    name: 'Trợ cấp xã hội hằng tháng',
    sector: 'Bảo trợ xã hội',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 15,
    fees: [],
    requirements: [['Tờ khai đề nghị trợ cấp xã hội', 1, 0, 'FORM'], idCard, residence],
  },
  {
    name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    sector: 'Bảo hiểm y tế',
    level: 'COMMUNE',
    online: 'FULL',
    days: 5,
    fees: [],
    requirements: [
      ['Tờ khai tham gia bảo hiểm y tế', 1, 0, 'FORM'],
      ['Giấy khai sinh', 0, 1, 'PRIOR_RESULT'],
      residence,
    ],
  },
  {
    name: 'Cấp giấy phép hoạt động khám bệnh, chữa bệnh',
    sector: 'Khám bệnh, chữa bệnh',
    level: 'PROVINCE',
    online: 'PARTIAL',
    days: 30,
    fees: [['FEE', 4300000, 'Phí thẩm định cấp giấy phép hoạt động']],
    requirements: [
      ['Đơn đề nghị cấp giấy phép hoạt động', 1, 0, 'FORM'],
      ['Danh sách người hành nghề', 1, 0, 'PAPER'],
      registration,
    ],
    forBusiness: true,
  },
  {
    name: 'Công nhận tốt nghiệp và cấp bản sao văn bằng',
    sector: 'Giáo dục',
    level: 'PROVINCE',
    online: 'FULL',
    days: 5,
    fees: [['FEE', 10000, 'Phí cấp bản sao văn bằng']],
    requirements: [['Đơn đề nghị cấp bản sao', 1, 0, 'FORM'], idCard],
  },
];

/**
 * Provincial agencies, by position: 0 is the province's people's committee and public-service centre
 * (000.00.00.<suffix>); the others are departments (synthetic level-2 numbers, reference/agency-codes.json).
 */
export const provincialDepartments = [
  'Trung tâm Phục vụ hành chính công',
  'Sở Tư pháp',
  'Sở Tài chính',
  'Sở Nông nghiệp và Môi trường',
  'Sở Xây dựng',
  'Sở Nội vụ',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Công Thương',
  'Công an',
];
/**
 * Who carries out a sector's procedures: the ministry (by its name in reference/agency-codes.json) for
 * the national procedure, and the provincial department (by position) for a province's copy.
 */
export const sectorAgencies: Record<string, [ministry: string, department: number]> = {
  'Hộ tịch': ['Bộ Tư pháp', 1],
  'Chứng thực': ['Bộ Tư pháp', 1],
  'Lý lịch tư pháp': ['Bộ Công an', 9],
  'Cư trú': ['Bộ Công an', 9],
  'Đường bộ': ['Bộ Công an', 9],
  'Thành lập và hoạt động doanh nghiệp': ['Bộ Tài chính', 2],
  'Thành lập và hoạt động hộ kinh doanh': ['Bộ Tài chính', 2],
  'Đất đai': ['Bộ Nông nghiệp và Môi trường', 3],
  'Xây dựng': ['Bộ Xây dựng', 4],
  'Việc làm': ['Bộ Nội vụ', 5],
  'Bảo trợ xã hội': ['Bộ Y tế', 6],
  'Bảo hiểm y tế': ['Bộ Y tế', 6],
  'Khám bệnh, chữa bệnh': ['Bộ Y tế', 6],
  'An toàn thực phẩm': ['Bộ Y tế', 6],
  'Giáo dục': ['Bộ Giáo dục và Đào tạo', 7],
  'Lưu thông hàng hóa trong nước': ['Bộ Công Thương', 8],
};

/**
 * Vietnamese surnames weighted by their estimated share of the population (Nguyễn about 38%; estimates
 * compiled from population studies, e.g. those cited by Wikipedia's "Vietnamese name"). A child takes
 * the father's surname.
 */
export const surnames: Array<[string, number]> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2.1],
  ['Phan', 4.5],
  ['Vũ', 2.4],
  ['Võ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 1],
  ['Trương', 1],
  ['Lương', 0.8],
  ['Mai', 0.7],
  ['Trịnh', 0.7],
  ['Đào', 0.6],
  ['Cao', 0.5],
  ['Lâm', 0.5],
  ['Hà', 0.5],
];

/** Provinces that waive the provincial items of online fees entirely (the others cut them by up to 50%). */
export const feeWaivingProvinces = ['01', '79', '86'];

/** The national codes of the templates' procedures, by name (reference/procedure-codes.json). */
const procedureCodes = readReference<{ codes: Record<string, { code: string }> }>(
  'procedure-codes.json',
).codes;

/** A template's national procedure code; a template the data file does not list is a defect. */
export function nationalCodeOf(template: ProcedureTemplate): string {
  const entry = procedureCodes[template.name];
  if (!entry) throw new Error(`reference/procedure-codes.json has no code for '${template.name}'`);
  return entry.code;
}

/** Who sets a fee item, its legal basis and its national online rate (reference/fee-rules.json). */
export interface FeeRule {
  authority: 'NATIONAL' | 'PROVINCIAL';
  legalBasis: string;
  /** The national online rate in whole đồng, where a circular sets one. */
  onlineAmount?: string;
}

/** The fee rules by item description. */
export const feeRules: Readonly<Record<string, FeeRule>> = readReference<{ items: Record<string, FeeRule> }>(
  'fee-rules.json',
).items;
