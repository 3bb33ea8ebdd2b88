import { z } from 'zod';
import { validateUscc } from '../org/uscc';
import { BoolParam, IsoDate, Page, PageSize, Phone, RegionCode, Text } from './common';

export const ENTERPRISE_SCALES = ['大型', '中型', '小型', '微型'] as const;
export const ENTERPRISE_STATUSES = ['在营', '停产', '停业整顿', '关闭', '注销'] as const;
export const RISK_LEVELS = ['重大', '较大', '一般', '低'] as const;

/** 统一社会信用代码, validated per GB 32100 with a message naming the wrong part. */
export const CreditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((code, ctx) => {
    const r = validateUscc(code);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message! });
  });

const optionalPhone = z.union([Phone, z.literal('').transform(() => null), z.null()]).optional();

export const EnterpriseFields = {
  name: Text(200, 2),
  sector: z.string().min(1, '请选择行业领域').max(40),
  sectors: z.array(z.string().max(40)).max(26, '最多 26 个行业领域').optional(),
  regionCode: RegionCode,
  address: Text(300).optional(),
  lng: z.number().min(73, '经度应在 73–136 之间').max(136, '经度应在 73–136 之间').nullable().optional(),
  lat: z.number().min(3, '纬度应在 3–54 之间').max(54, '纬度应在 3–54 之间').nullable().optional(),
  legalRepName: Text(50).optional(),
  legalRepPhone: optionalPhone,
  safetyManagerName: Text(50).optional(),
  safetyManagerPhone: optionalPhone,
  scale: z.enum(ENTERPRISE_SCALES, { message: `企业规模应为：${ENTERPRISE_SCALES.join('、')}` }).optional(),
  aboveScale: z.boolean().optional(),
  status: z.enum(ENTERPRISE_STATUSES, { message: `经营状态应为：${ENTERPRISE_STATUSES.join('、')}` }).optional(),
  employees: z.number().int('从业人数应为整数').min(0, '从业人数不能为负').max(1_000_000, '从业人数过大').nullable().optional(),
  establishedOn: IsoDate.nullable().optional(),
  businessScope: Text(2000).optional(),
};

export const EnterpriseCreate = z.object({ creditCode: CreditCode, ...EnterpriseFields }).strict();
export type EnterpriseCreate = z.infer<typeof EnterpriseCreate>;

