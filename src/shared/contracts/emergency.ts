import { z } from 'zod';
import { BoolParam, IsoDate, Page, PageSize, Phone, Text } from './common';
import { pageOf } from './endpoint';
import {
  ACCIDENT_TYPES,
  CASES_SINCE,
  EXPERT_AVAILABILITY,
  EXPERT_KINDS,
  MATERIAL_CATEGORIES,
  MOVEMENT_KINDS,
  REGULATION_KINDS,
  REGULATION_LEVELS,
  REGULATION_STATUSES,
  SEARCH_KINDS,
  SEVEN_HAS_KEYS,
  TEAM_KINDS,
  TEAM_READINESS,
} from '../emergency/catalog';

/** Contracts of the emergency module (应急管理): 五库, the cross-database search, 一网, 七有. */

const Lng = z.number().min(73, '经度应在 73–136 之间（中国境内）').max(136, '经度应在 73–136 之间（中国境内）').nullable().optional();
const Lat = z.number().min(3, '纬度应在 3–54 之间（中国境内）').max(54, '纬度应在 3–54 之间（中国境内）').nullable().optional();
const OptPhone = Phone.nullable().optional();
const OptText = (max: number) => Text(max).nullable().optional();

// ---------- the five databases: inputs ----------

export const TeamInput = z.object({
  name: Text(100, 2).meta({ description: '队伍名称' }),
  unitName: Text(100, 2).meta({ description: '所属单位' }),
  kind: z.enum(TEAM_KINDS).meta({ description: '队伍类别' }),
  specialty: Text(200, 1).meta({ description: '专业特长（如 危化品泄漏处置、水域救援）' }),
  size: z.number().int('人数应为整数').min(1, '人数至少为 1').max(10000, '人数过大'),
  equipment: OptText(1000).meta({ description: '主要装备' }),
  baseAddress: Text(200, 2).meta({ description: '驻地' }),
  lng: Lng,
  lat: Lat,
  contactName: Text(30, 1).meta({ description: '联系人' }),
  contactPhone: OptPhone.meta({ description: '联系电话（加密存储）' }),
  readiness: z.enum(TEAM_READINESS).default('待命').meta({ description: '战备状态' }),
});
export type TeamInput = z.infer<typeof TeamInput>;

export const MaterialInput = z.object({
  name: Text(100, 1).meta({ description: '物资名称' }),
  category: z.enum(MATERIAL_CATEGORIES).meta({ description: '类别（应急保障重点物资分类目录）' }),
  spec: OptText(200).meta({ description: '规格型号' }),
  unitOfMeasure: Text(10, 1).meta({ description: '计量单位（件、套、台、吨…）' }),
  quantity: z.number().min(0, '数量不能为负数').max(1e9, '数量过大').meta({ description: '初始数量（此后只能通过出入库变动）' }),
  minQuantity: z.number().min(0, '最低库存不能为负数').max(1e9).default(0).meta({ description: '最低库存（低于即预警）' }),
  depot: Text(200, 2).meta({ description: '存放地点' }),
  lng: Lng,
  lat: Lat,
  ownerName: Text(100, 2).meta({ description: '权属单位' }),
  contactName: OptText(30),
  contactPhone: OptPhone,
  expiryDate: IsoDate.nullable().optional().meta({ description: '有效期至' }),
});
export type MaterialInput = z.infer<typeof MaterialInput>;
/** After creation the quantity changes only through logged movements. */
export const MaterialUpdate = MaterialInput.omit({ quantity: true });

export const ExpertInput = z.object({
  name: Text(30, 2).meta({ description: '姓名' }),
  kind: z.enum(EXPERT_KINDS).meta({ description: '专家类别：技术 / 行政' }),
  field: Text(100, 1).meta({ description: '专业领域' }),
  title: OptText(50).meta({ description: '职称' }),
  organisation: Text(100, 2).meta({ description: '工作单位' }),
  position: OptText(50).meta({ description: '职务' }),
  phone: OptPhone.meta({ description: '联系电话（加密存储）' }),
  availability: z.enum(EXPERT_AVAILABILITY).default('可调用'),
  expertise: OptText(1000).meta({ description: '擅长方向、参与处置经历' }),
});
export type ExpertInput = z.infer<typeof ExpertInput>;

