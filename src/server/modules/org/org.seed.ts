import { sql } from 'drizzle-orm';
import type { Tx } from '../../db';
import type { FieldCipher } from '../../platform/crypto';
import { recordAudit } from '../../platform/audit';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { DISTRICT_CODE, REGION_CENTRES, REGIONS, SECTORS, UNITS } from '../../../shared/org/reference';
import { buildUscc, USCC_ALPHABET } from '../../../shared/org/uscc';
import { enterprises, regions, sectors, units } from './org.schema';
import { forgetEnterpriseCounts } from './org.repo';

/** Small deterministic PRNG (mulberry32) so demo data is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

/** The 东西湖区 organisation: regions, units (with aliases), sectors and their departments. */
export async function seedOrganisation(tx: Tx): Promise<void> {
  await tx.insert(regions).values(
    REGIONS.map((r, i) => ({ code: r.code, name: r.name, kind: r.kind, parentCode: r.kind === 'district' ? null : DISTRICT_CODE, aliases: r.aliases, sort: i })),
  );
  const inserted = await tx
    .insert(units)
    .values(UNITS.map((u, i) => ({ code: u.code, name: u.name, shortName: u.shortName, kind: u.kind, regionCode: u.regionCode, aliases: u.aliases, sort: i })))
    .returning({ id: units.id, code: units.code });
  const idByCode = new Map(inserted.map((u) => [u.code, u.id]));
  for (const u of UNITS.filter((x) => x.leadUnitCode)) {
    await tx.execute(sql`UPDATE units SET lead_unit_id = ${idByCode.get(u.leadUnitCode!)} WHERE code = ${u.code}`);
  }
  await tx.insert(sectors).values(
    SECTORS.map((s, i) => ({
      code: s.code,
      name: s.name,
      departmentUnitId: idByCode.get(s.departmentCode)!,
      committeeUnitId: s.committeeCode ? idByCode.get(s.committeeCode)! : null,
      sort: i,
    })),
  );
  await recordAudit(tx, SYSTEM_CONTEXT, {
    action: 'org.seed',
    entity: 'organisation',
    entityId: DISTRICT_CODE,
    regionCode: DISTRICT_CODE,
    after: { regions: REGIONS.length, units: UNITS.length, sectors: SECTORS.length },
  });
}

// ---------- synthetic enterprises ----------


interface SectorProfile {
  sector: string;
  count: number;
  kinds: string[];
  suffix: string[];
  extra?: string[];
  scope: string;
}