export const EnterpriseUpdate = z
  .object({
    ...Object.fromEntries(Object.entries(EnterpriseFields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
    creditCode: CreditCode.optional(),
    /** optimistic concurrency: the version the editor started from */
    version: z.number().int().min(1).optional(),
  })
  .strict() as unknown as z.ZodType<Partial<EnterpriseCreate> & { version?: number }>;
export type EnterpriseUpdate = Partial<EnterpriseCreate> & { version?: number };

export const EnterpriseSort = z.enum(['name', '-name', 'updatedAt', '-updatedAt', 'creditCode', 'employees', '-employees']);

export const EnterpriseQuery = z.object({
  q: Text(100).optional(),
  sector: z.string().max(40).optional(),
  regionCode: RegionCode.optional(),
  status: z.enum(ENTERPRISE_STATUSES).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  aboveScale: BoolParam.optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  sort: EnterpriseSort.default('name'),
  page: Page,
  pageSize: PageSize,
});
export type EnterpriseQuery = z.infer<typeof EnterpriseQuery>;

/**
 * The enterprise's entry on the 严重失信主体名单 in force today (the list is public: shown to
 * everyone who sees the enterprise, the enterprise itself included). Kept by the inspection module;
 * the registry and the hazard ledger read it through org's `creditFlagsOf` hook.
 */
export const DishonestFlag = z
  .object({
    reason: z.string().meta({ description: '列入事由（电话、身份证号等个人信息已脱敏）' }),
    startsOn: z.string().meta({ description: '列入日期' }),
    endsOn: z.string().meta({ description: '期满移出日期' }),
    underRepair: z.boolean().meta({ description: '信用修复申请审核中（仍在名单中）' }),
  })
  .meta({ description: '严重失信主体名单（失信）在列信息' });
export type DishonestFlag = z.infer<typeof DishonestFlag>;

export const EnterpriseView = z.object({
  id: z.string(),
  creditCode: z.string().meta({ description: '统一社会信用代码' }),
  name: z.string(),
  sector: z.string().meta({ description: '主行业领域代码' }),
  sectorName: z.string(),
  sectors: z.array(z.string()),
  regionCode: z.string(),
  regionName: z.string().meta({ description: '属地（街道/管理处）' }),
  supervisingUnitId: z.string(),
  supervisingUnitName: z.string().meta({ description: '行业监管部门' }),
  address: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  legalRepName: z.string(),
  legalRepPhone: z.string().nullable(),
  safetyManagerName: z.string(),
  safetyManagerPhone: z.string().nullable(),
  /** true when phones are shown masked (138****5678) */
  phonesMasked: z.boolean().meta({ description: '电话已脱敏（138****5678）' }),
  scale: z.string(),
  aboveScale: z.boolean(),
  status: z.string(),
  employees: z.number().int().nullable(),
  establishedOn: z.string().nullable(),
  businessScope: z.string(),
  riskLevel: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** on the 失信 list today, with the entry's reason and period; null = not listed (also when no module keeps the list) */
  dishonest: DishonestFlag.nullable().meta({ description: '列入严重失信主体名单（失信）且在有效期内时为名单信息（事由、期限、是否信用修复审核中）；不在名单中为 null' }),
  /** non-blocking remark on the credit code (GB 11714 part) */
  creditCodeWarning: z.string().optional().meta({ description: '信用代码的提示（不阻止保存）' }),
});
export type EnterpriseView = z.infer<typeof EnterpriseView>;

const CodeCount = z.object({ code: z.string(), name: z.string(), count: z.number().int() });
const NameCount = z.object({ name: z.string(), count: z.number().int() });
export const EnterpriseStatistics = z.object({
  total: z.number().int(),
  aboveScale: z.number().int().meta({ description: '规模以上企业数' }),
  bySector: z.array(CodeCount),
  byRegion: z.array(CodeCount),
  byStatus: z.array(NameCount),
  byRisk: z.array(NameCount),
});
export type EnterpriseStatistics = z.infer<typeof EnterpriseStatistics>;

export const ImportIssue = z.object({
  row: z.number().int().meta({ description: 'Excel 行号' }),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});
export const EnterpriseImportReport = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  toCreate: z.number().int(),
  toUpdate: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  committed: z.boolean().meta({ description: '已写入（预检或有错误行时为 false）' }),
  dryRun: z.boolean(),
  errors: z.array(ImportIssue),
});
export type EnterpriseImportReport = z.infer<typeof EnterpriseImportReport>;

export const ImportFlags = z.object({
  skipInvalid: z.enum(['true', 'false']).default('false').meta({ description: 'true：跳过错误行，导入其余行' }),
  dryRun: z.enum(['true', 'false']).default('false').meta({ description: 'true：只预检不写入' }),
});

// ---------- organisation ----------

export const RegionView = z.object({ code: z.string(), name: z.string(), kind: z.string(), parentCode: z.string().nullable(), aliases: z.array(z.string()) });
export const UnitView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string().meta({ description: '单位类型：office 安委办、department 成员单位、street 街道…' }),
  regionCode: z.string(),
  leadUnitId: z.string().nullable(),
  aliases: z.array(z.string()).meta({ description: '别名（去重，不含全称与简称）' }),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
});
export type UnitView = z.infer<typeof UnitView>;
export const SectorView = z.object({ code: z.string(), name: z.string(), departmentUnitId: z.string(), departmentName: z.string(), committeeUnitId: z.string().nullable() });
export const OrgTree = z.object({ regions: z.array(RegionView), units: z.array(UnitView), sectors: z.array(SectorView) });
export type OrgTree = z.infer<typeof OrgTree>;

export const UnitPatch = z
  .object({
    name: Text(100, 2).optional(),
    shortName: Text(50, 2).optional(),
    aliases: z.array(Text(100, 1)).max(50, '最多 50 个别名').optional(),
    contactName: Text(50).nullable().optional(),
    contactPhone: Phone.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UnitPatch = z.infer<typeof UnitPatch>;
