/**
 * Reference organisation of the 东西湖区 deployment (region 420112).
 *
 * Sources: the district plan 东安〔2020〕7号 (fixtures/plans/dongxihu-2020-7.txt) for the committee,
 * its 专委会 with their lead departments and the member units named in the plan; NBS 统计用区划代码
 * (2023) for the street codes. The seven 管理处 (codes 400–406) are the district's industry parks;
 * their names are this deployment's configuration and can be edited in the org browser.
 *
 * Aliases: every spelling the plan uses for one unit maps to the one canonical unit
 * (e.g. 区交警大队 = 区交通大队, 区卫健局 = 区卫生健康局, 区公安局分局 is a typo of 区公安分局).
 */

export type UnitKind = 'committee' | 'office' | 'sector_committee' | 'department' | 'street' | 'park' | 'enterprise' | 'other';

export interface RegionRef {
  code: string;
  name: string;
  kind: 'district' | 'street' | 'park';
  aliases: string[];
}

export interface UnitRef {
  code: string;
  name: string;
  shortName: string;
  kind: UnitKind;
  aliases: string[];
  /** region the unit belongs to (its territory for streets and parks) */
  regionCode: string;
  /** for a sector committee: the code of its lead department */
  leadUnitCode?: string;
}

export interface SectorRef {
  code: string;
  name: string;
  /** 一企一执法主体: the department that supervises enterprises of this sector */
  departmentCode: string;
  /** the 专委会 that leads the sector's 专项整治, when the plan names one */
  committeeCode?: string;
}

export const DISTRICT_CODE = '420112';
export const DISTRICT_NAME = '东西湖区';

export const REGIONS: RegionRef[] = [
  { code: '420112', name: '东西湖区', kind: 'district', aliases: ['武汉市东西湖区', '东西湖', '临空港经济技术开发区（东西湖区）'] },
  { code: '420112001', name: '吴家山街道', kind: 'street', aliases: ['吴家山街', '吴家山街道办事处', '吴家山'] },
  { code: '420112002', name: '柏泉街道', kind: 'street', aliases: ['柏泉街', '柏泉街道办事处', '柏泉'] },
  { code: '420112004', name: '将军路街道', kind: 'street', aliases: ['将军路街', '将军路街道办事处', '将军路'] },
  { code: '420112005', name: '慈惠街道', kind: 'street', aliases: ['慈惠街', '慈惠街道办事处', '慈惠'] },
  { code: '420112006', name: '走马岭街道', kind: 'street', aliases: ['走马岭街', '走马岭街道办事处', '走马岭'] },
  { code: '420112007', name: '径河街道', kind: 'street', aliases: ['径河街', '径河街道办事处', '径河'] },
  { code: '420112008', name: '长青街道', kind: 'street', aliases: ['长青街', '长青街道办事处', '长青'] },
  { code: '420112011', name: '辛安渡街道', kind: 'street', aliases: ['辛安渡街', '辛安渡街道办事处', '辛安渡'] },
  { code: '420112012', name: '东山街道', kind: 'street', aliases: ['东山街', '东山街道办事处', '东山'] },
  { code: '420112013', name: '常青花园新区街道', kind: 'street', aliases: ['常青花园社管办', '常青花园新区社会管理办公室', '常青花园新区（社管办）', '常青花园'] },
  { code: '420112014', name: '新沟镇街道', kind: 'street', aliases: ['新沟镇街', '新沟镇街道办事处', '新沟镇', '新沟'] },
  { code: '420112015', name: '金银湖街道', kind: 'street', aliases: ['金银湖街', '金银湖街道办事处', '金银湖'] },
  { code: '420112400', name: '临空港经开区管理处', kind: 'park', aliases: ['临空港经济技术开发区管理处', '临空港经开区', '临空港产业办'] },
  { code: '420112401', name: '国家网安基地管理处', kind: 'park', aliases: ['国家网络安全人才与创新基地管理处', '国家网安基地', '网安基地'] },
  { code: '420112402', name: '综合保税区管理处', kind: 'park', aliases: ['武汉东西湖综合保税区管理处', '东西湖综保区', '综保区'] },
  { code: '420112403', name: '食品工业园管理处', kind: 'park', aliases: ['武汉食品工业园管理处', '食品工业园', '食品产业办'] },
  { code: '420112404', name: '新沟工业园管理处', kind: 'park', aliases: ['新沟工业园', '新沟产业办'] },
  { code: '420112405', name: '径河物流园管理处', kind: 'park', aliases: ['径河物流园', '物流产业办'] },
  { code: '420112406', name: '金银湖生态旅游区管理处', kind: 'park', aliases: ['金银湖生态旅游区', '旅游产业办'] },
];