const PROFILES: SectorProfile[] = [
  { sector: 'hazchem', count: 30, kinds: ['化工', '化学品', '气体', '石化', '涂料', '精细化工'], suffix: ['有限公司', '股份有限公司', '储运有限公司'], extra: ['fire', 'specialequipment'], scope: '危险化学品经营（不带储存设施）；化工原料及产品批发' },
  { sector: 'fire', count: 38, kinds: ['商业广场', '购物中心', '大酒店', '宾馆', 'KTV', '影城', '超市', '农贸市场'], suffix: ['有限公司', '管理有限公司'], scope: '商业综合体经营管理；餐饮服务；住宿服务' },
  { sector: 'transport', count: 40, kinds: ['物流', '供应链', '运输', '冷链', '快递', '仓储'], suffix: ['有限公司', '股份有限公司'], extra: ['fire'], scope: '道路普通货物运输；仓储服务；供应链管理' },
  { sector: 'construction', count: 28, kinds: ['建设工程', '建筑工程', '市政工程', '建工集团'], suffix: ['有限公司', '项目部'], extra: ['specialequipment'], scope: '房屋建筑工程施工总承包；市政公用工程施工' },
  { sector: 'metallurgy', count: 48, kinds: ['机械制造', '金属制品', '铝业', '食品', '饮料', '包装材料', '电子科技', '木业', '纺织'], suffix: ['有限公司', '股份有限公司'], extra: ['specialequipment', 'fire'], scope: '机械设备制造；金属制品加工；食品生产' },
  { sector: 'specialequipment', count: 14, kinds: ['电梯工程', '起重设备', '锅炉', '压力容器检测'], suffix: ['有限公司'], scope: '电梯安装维修；起重机械安装改造维修' },
  { sector: 'citygas', count: 10, kinds: ['燃气', '液化气', '天然气'], suffix: ['有限公司', '供应站'], extra: ['hazchem'], scope: '瓶装液化石油气经营；管道燃气供应' },
  { sector: 'commerceoil', count: 14, kinds: ['加油站', '石油销售', '能源'], suffix: ['有限公司', '加油站'], extra: ['hazchem', 'fire'], scope: '成品油零售；润滑油销售' },
  { sector: 'campus', count: 9, kinds: ['实验学校', '幼儿园', '职业技术学校', '中学'], suffix: [''], scope: '学历教育' },
  { sector: 'hospital', count: 8, kinds: ['医院', '中医医院', '妇幼保健院', '社区卫生服务中心'], suffix: [''], extra: ['fire'], scope: '医疗服务' },
  { sector: 'elderlycare', count: 8, kinds: ['养老院', '颐养中心', '老年公寓', '康养中心'], suffix: [''], extra: ['fire'], scope: '养老服务' },
  { sector: 'tourism', count: 7, kinds: ['旅游', '生态园', '乐园', '度假村'], suffix: ['有限公司'], extra: ['fire'], scope: '旅游景区管理；游乐园服务' },
  { sector: 'hazwaste', count: 6, kinds: ['环保科技', '再生资源', '固废处置'], suffix: ['有限公司'], extra: ['hazchem'], scope: '危险废物经营；固体废物治理' },
  { sector: 'power', count: 5, kinds: ['电力', '新能源', '光伏', '充电科技'], suffix: ['有限公司'], scope: '电力供应；充电桩运营' },
  { sector: 'fireworks', count: 4, kinds: ['烟花爆竹'], suffix: ['经营部', '有限公司'], scope: '烟花爆竹零售' },
  { sector: 'agrimachinery', count: 4, kinds: ['农机服务', '农业专业合作社', '农机'], suffix: ['有限公司', ''], scope: '农业机械服务' },
  { sector: 'customszone', count: 5, kinds: ['国际物流', '保税仓储', '跨境贸易'], suffix: ['有限公司'], extra: ['transport'], scope: '保税仓储；国际货运代理' },
  { sector: 'housing', count: 5, kinds: ['物业', '房地产开发'], suffix: ['有限公司'], scope: '物业管理' },
  { sector: 'landfill', count: 2, kinds: ['建筑垃圾消纳场', '垃圾处理'], suffix: ['有限公司'], scope: '建筑垃圾消纳' },
  { sector: 'civildefense', count: 3, kinds: ['地下停车场', '人防工程管理'], suffix: ['有限公司'], scope: '人防工程平时使用管理' },
  { sector: 'pipeline', count: 2, kinds: ['管道运营', '输油管道'], suffix: ['分公司'], extra: ['hazchem'], scope: '原油成品油管道运输' },
];

