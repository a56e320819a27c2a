/**
 * Reference tables for generated records. Names, ethnic groups, religions, VSIC industries and
 * procedure names are real; ward names and codes, agency e-IDs and procedure codes are synthetic
 * (in the right formats) because the official lists are not shipped with the project.
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

export const wardStems = [
  'Trung Tâm',
  'Tân An',
  'Hòa Bình',
  'Thắng Lợi',
  'Đông Hải',
  'Tây Sơn',
  'Bình Minh',
  'Phú Lợi',
  'An Khánh',
  'Hưng Phú',
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

/** Tax-code province prefixes (digits 1-2) and the current province they sit in. */
export const taxPrefixes: Array<[string, string]> = [
  ['01', '01'],
  ['02', '31'],
  ['03', '79'],
  ['04', '48'],
  ['18', '92'],
  ['23', '56'],
  ['27', '38'],
  ['29', '40'],
  ['36', '75'],
  ['37', '79'],
];

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
];
export const businessTrades = [
  'Thương mại',
  'Xây dựng',
  'Công nghệ',
  'Vận tải',
  'Thực phẩm',
  'Dịch vụ',
  'Đầu tư',
  'May mặc',
];

export type Evidence =
  'CITIZEN_REGISTRY' | 'HOUSEHOLD_REGISTRY' | 'BUSINESS_REGISTRY' | 'PRIOR_RESULT' | 'PAPER';
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
      ['Tờ khai đăng ký nhận cha, mẹ, con', 1, 0, 'PAPER'],
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
    requirements: [['Tờ khai đăng ký khai sinh', 1, 0, 'PAPER'], ['Giấy chứng sinh', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Đăng ký kết hôn',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 5,
    fees: [['CHARGE', 0, 'Miễn lệ phí đăng ký kết hôn trong nước']],
    requirements: [
      ['Tờ khai đăng ký kết hôn', 1, 0, 'PAPER'],
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
    requirements: [['Tờ khai', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Đăng ký khai tử',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [],
    requirements: [['Tờ khai đăng ký khai tử', 1, 0, 'PAPER'], ['Giấy báo tử', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    sector: 'Hộ tịch',
    level: 'COMMUNE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 5000, 'Lệ phí cấp giấy xác nhận']],
    requirements: [['Tờ khai', 1, 0, 'PAPER'], idCard, residence],
  },
  {
    name: 'Đăng ký thường trú',
    sector: 'Cư trú',
    level: 'COMMUNE',
    online: 'FULL',
    days: 7,
    fees: [['CHARGE', 20000, 'Lệ phí đăng ký cư trú']],
    requirements: [
      ['Tờ khai thay đổi thông tin cư trú', 1, 0, 'PAPER'],
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
    requirements: [['Tờ khai thay đổi thông tin cư trú', 1, 0, 'PAPER'], idCard],
  },
  {
    name: 'Xác nhận thông tin về cư trú',
    sector: 'Cư trú',
    level: 'COMMUNE',
    online: 'FULL',
    days: 1,
    fees: [],
    requirements: [['Tờ khai', 1, 0, 'PAPER'], idCard, residence],
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
      ['Giấy đề nghị đăng ký doanh nghiệp', 1, 0, 'PAPER'],
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
    requirements: [['Thông báo thay đổi nội dung đăng ký doanh nghiệp', 1, 0, 'PAPER'], registration, idCard],
    forBusiness: true,
  },
  {
    name: 'Thông báo tạm ngừng kinh doanh',
    sector: 'Thành lập và hoạt động doanh nghiệp',
    level: 'PROVINCE',
    online: 'FULL',
    days: 3,
    fees: [],
    requirements: [['Thông báo tạm ngừng kinh doanh', 1, 0, 'PAPER'], registration],
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
      ['Thông báo về việc giải thể doanh nghiệp', 1, 0, 'PAPER'],
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
      ['Đơn đăng ký, cấp giấy chứng nhận', 1, 0, 'PAPER'],
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
      ['Đơn đăng ký biến động', 1, 0, 'PAPER'],
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
      ['Đơn đề nghị cấp giấy phép xây dựng', 1, 0, 'PAPER'],
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
      ['Đơn đề nghị cấp giấy phép xây dựng', 1, 0, 'PAPER'],
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
    requirements: [['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 1, 0, 'PAPER'], idCard, residence],
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
      ['Đơn đề nghị đổi giấy phép lái xe', 1, 0, 'PAPER'],
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
      ['Giấy khai đăng ký xe', 1, 0, 'PAPER'],
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
      ['Đề nghị hưởng trợ cấp thất nghiệp', 1, 0, 'PAPER'],
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
      ['Văn bản đề nghị cấp giấy phép lao động', 1, 0, 'PAPER'],
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
      ['Đơn đề nghị cấp giấy chứng nhận', 1, 0, 'PAPER'],
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
    requirements: [['Đơn đề nghị cấp giấy phép', 1, 0, 'PAPER'], registration],
    forBusiness: true,
  },
  {
    name: 'Đăng ký hộ kinh doanh',
    sector: 'Thành lập và hoạt động hộ kinh doanh',
    level: 'COMMUNE',
    online: 'FULL',
    days: 3,
    fees: [['CHARGE', 100000, 'Lệ phí đăng ký hộ kinh doanh']],
    requirements: [['Giấy đề nghị đăng ký hộ kinh doanh', 1, 0, 'PAPER'], idCard, residence],
  },
  {
    name: 'Hỗ trợ chi phí mai táng',
    sector: 'Bảo trợ xã hội',
    level: 'COMMUNE',
    online: 'PARTIAL',
    days: 7,
    fees: [],
    requirements: [
      ['Tờ khai đề nghị hỗ trợ chi phí mai táng', 1, 0, 'PAPER'],
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
    requirements: [['Tờ khai đề nghị trợ cấp xã hội', 1, 0, 'PAPER'], idCard, residence],
  },
  {
    name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    sector: 'Bảo hiểm y tế',
    level: 'COMMUNE',
    online: 'FULL',
    days: 5,
    fees: [],
    requirements: [
      ['Tờ khai tham gia bảo hiểm y tế', 1, 0, 'PAPER'],
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
      ['Đơn đề nghị cấp giấy phép hoạt động', 1, 0, 'PAPER'],
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
    requirements: [['Đơn đề nghị cấp bản sao', 1, 0, 'PAPER'], idCard],
  },
];

/** Central agencies (one-stop shops of ministries); provincial ones are generated per province. */
export const centralAgencies: Array<[string, string]> = [
  ['000.00.00.G06', 'Bộ Công an'],
  ['000.00.00.G12', 'Bộ Tư pháp'],
  ['000.00.00.G13', 'Bộ Tài chính'],
  ['000.00.00.G15', 'Bộ Nông nghiệp và Môi trường'],
  ['000.00.00.G10', 'Bộ Xây dựng'],
  ['000.00.00.G09', 'Bộ Nội vụ'],
  ['000.00.00.G16', 'Bộ Y tế'],
  ['000.00.00.G08', 'Bộ Giáo dục và Đào tạo'],
  ['000.00.00.G14', 'Bộ Công Thương'],
];
/** Provincial agencies, by position: 0 is each province's one-stop shop, whose code is 000.00.00.H<province>. */
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
/** Who carries out a sector's procedures: the ministry (national code) and the provincial department (localised). */
export const sectorAgencies: Record<string, [central: string, department: number]> = {
  'Hộ tịch': ['000.00.00.G12', 1],
  'Chứng thực': ['000.00.00.G12', 1],
  'Lý lịch tư pháp': ['000.00.00.G12', 1],
  'Cư trú': ['000.00.00.G06', 9],
  'Đường bộ': ['000.00.00.G06', 9],
  'Thành lập và hoạt động doanh nghiệp': ['000.00.00.G13', 2],
  'Thành lập và hoạt động hộ kinh doanh': ['000.00.00.G13', 2],
  'Đất đai': ['000.00.00.G15', 3],
  'Xây dựng': ['000.00.00.G10', 4],
  'Việc làm': ['000.00.00.G09', 5],
  'Bảo trợ xã hội': ['000.00.00.G09', 5],
  'Bảo hiểm y tế': ['000.00.00.G16', 6],
  'Khám bệnh, chữa bệnh': ['000.00.00.G16', 6],
  'An toàn thực phẩm': ['000.00.00.G16', 6],
  'Giáo dục': ['000.00.00.G08', 7],
  'Lưu thông hàng hóa trong nước': ['000.00.00.G14', 8],
};

/** Provinces that waive online fees entirely (the others cut them by up to 50%). */
export const feeWaivingProvinces = ['01', '79', '86'];