const D = DISTRICT_CODE;

function dept(code: string, name: string, aliases: string[] = []): UnitRef {
  const shortName = name.replace(/^东西湖区/, '区');
  return { code, name, shortName, kind: 'department', aliases: [shortName, ...aliases], regionCode: D };
}

function committee(code: string, shortName: string, leadUnitCode: string, aliases: string[] = []): UnitRef {
  return {
    code,
    name: `东西湖区${shortName.replace(/^区/, '')}`,
    shortName,
    kind: 'sector_committee',
    aliases: [shortName, ...aliases],
    regionCode: D,
    leadUnitCode,
  };
}

/** Centres of the streets and parks (approximate, WGS-84): demo map points and routing a place to its street. */
export const REGION_CENTRES: Record<string, [lng: number, lat: number]> = {
  '420112001': [114.142, 30.628],
  '420112002': [114.118, 30.722],
  '420112004': [114.214, 30.637],
  '420112005': [114.078, 30.649],
  '420112006': [114.112, 30.664],
  '420112007': [114.177, 30.654],
  '420112008': [114.192, 30.62],
  '420112011': [113.981, 30.663],
  '420112012': [114.053, 30.706],
  '420112013': [114.171, 30.632],
  '420112014': [114.036, 30.752],
  '420112015': [114.233, 30.672],
  '420112400': [114.101, 30.643],
  '420112401': [114.084, 30.706],
  '420112402': [114.125, 30.67],
  '420112403': [114.098, 30.657],
  '420112404': [114.035, 30.742],
  '420112405': [114.168, 30.671],
  '420112406': [114.221, 30.688],
};