export const RegulationInput = z
  .object({
    title: Text(200, 2).meta({ description: '名称' }),
    kind: z.enum(REGULATION_KINDS).meta({ description: '类别' }),
    level: z.enum(REGULATION_LEVELS).meta({ description: '层级' }),
    issuer: Text(100, 2).meta({ description: '发布机关' }),
    docNumber: OptText(100).meta({ description: '文号或标准号' }),
    issuedOn: IsoDate.nullable().optional().meta({ description: '发布日期' }),
    effectiveOn: IsoDate.nullable().optional().meta({ description: '施行日期' }),
    status: z.enum(REGULATION_STATUSES).default('现行'),
    fullText: Text(200_000).default('').meta({ description: '全文（可检索）' }),
  })
  .refine((r) => !r.issuedOn || !r.effectiveOn || r.effectiveOn >= r.issuedOn, { path: ['effectiveOn'], message: '施行日期不能早于发布日期' });
export type RegulationInput = z.infer<typeof RegulationInput>;

export const CaseInput = z.object({
  title: Text(200, 2).meta({ description: '案例名称' }),
  occurredOn: IsoDate.refine((d) => d >= CASES_SINCE, '典型案例收录 2000 年以来的事故').meta({ description: '发生日期' }),
  place: Text(200, 1).meta({ description: '发生地点' }),
  sectorName: OptText(50).meta({ description: '行业领域' }),
  accidentType: z.enum(ACCIDENT_TYPES).meta({ description: '事故类型' }),
  deaths: z.number().int().min(0, '不能为负数').max(100000).default(0),
  injuries: z.number().int().min(0, '不能为负数').max(100000).default(0),
  directLoss: z.number().min(0, '不能为负数').max(1e9).nullable().optional().meta({ description: '直接经济损失（万元）' }),
  cause: Text(5000, 1).meta({ description: '发生原因' }),
  measures: OptText(5000).meta({ description: '采取措施' }),
  process: OptText(10000).meta({ description: '处置过程' }),
  lessons: OptText(5000).meta({ description: '主要经验' }),
  problems: OptText(5000).meta({ description: '存在问题' }),
  suggestions: OptText(5000).meta({ description: '意见建议' }),
  expertOpinion: OptText(5000).meta({ description: '专家意见' }),
});
export type CaseInput = z.infer<typeof CaseInput>;

// ---------- views ----------

const Owned = {
  id: z.string(),
  regionCode: z.string(),
  ownerUnitName: z.string().meta({ description: '录入单位' }),
  updatedAt: z.string().meta({ description: '更新时间（ISO 8601）' }),
  canEdit: z.boolean().meta({ description: '当前用户可否修改' }),
};
const Nullable = <T extends z.ZodType>(t: T) => t.nullable();

export const TeamView = z.object({
  ...Owned,
  name: z.string(),
  unitName: z.string(),
  kind: z.string(),
  specialty: z.string(),
  size: z.number().int(),
  equipment: Nullable(z.string()),
  baseAddress: z.string(),
  lng: Nullable(z.number()),
  lat: Nullable(z.number()),
  contactName: z.string(),
  contactPhone: Nullable(z.string()).meta({ description: '联系电话（无权查看个人信息的角色为掩码）' }),
  readiness: z.string(),
});
export type TeamView = z.infer<typeof TeamView>;

export const MaterialView = z.object({
  ...Owned,
  name: z.string(),
  category: z.string(),
  spec: Nullable(z.string()),
  unitOfMeasure: z.string(),
  quantity: z.number(),
  minQuantity: z.number(),
  depot: z.string(),
  lng: Nullable(z.number()),
  lat: Nullable(z.number()),
  ownerName: z.string(),
  contactName: Nullable(z.string()),
  contactPhone: Nullable(z.string()),
  expiryDate: Nullable(z.string()),
  lowStock: z.boolean().meta({ description: '低于最低库存' }),
  expiry: z.enum(['ok', 'expiring', 'expired']).meta({ description: '有效期状态：正常/临期（90 天内）/已过期' }),
});
export type MaterialView = z.infer<typeof MaterialView>;

export const ExpertView = z.object({
  ...Owned,
  name: z.string(),
  kind: z.string(),
  field: z.string(),
  title: Nullable(z.string()),
  organisation: z.string(),
  position: Nullable(z.string()),
  phone: Nullable(z.string()),
  availability: z.string(),
  expertise: Nullable(z.string()),
});
export type ExpertView = z.infer<typeof ExpertView>;

export const RegulationView = z.object({
  ...Owned,
  title: z.string(),
  kind: z.string(),
  level: z.string(),
  issuer: z.string(),
  docNumber: Nullable(z.string()),
  issuedOn: Nullable(z.string()),
  effectiveOn: Nullable(z.string()),
  status: z.string(),
  fullText: z.string().meta({ description: '全文（列表中为前 200 字）' }),
});
export type RegulationView = z.infer<typeof RegulationView>;