const BRAND_A = ['华', '金', '汉', '楚', '鑫', '恒', '东', '新', '宏', '瑞', '盛', '兴', '嘉', '泰', '荣', '江', '长', '天', '博', '安'];
const BRAND_B = ['通', '源', '达', '信', '阳', '盛', '宇', '海', '峰', '和', '成', '丰', '润', '辉', '诚', '远', '利', '康', '鼎', '川'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚', '桂英', '建国', '志强', '海燕', '晓东', '文斌', '红梅', '国庆', '丽娟', '建华', '永红'];
const ROADS = ['革新大道', '金山大道', '吴家山北路', '东吴大道', '将军路', '三店西路', '走马岭大道', '径河路', '新沟大道', '金银湖路', '马池路', '七雄路', '汇通大道', '食品二路', '保税大道', '临空港大道', '田园大道', '慈惠路', '柏泉大道', '园博大道'];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

function orgBody(rng: Rng): string {
  // New-style 主体标识码 start with "MA"; the rest from the USCC alphabet.
  let s = 'MA';
  for (let i = 0; i < 6; i++) s += USCC_ALPHABET[rng.int(0, 9) + (i > 1 ? rng.int(0, 21) : 0)];
  return s;
}

export interface DemoEnterprise {
  id: string;
  name: string;
  sector: string;
  regionCode: string;
  creditCode: string;
}

/** ~300 synthetic enterprises across sectors and streets, valid credit codes, encrypted phones. */
export async function seedDemoEnterprises(tx: Tx, cipher: FieldCipher, rng: Rng): Promise<DemoEnterprise[]> {
  const streetCodes = REGIONS.filter((r) => r.kind !== 'district').map((r) => r.code);
  const usedNames = new Set<string>();
  const usedCodes = new Set<string>();
  const values: (typeof enterprises.$inferInsert)[] = [];
  for (const p of PROFILES) {
    for (let i = 0; i < p.count; i++) {
      // Parks host industry; streets host everything.
      const regionCode = p.sector === 'customszone' ? '420112402' : rng.chance(0.25) ? rng.pick(streetCodes.filter((c) => c.startsWith('4201124'))) : rng.pick(streetCodes.filter((c) => !c.startsWith('4201124')));
      const regionName = REGIONS.find((r) => r.code === regionCode)!.name.replace(/(街道|管理处)$/, '');
      let name = '';
      for (let tries = 0; tries < 50 && (!name || usedNames.has(name)); tries++) {
        const brand = rng.pick(BRAND_A) + rng.pick(BRAND_B);
        const kind = rng.pick(p.kinds);
        const suffix = rng.pick(p.suffix);
        name = suffix === '' ? `武汉市东西湖区${brand}${kind}` : rng.chance(0.5) ? `武汉${brand}${kind}${suffix}` : `武汉${regionName}${brand}${kind}${suffix}`;
      }
      usedNames.add(name);
      let creditCode = '';
      while (!creditCode || usedCodes.has(creditCode)) {
        const reg = ['campus', 'hospital', 'elderlycare'].includes(p.sector) ? rng.pick(['12', '52']) : p.sector === 'agrimachinery' && rng.chance(0.5) ? '93' : rng.chance(0.9) ? '91' : '92';
        creditCode = buildUscc(reg[0], reg[1], '420112', orgBody(rng));
      }
      usedCodes.add(creditCode);
      const [clng, clat] = REGION_CENTRES[regionCode];
      const employees = p.sector === 'fireworks' ? rng.int(2, 8) : rng.int(8, rng.chance(0.15) ? 2000 : 300);
      const scale = employees >= 1000 ? '大型' : employees >= 300 ? '中型' : employees >= 20 ? '小型' : '微型';
      const extras = (p.extra ?? []).filter(() => rng.chance(0.5));
      values.push({
        creditCode,
        name,
        sector: p.sector,
        sectors: [p.sector, ...extras],
        regionCode,
        address: `武汉市东西湖区${rng.pick(ROADS)}${rng.int(1, 388)}号`,
        lng: Math.round((clng + (rng.next() - 0.5) * 0.03) * 1e6) / 1e6,
        lat: Math.round((clat + (rng.next() - 0.5) * 0.025) * 1e6) / 1e6,
        legalRepName: personName(rng),
        legalRepPhoneEnc: cipher.encrypt(mobile(rng)),
        safetyManagerName: personName(rng),
        safetyManagerPhoneEnc: cipher.encrypt(rng.chance(0.7) ? mobile(rng) : `027-8${rng.int(100, 999)}${rng.int(1000, 9999)}`),
        scale,
        // 规上: industrial enterprises with ≥ 20 million yuan revenue; approximated by size here.
        aboveScale: employees >= 300 || (employees >= 80 && rng.chance(0.4)),
        status: rng.chance(0.92) ? '在营' : rng.pick(['停产', '停业整顿', '在营']),
        employees,
        establishedOn: `${rng.int(1998, 2022)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        businessScope: p.scope,
      });
    }
  }
  forgetEnterpriseCounts(tx);
  const inserted = await tx.insert(enterprises).values(values).returning({ id: enterprises.id, name: enterprises.name, sector: enterprises.sector, regionCode: enterprises.regionCode, creditCode: enterprises.creditCode });
  for (let i = 0; i < inserted.length; i += 500) {
    await recordAudit(
      tx,
      SYSTEM_CONTEXT,
      inserted.slice(i, i + 500).map((e) => ({ action: 'enterprise.seed', entity: 'enterprise', entityId: e.id, regionCode: e.regionCode, after: { name: e.name, creditCode: e.creditCode, sector: e.sector } })),
    );
  }
  await seedUnitContacts(tx, cipher);
  return inserted;
}

/** Office landlines in 东西湖区 (027-83xx / 027-8xxx): a liaison's desk phone. */
function landline(rng: Rng): string {
  return `027-8${rng.pick(['3', '5', '6', '7'])}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/**
 * Demo only: every unit has a liaison (联络员) and a phone, so the organisation pages and the
 * campaign's units look kept. A stream of its own (fixed seed) leaves the enterprises unchanged.
 */
export async function seedUnitContacts(tx: Tx, cipher: FieldCipher): Promise<void> {
  const rng = prng(0x1a150);
  const list = await tx.select({ id: units.id, code: units.code }).from(units).orderBy(units.sort);
  const used = new Set<string>();
  for (const u of list) {
    let name = personName(rng);
    while (used.has(name)) name = personName(rng);
    used.add(name);
    const phone = rng.chance(0.6) ? landline(rng) : mobile(rng);
    await tx.update(units).set({ contactName: name, contactPhoneEnc: cipher.encrypt(phone) }).where(sql`${units.id} = ${u.id}`);
  }
}