export const UNITS: UnitRef[] = [
  { code: 'committee', name: '东西湖区安全生产委员会', shortName: '区安委会', kind: 'committee', aliases: ['区安委会', '区安全生产委员会', '安委会'], regionCode: D },
  { code: 'office', name: '东西湖区安全生产委员会办公室', shortName: '区安委办', kind: 'office', aliases: ['区安委办', '区安委会办公室', '区安全生产委员会办公室', '安委办'], regionCode: D },

  // Departments (区安委会成员单位) named in the plan, canonical name first, then the plan's other spellings.
  dept('dept.emergency', '东西湖区应急管理局', ['区应急局', '应急管理局', '区应急管理部']),
  dept('dept.organization', '东西湖区委组织部', ['区委组织部']),
  dept('dept.publicity', '东西湖区委宣传部', ['区委宣传部']),
  dept('dept.staffing', '东西湖区委编办', ['区委编办', '区委机构编制委员会办公室']),
  dept('dept.unitedfront', '东西湖区委统战部', ['区委统战部', '区委统战部（台办、民宗局）', '区民宗局', '区台办']),
  dept('dept.politicallegal', '东西湖区委政法委', ['区委政法委']),
  dept('dept.civilmilitary', '东西湖区委军民融合办', ['区委军民融合办', '区军民融合办']),
  dept('dept.development', '东西湖区发改局', ['区发展和改革局', '区发展改革局', '发改局']),
  dept('dept.education', '东西湖区教育局', ['教育局']),
  dept('dept.economy', '东西湖区科经局', ['区科技和经济信息化局', '区科技经信局', '科经局']),
  dept('dept.publicsecurity', '东西湖区公安分局', ['区公安局分局', '区公安局', '公安分局', '公安东西湖分局']),
  dept('dept.civilaffairs', '东西湖区民政局', ['区民政部', '民政局']),
  dept('dept.justice', '东西湖区司法局', ['司法局']),
  dept('dept.finance', '东西湖区财政局', ['财政局']),
  dept('dept.naturalresources', '东西湖区自然资源和规划局', ['区自然资源局', '区自规局', '自然资源和规划局']),
  dept('dept.ecology', '东西湖区生态环境分局', ['区环保局', '生态环境分局']),
  dept('dept.housing', '东西湖区住建局', ['区住房和城乡建设局', '区住房城乡建设局', '住建局']),
  dept('dept.urbanmanagement', '东西湖区城管执法局', ['区城管局', '区城管部', '区城市管理执法局', '城管执法局', '城管部门']),
  dept('dept.transport', '东西湖区交通运输局', ['区交通局', '交通运输局']),
  dept('dept.water', '东西湖区水务和湖泊局', ['区水务局', '水务和湖泊局']),
  dept('dept.agriculture', '东西湖区农业农村局', ['区农业局', '农业农村局']),
  dept('dept.commerce', '东西湖区商务局', ['区商务部', '商务局']),
  dept('dept.culturetourism', '东西湖区文化和旅游局', ['区文化旅游局', '区文旅局', '文化和旅游局', '文化旅游局']),
  dept('dept.health', '东西湖区卫生健康局', ['区卫健局', '区卫生健康委员会', '区卫健委', '卫生健康局', '卫健局']),
  dept('dept.market', '东西湖区市场监管局', ['区市场监督管理局', '市场监管局']),
  dept('dept.approval', '东西湖区行政审批局', ['行政审批局']),
  dept('dept.media', '东西湖区融媒体中心', ['融媒体中心']),
  dept('dept.fire', '东西湖区消防救援大队', ['区消防大队', '消防救援大队']),
  dept('dept.traffic', '东西湖区交通大队', ['区交警大队', '公安交管部门', '交通大队', '交警大队']),
  dept('dept.supplymarketing', '东西湖区供销联社', ['区供销合作社', '供销联社']),
  dept('dept.postal', '东西湖区邮政管理局', ['邮政管理局']),
  dept('dept.meteorology', '东西湖区气象局', ['气象局']),
  dept('dept.powersupply', '东西湖区供电公司', ['国网东西湖供电公司', '供电公司']),
  dept('dept.industryoffice', '东西湖区产业办', ['各产业办', '产业办']),
  dept('dept.stateowned', '东西湖区属企业', ['区属企业']),

  // 专委会 (sector committees) with their lead departments, as the plan names them.
  committee('sc.petrochem', '区石化工业专委会', 'dept.emergency', ['区石化工业安全生产专业委员会', '石化工业专委会']),
  committee('sc.fire', '区消防专委会', 'dept.fire', ['区消防安全生产专业委员会', '消防专委会', '区消防安全委员会']),
  committee('sc.transport', '区综合交通（物流）专委会', 'dept.transport', ['区综合交通（物流）安全生产专业委员会', '综合交通（物流）专委会', '区综合交通专委会']),
  committee('sc.construction', '区城建专委会', 'dept.housing', ['区城建安全生产专业委员会', '城建专委会']),
  committee('sc.land', '区国土（地质、非煤矿山）专委会', 'dept.naturalresources', ['区国土（地质、非煤矿山）安全生产专业委员会', '区国土（地质、非煤矿山）安全生产专委会', '国土（地质、非煤矿山）专委会']),
  committee('sc.fireworks', '区烟花爆竹和民爆物品专委会', 'dept.publicsecurity', ['区烟花爆竹和民爆物品安全生产专业委员会', '烟花爆竹和民爆物品专委会']),
  committee('sc.specialequipment', '区特种设备专委会', 'dept.market', ['区特种设备安全生产专业委员会', '特种设备专委会']),
  committee('sc.citygas', '区城镇燃气专委会', 'dept.urbanmanagement', ['区城镇燃气安全生产专业委员会', '城镇燃气专委会']),
  committee('sc.metallurgy', '区工业（冶金）专委会', 'dept.economy', ['区工业（冶金）安全生产专业委员会', '工业（冶金）专委会']),
  committee('sc.campus', '区校园专委会', 'dept.education', ['区校园安全生产专业委员会', '校园专委会']),
  committee('sc.hospital', '区医院专委会', 'dept.health', ['区医院安全生产专业委员会', '医院专委会']),
  committee('sc.pipeline', '区油气长输管线专委会', 'dept.development', ['区油气长输管线安全生产专业委员会', '油气长输管线专委会']),
  committee('sc.tourism', '区旅游专委会', 'dept.culturetourism', ['区旅游安全生产专业委员会', '旅游专委会']),
  committee('sc.commerce', '区商贸（成品油）和海关特殊监管区专委会', 'dept.commerce', ['区商贸（成品油）和海关特殊监管区安全生产专业委员会', '商贸（成品油）和海关特殊监管区专委会']),

  // Streets (属地) and parks, one unit each for its territory.
  ...REGIONS.filter((r) => r.kind !== 'district').map<UnitRef>((r) => ({
    code: `${r.kind}.${r.code}`,
    name: r.kind === 'street' && r.code === '420112013' ? '常青花园新区社会管理办公室' : r.kind === 'street' ? `${r.name}办事处` : r.name,
    shortName: r.kind === 'street' && r.code === '420112013' ? '常青花园社管办' : r.name,
    kind: r.kind === 'street' ? 'street' : 'park',
    aliases: [r.name, ...r.aliases],
    regionCode: r.code,
  })),
];