export const CaseView = z.object({
  ...Owned,
  title: z.string(),
  occurredOn: z.string(),
  place: z.string(),
  sectorName: Nullable(z.string()),
  accidentType: z.string(),
  deaths: z.number().int(),
  injuries: z.number().int(),
  directLoss: Nullable(z.number()),
  cause: z.string(),
  measures: Nullable(z.string()),
  process: Nullable(z.string()),
  lessons: Nullable(z.string()),
  problems: Nullable(z.string()),
  suggestions: Nullable(z.string()),
  expertOpinion: Nullable(z.string()),
});
export type CaseView = z.infer<typeof CaseView>;

export const ResourceQuery = z.object({
  q: Text(100).optional().meta({ description: '关键词（中文分词检索）' }),
  category: Text(50).optional().meta({ description: '类别（队伍类别、物资类别、专家类别、法规类别、事故类型）' }),
  alert: z.enum(['low', 'expiring', 'expired']).optional().meta({ description: '物资预警：低库存/临期/过期' }),
  page: Page,
  pageSize: PageSize,
});
export type ResourceQuery = z.infer<typeof ResourceQuery>;

export const TeamPage = pageOf(TeamView);
export const MaterialPage = pageOf(MaterialView);
export const ExpertPage = pageOf(ExpertView);
export const RegulationPage = pageOf(RegulationView);
export const CasePage = pageOf(CaseView);

// ---------- stock movements ----------

export const MovementInput = z
  .object({
    kind: z.enum(MOVEMENT_KINDS).meta({ description: '变动类别：in 入库 | out 出库 | transfer 调拨 | write_off 报废' }),
    quantity: z.number().positive('数量必须大于 0').max(1e9, '数量过大'),
    toMaterialId: z.string().uuid('编号格式不正确（应为 UUID）').optional().meta({ description: '调拨目标（同名物资的另一存放点）' }),
    note: Text(500).optional().meta({ description: '事由' }),
  })
  .refine((m) => m.kind !== 'transfer' || !!m.toMaterialId, { path: ['toMaterialId'], message: '调拨须选择调入的存放点' });
export type MovementInput = z.infer<typeof MovementInput>;

export const MovementView = z.object({
  id: z.string(),
  materialId: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  quantity: z.number(),
  balanceAfter: z.number().meta({ description: '变动后库存' }),
  counterpartName: z.string().nullable().meta({ description: '调拨对方存放点' }),
  note: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type MovementView = z.infer<typeof MovementView>;

// ---------- import ----------

export const ImportFields = z.object({
  dryRun: BoolParam.default(false).meta({ description: '只校验不写入' }),
  skipInvalid: BoolParam.default(false).meta({ description: '跳过有误的行，导入其余各行' }),
});
export const ImportIssue = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() });
export const ImportReport = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int().meta({ description: '有误的行数' }),
  created: z.number().int(),
  skipped: z.number().int(),
  committed: z.boolean().meta({ description: '是否已写入（有误且未选择跳过时不写入任何一行）' }),
  dryRun: z.boolean(),
  errors: z.array(ImportIssue).meta({ description: '逐行错误（Excel 行号、列、值、原因）' }),
});
export type ImportReport = z.infer<typeof ImportReport>;

// ---------- cross-database search ----------

export const SearchQuery = z.object({
  q: Text(100, 1).meta({ description: '关键词，空格分隔多个词（如“液氯 泄漏”）' }),
  kinds: z
    .union([z.enum(SEARCH_KINDS), z.array(z.enum(SEARCH_KINDS))])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .meta({ description: '只检索这些库（可重复）' }),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const SearchHit = z.object({
  kind: z.enum(SEARCH_KINDS).meta({ description: '命中所在的库（五库或应急预案）' }),
  kindLabel: z.string(),
  id: z.string(),
  title: z.string(),
  snippet: z.string().meta({ description: '命中片段' }),
  score: z.number().meta({ description: '相关度（标题命中权重高于正文）' }),
});
export const SearchResult = z.object({
  q: z.string(),
  terms: z.array(z.string()).meta({ description: '检索词' }),
  matchedAll: z.boolean().meta({ description: '是否全部检索词都命中（否则为部分命中的结果）' }),
  hits: z.array(SearchHit),
  counts: z.record(z.string(), z.number().int()).meta({ description: '各库命中条数' }),
  countsCapped: z.boolean().meta({ description: '命中过多（超过单次检索读取上限）：各库条数为下限，排序在标题命中与已读取的记录中进行' }),
});
export type SearchHit = z.infer<typeof SearchHit>;
export type SearchResult = z.infer<typeof SearchResult>;

// ---------- 一网: liaisons ----------

export const LiaisonInput = z.object({
  name: Text(30, 2).meta({ description: '联络员姓名' }),
  position: OptText(50).meta({ description: '职务' }),
  dutyPhone: OptPhone.meta({ description: '值班电话' }),
  officePhone: OptPhone.meta({ description: '办公电话' }),
  mobile: Phone.meta({ description: '手机' }),
  note: OptText(200),
});
export type LiaisonInput = z.infer<typeof LiaisonInput>;
export const LiaisonCreate = LiaisonInput.extend({
  unitId: z.string().uuid('编号格式不正确（应为 UUID）').optional().meta({ description: '所属单位（安委办可为其他单位登记；默认本单位）' }),
});

export const LiaisonView = z.object({
  id: z.string(),
  ownerKind: z.string().meta({ description: '单位类别：street 街道 | department 成员单位 | park 管理处 | enterprise 企业 | office 安委办' }),
  ownerKindLabel: z.string(),
  ownerName: z.string(),
  regionCode: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  dutyPhone: z.string().nullable(),
  officePhone: z.string().nullable(),
  mobile: z.string().nullable(),
  phonesMasked: z.boolean().meta({ description: '电话是否为掩码（无权查看个人信息）' }),
  note: z.string().nullable(),
  confirmedAt: z.string().meta({ description: '最近确认时间' }),
  stale: z.boolean().meta({ description: '超过 90 天未确认' }),
  daysSinceConfirmed: z.number().int(),
  canEdit: z.boolean(),
});
export type LiaisonView = z.infer<typeof LiaisonView>;
export const LiaisonQuery = z.object({
  q: Text(50).optional(),
  ownerKind: z.enum(['street', 'department', 'park', 'enterprise', 'office']).optional(),
  stale: BoolParam.optional(),
  page: Page,
  pageSize: PageSize,
});
export const LiaisonPage = pageOf(LiaisonView).extend({ staleCount: z.number().int().meta({ description: '超过 90 天未确认的人数（筛选范围内）' }) });

// ---------- 七有 ----------

export const EvidenceRef = z.object({
  kind: z.string().meta({ description: '证据来源：teams/materials/experts/liaisons/text' }),
  count: z.number().int(),
  label: z.string(),
});
export const SevenHasItemInput = z.object({
  key: z.enum(SEVEN_HAS_KEYS),
  has: z.boolean(),
  note: Text(500).optional().meta({ description: '说明（机构名称、预案名称、演练时间等）' }),
});
export const AssessmentInput = z
  .object({
    year: z.number().int().min(2020).max(2100),
    items: z.array(SevenHasItemInput).min(1, '至少填写 1 项').max(7),
  })
  .refine((a) => new Set(a.items.map((i) => i.key)).size === a.items.length, { path: ['items'], message: '同一项不能重复填写' });
export type AssessmentInput = z.infer<typeof AssessmentInput>;
export const AssessmentItemView = z.object({
  key: z.enum(SEVEN_HAS_KEYS),
  label: z.string(),
  has: z.boolean(),
  note: z.string().nullable(),
  evidence: z.array(EvidenceRef).meta({ description: '资源库中本单位登记的证据' }),
});
export const AssessmentView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitKind: z.string(),
  year: z.number().int(),
  submitted: z.boolean(),
  submittedAt: z.string().nullable(),
  score: z.number(),
  items: z.array(AssessmentItemView),
  gaps: z.array(z.string()).meta({ description: '缺项' }),
});
export type AssessmentView = z.infer<typeof AssessmentView>;
export const AssessmentQuery = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });
export const AssessmentOverview = z.object({
  year: z.number().int(),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      unitKind: z.string(),
      unitKindLabel: z.string(),
      submitted: z.boolean(),
      score: z.number().nullable(),
      gaps: z.array(z.string()),
    }),
  ),
  summary: z.object({ units: z.number().int(), submitted: z.number().int(), averageScore: z.number().nullable(), full: z.number().int().meta({ description: '七有齐全的单位数' }) }),
  itemGaps: z.array(z.object({ key: z.string(), label: z.string(), missing: z.number().int() })).meta({ description: '各项缺失的单位数' }),
});
export type AssessmentOverview = z.infer<typeof AssessmentOverview>;