/**
 * The 26 专项整治 行业领域 of the plan, each with its supervising department (一企一执法主体)
 * taken from the plan's lead clause for that 专项整治.
 */
export const SECTORS: SectorRef[] = [
  { code: 'hazchem', name: '危险化学品', departmentCode: 'dept.emergency', committeeCode: 'sc.petrochem' },
  { code: 'power', name: '电力', departmentCode: 'dept.economy' },
  { code: 'noncoalmine', name: '非煤矿山', departmentCode: 'dept.naturalresources', committeeCode: 'sc.land' },
  { code: 'fire', name: '消防', departmentCode: 'dept.fire', committeeCode: 'sc.fire' },
  { code: 'transport', name: '综合交通', departmentCode: 'dept.transport', committeeCode: 'sc.transport' },
  { code: 'agrimachinery', name: '农业机械', departmentCode: 'dept.agriculture' },
  { code: 'construction', name: '城市建设', departmentCode: 'dept.housing', committeeCode: 'sc.construction' },
  { code: 'industrialpark', name: '工业园区', departmentCode: 'dept.economy' },
  { code: 'hazwaste', name: '危险废物', departmentCode: 'dept.ecology' },
  { code: 'fireworks', name: '烟花爆竹', departmentCode: 'dept.publicsecurity', committeeCode: 'sc.fireworks' },
  { code: 'explosives', name: '民爆物品', departmentCode: 'dept.publicsecurity', committeeCode: 'sc.fireworks' },
  { code: 'specialequipment', name: '特种设备', departmentCode: 'dept.market', committeeCode: 'sc.specialequipment' },
  { code: 'citygas', name: '城镇燃气', departmentCode: 'dept.urbanmanagement', committeeCode: 'sc.citygas' },
  { code: 'metallurgy', name: '工业(冶金)', departmentCode: 'dept.economy', committeeCode: 'sc.metallurgy' },
  { code: 'campus', name: '校园', departmentCode: 'dept.education', committeeCode: 'sc.campus' },
  { code: 'hospital', name: '医院', departmentCode: 'dept.health', committeeCode: 'sc.hospital' },
  { code: 'pipeline', name: '油气长输管线', departmentCode: 'dept.development', committeeCode: 'sc.pipeline' },
  { code: 'tourism', name: '旅游', departmentCode: 'dept.culturetourism', committeeCode: 'sc.tourism' },
  { code: 'commerceoil', name: '商贸(成品油)', departmentCode: 'dept.commerce', committeeCode: 'sc.commerce' },
  { code: 'customszone', name: '海关特殊监管区', departmentCode: 'dept.commerce', committeeCode: 'sc.commerce' },
  { code: 'geohazard', name: '地质灾害', departmentCode: 'dept.naturalresources', committeeCode: 'sc.land' },
  { code: 'military', name: '军工', departmentCode: 'dept.civilmilitary' },
  { code: 'housing', name: '房屋安全', departmentCode: 'dept.housing' },
  { code: 'landfill', name: '垃圾场', departmentCode: 'dept.urbanmanagement' },
  { code: 'civildefense', name: '人防工程', departmentCode: 'dept.housing' },
  { code: 'elderlycare', name: '养老机构', departmentCode: 'dept.civilaffairs' },
];

/** Normalise a unit name for alias lookup: full-width brackets, spaces, a leading 东西湖/区 prefix. */
export function normalizeUnitName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/^武汉市/, '')
    .replace(/^东西湖区/, '区')
    .trim();
}

export interface UnitDirectoryEntry {
  code: string;
  name: string;
  kind: UnitKind;
  aliases: string[];
}

/** An alias table over a list of units: every name and alias (normalised) → the unit. */
export class UnitDirectory {
  private readonly byName = new Map<string, UnitDirectoryEntry>();
  constructor(readonly entries: UnitDirectoryEntry[]) {
    for (const u of entries) {
      for (const n of [u.name, ...u.aliases]) {
        const key = normalizeUnitName(n);
        if (!this.byName.has(key)) this.byName.set(key, u);
      }
    }
  }
  resolve(name: string): UnitDirectoryEntry | undefined {
    const key = normalizeUnitName(name);
    return this.byName.get(key) ?? this.byName.get(key.replace(/^区/, '')) ?? this.byName.get(`区${key}`);
  }
}

export function referenceUnitDirectory(): UnitDirectory {
  return new UnitDirectory(UNITS.map((u) => ({ code: u.code, name: u.shortName, kind: u.kind, aliases: [u.name, ...u.aliases] })));
}
