import { z } from 'zod';
import { IsoDate, Page, PageSize, RegionCode, Text, Uuid } from './common';
import { pageOf } from './endpoint';
import { CASE_SOURCES, CASE_STATUSES, CIRCUMSTANCES, DISHONEST_STATUSES, DOCUMENT_KINDS, PLAN_STATUSES, TARGET_CLASSES } from '../inspection/rules';

/** 执法检查 contracts: directories, 双随机 draws, on-site inspections, enforcement cases, documents. */

const Class = z.enum(TARGET_CLASSES, { message: '分类应为 A、B、C 或 D' });

// ---------- directories ----------

export const TargetQuery = z.object({
  q: Text(100).optional(),
  sector: z.string().max(40).optional(),
  regionCode: RegionCode.optional(),
  targetClass: Class.optional(),
  page: Page,
  pageSize: PageSize,
});
export type TargetQuery = z.infer<typeof TargetQuery>;

export const TargetView = z.object({
  enterpriseId: z.string(),
  name: z.string(),
  creditCode: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  supervisingUnitName: z.string(),
  riskLevel: z.string().nullable(),
  aboveScale: z.boolean(),
  violations: z.number().int().meta({ description: '近三年行政处罚次数' }),
  computedClass: Class,
  computedReasons: z.array(z.string()),
  targetClass: Class.meta({ description: '生效分类（有调整时为调整后的分类）' }),
  override: z.object({ targetClass: Class, reason: z.string(), byName: z.string(), at: z.string() }).nullable(),
  frequency: z.number().meta({ description: '每年应检查次数' }),
  inspectionsThisYear: z.number().int(),
  dishonest: z.boolean().meta({ description: '在严重失信主体名单（失信）中' }),
});
export type TargetView = z.infer<typeof TargetView>;
export const TargetPage = pageOf(TargetView).extend({
  classCounts: z.record(z.string(), z.number().int()).meta({ description: '当前筛选下各分类企业数' }),
});
export type TargetPage = z.infer<typeof TargetPage>;

export const ClassOverrideInput = z
  .object({
    targetClass: Class.nullable().meta({ description: '调整后的分类；null 取消调整，恢复计算结果' }),
    reason: Text(500).optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.targetClass && (!v.reason || v.reason.length < 4)) c.addIssue({ code: 'custom', path: ['reason'], message: '调整分类须说明理由（至少 4 个字）' });
  });
export type ClassOverrideInput = z.infer<typeof ClassOverrideInput>;

export const ConflictView = z.object({ id: z.string(), enterpriseId: z.string(), enterpriseName: z.string(), kind: z.enum(['enterprise', 'relative']), note: z.string() });
export const InspectorView = z.object({
  userId: z.string(),
  name: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  certNo: z.string().nullable(),
  certExpiry: z.string().nullable(),
  certValid: z.boolean().meta({ description: '执法证在今日有效' }),
  registered: z.boolean().meta({ description: '已录入执法人员名录' }),
  active: z.boolean(),
  conflicts: z.array(ConflictView),
  assignmentsThisYear: z.number().int(),
});
export type InspectorView = z.infer<typeof InspectorView>;

export const InspectorInput = z
  .object({
    certNo: Text(40, 4).meta({ description: '行政执法证号' }),
    certExpiry: IsoDate.meta({ description: '执法证有效期至' }),
    active: z.boolean().optional(),
  })
  .strict();
export type InspectorInput = z.infer<typeof InspectorInput>;

export const ConflictInput = z
  .object({
    enterpriseId: Uuid,
    kind: z.enum(['enterprise', 'relative'], { message: '回避类型应为 enterprise（本人利害关系）或 relative（近亲属）' }),
    note: Text(200).optional(),
  })
  .strict();
export type ConflictInput = z.infer<typeof ConflictInput>;

// ---------- draws ----------

export const DrawCreateInput = z
  .object({
    name: Text(100, 2),
    /** the drawing department (office: any department; department: its own) */
    unitId: Uuid.optional(),
    sector: z.string().max(40).optional(),
    regionCode: RegionCode.optional(),
    targetClasses: z.array(Class).max(4).optional(),
    /** a count of targets, or a ratio of the pool (one of the two) */
    count: z.number().int().min(1, '抽取数量至少为 1').max(1000, '抽取数量过大').optional(),
    ratio: z.number().gt(0, '比例应大于 0').max(1, '比例不能超过 1').optional(),
    perTarget: z.number().int().min(2, '每户企业至少随机匹配 2 名执法人员').max(5, '每户企业最多 5 名执法人员').default(2),
    plannedMonth: z.string().regex(/^\d{4}-\d{2}$/, '计划月份格式应为 YYYY-MM').optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if ((v.count === undefined) === (v.ratio === undefined)) c.addIssue({ code: 'custom', path: ['count'], message: '请填写抽取数量或抽取比例（二选一）' });
  });
export type DrawCreateInput = z.infer<typeof DrawCreateInput>;

export const DrawTargetView = z.object({
  id: z.string(),
  seq: z.number().int(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  inspectors: z.array(z.object({ id: z.string(), name: z.string() })),
  inspectionId: z.string().nullable(),
  outcome: z.string(),
});
export const DrawView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(['committed', 'published']),
  filters: z.record(z.string(), z.unknown()),
  count: z.number().int(),
  perTarget: z.number().int(),
  algorithm: z.string(),
  poolTargets: z.number().int(),
  poolInspectors: z.number().int(),
  excluded: z.array(z.object({ name: z.string(), reason: z.string() })),
  seedHash: z.string().meta({ description: '随机种子的 SHA-256（抽取前公布）' }),
  seed: z.string().nullable().meta({ description: '随机种子（抽取后公布）' }),
  createdByName: z.string(),
  createdAt: z.string(),
  drawnAt: z.string().nullable(),
  plannedMonth: z.string().nullable(),
  targets: z.array(DrawTargetView),
});
export type DrawView = z.infer<typeof DrawView>;
export const DrawListItem = DrawView.omit({ targets: true, excluded: true, filters: true });
export const DrawPage = pageOf(DrawListItem);
export const DrawQuery = z.object({ page: Page, pageSize: PageSize });

/** What anyone needs to re-run a published draw. */
export const DrawVerification = z.object({
  id: z.string(),
  code: z.string(),
  ok: z.boolean(),
  message: z.string(),
});
export type DrawVerification = z.infer<typeof DrawVerification>;

export const PublicInspectionItem = z.object({
  drawCode: z.string(),
  drawName: z.string(),
  department: z.string(),
  drawnAt: z.string(),
  seedHash: z.string(),
  seed: z.string(),
  algorithm: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  inspectionDate: z.string().nullable(),
  outcome: z.string(),
});
export const PublicInspections = z.object({
  asOf: z.string(),
  days: z.number().int(),
  items: z.array(PublicInspectionItem),
  draws: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      department: z.string(),
      drawnAt: z.string(),
      algorithm: z.string(),
      seedHash: z.string(),
      seed: z.string(),
      count: z.number().int(),
      perTarget: z.number().int(),
      pool: z.object({
        targets: z.array(z.string()),
        inspectors: z.array(z.string()),
        conflicts: z.array(z.tuple([z.string(), z.string()])),
        weights: z.record(z.string(), z.number().int()).optional().meta({ description: 'anzhi-draw-v2：权重不为 1 的对象（列入失信名单的企业权重为 3）' }),
      }),
      result: z.array(z.object({ enterpriseId: z.string(), inspectorIds: z.array(z.string()) })),
    }),
  ),
});
export type PublicInspections = z.infer<typeof PublicInspections>;

// ---------- inspections (on site) ----------

export const InspectionCreateInput = z
  .object({
    enterpriseId: Uuid.optional(),
    /** start from a draw's target (its enterprise and team) */
    drawTargetId: Uuid.optional(),
    checklistVersionId: Uuid,
    unannounced: z.boolean().default(false).meta({ description: '四不两直（不发通知、不打招呼…）：开始检查前对检查组以外的人不可见' }),
    /** other team members (user ids of inspectors); the creator is always on the team */
    team: z.array(Uuid).max(6).optional(),
    plannedOn: IsoDate.optional(),
    fromPlan: z.boolean().optional().meta({ description: '按执法计划安排的重点检查（计入计划的重点检查部分）' }),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.fromPlan && v.drawTargetId) c.addIssue({ code: 'custom', path: ['fromPlan'], message: '双随机抽取的检查不能同时标记为计划检查' });
    if (!v.enterpriseId && !v.drawTargetId) c.addIssue({ code: 'custom', path: ['enterpriseId'], message: '请选择被检查企业或双随机抽取结果' });
  });
export type InspectionCreateInput = z.infer<typeof InspectionCreateInput>;

export const InspectionAnswer = z
  .object({
    itemId: Uuid,
    result: z.enum(['pass', 'fail', 'na'], { message: '检查结果应为 pass（合格）、fail（不合格）或 na（不涉及）' }),
    note: Text(1000).optional(),
    photoFileIds: z.array(Uuid).max(10).optional(),
    /** a failed item: the hazard's grade, deadline and (重大) standard clause */
    grade: z.enum(['一般', '重大']).optional(),
    deadline: IsoDate.optional(),
    standardRef: z.object({ standard: Text(100, 1), item: Text(20, 1) }).strict().optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.result === 'fail' && (!v.note || v.note.length < 2)) c.addIssue({ code: 'custom', path: ['note'], message: '不合格项须描述存在的问题' });
    if (v.grade === '重大' && !v.standardRef) c.addIssue({ code: 'custom', path: ['standardRef'], message: '重大事故隐患须注明判定标准条款' });
  });

export const InspectionSubmitInput = z
  .object({
    clientKey: z.string().min(8).max(80).meta({ description: '浏览器生成的提交编号（断网重发只记一次）' }),
    answers: z.array(InspectionAnswer).min(1, '至少回答一项').max(500),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    locationNote: Text(200).optional(),
    signerName: Text(50, 1).meta({ description: '企业签字人' }),
    /** the drawn signature: data:image/png;base64,… */
    signature: z
      .string()
      .max(700_000, '签名图片过大')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, '签名应为 PNG 图片（data:image/png;base64,…）'),
    summary: Text(2000).optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if ((v.lat === undefined || v.lng === undefined) && !v.locationNote) c.addIssue({ code: 'custom', path: ['locationNote'], message: '无法定位时请手工填写检查地点' });
  });
export type InspectionSubmitInput = z.infer<typeof InspectionSubmitInput>;

export const InspectionItemView = z.object({
  itemId: z.string(),
  seq: z.number().int(),
  category: z.string(),
  project: z.string(),
  point: z.string(),
  basis: z.string(),
  method: z.string(),
  majorRef: z.object({ standard: z.string(), item: z.string() }).nullable(),
  result: z.enum(['pass', 'fail', 'na']).nullable(),
  note: z.string(),
  photoFileIds: z.array(z.string()),
  hazardId: z.string().nullable(),
  hazardCode: z.string().nullable(),
  hazardGrade: z.string().nullable(),
});
export const InspectionView = z.object({
  id: z.string(),
  code: z.string(),
  origin: z.enum(['draw', 'plan', 'adhoc']),
  drawTargetId: z.string().nullable(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  unitName: z.string(),
  unannounced: z.boolean(),
  status: z.enum(['planned', 'in_progress', 'completed']),
  checklistVersionId: z.string(),
  checklistName: z.string(),
  team: z.array(z.object({ id: z.string(), name: z.string() })),
  plannedOn: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  locationNote: z.string().nullable(),
  signerName: z.string().nullable(),
  signatureFileId: z.string().nullable(),
  summary: z.string().nullable(),
  failed: z.number().int(),
  items: z.array(InspectionItemView),
  documents: z.array(z.object({ id: z.string(), kind: z.enum(DOCUMENT_KINDS), number: z.string() })),
});
export type InspectionView = z.infer<typeof InspectionView>;
export const InspectionListItem = InspectionView.omit({ items: true, documents: true });
export const InspectionPage = pageOf(InspectionListItem);
export const InspectionQuery = z.object({
  status: z.enum(['planned', 'in_progress', 'completed']).optional(),
  mine: z.enum(['true', 'false']).optional(),
  page: Page,
  pageSize: PageSize,
});

// ---------- enforcement cases ----------

export const CaseOpenInput = z
  .object({
    enterpriseId: Uuid,
    source: z.enum(CASE_SOURCES, { message: '案件来源无效' }),
    sourceRef: Text(100).optional(),
    summary: Text(1000, 4),
  })
  .strict();
export type CaseOpenInput = z.infer<typeof CaseOpenInput>;

export const CASE_STEPS = ['investigate', 'propose', 'decide', 'execute', 'close'] as const;
/** One step of a case: investigate/execute/close need a note; propose names the violation, circumstance and fine. */
export const CaseStepInput = z
  .object({
    step: z.enum(CASE_STEPS, { message: '步骤应为 investigate、propose、decide、execute 或 close' }),
    note: Text(1000).optional(),
    violationCode: Text(20, 1).optional().meta({ description: '裁量基准中的违法行为编号（propose）' }),
    circumstance: z.enum(CIRCUMSTANCES, { message: '情节应为 轻微、一般、较重 或 严重' }).optional(),
    fineAmount: z.number().min(0, '罚款不能为负').max(10_000_000, '罚款金额过大').optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (['investigate', 'execute', 'close'].includes(v.step) && (!v.note || v.note.length < 2)) c.addIssue({ code: 'custom', path: ['note'], message: '请填写说明（至少 2 个字）' });
    if (v.step === 'propose') {
      if (!v.violationCode) c.addIssue({ code: 'custom', path: ['violationCode'], message: '请选择违法行为' });
      if (!v.circumstance) c.addIssue({ code: 'custom', path: ['circumstance'], message: '请选择情节' });
      if (v.fineAmount === undefined) c.addIssue({ code: 'custom', path: ['fineAmount'], message: '请填写罚款金额' });
    }
  });
export type CaseStepInput = z.infer<typeof CaseStepInput>;

export const LegalReviewInput = z.object({ passed: z.boolean(), opinion: Text(1000, 2) }).strict();
export type LegalReviewInput = z.infer<typeof LegalReviewInput>;

export const DocumentIssueInput = z.object({ kind: z.enum(DOCUMENT_KINDS, { message: '文书种类无效' }), note: Text(1000).optional() }).strict();
export type DocumentIssueInput = z.infer<typeof DocumentIssueInput>;

export const CaseView = z.object({
  id: z.string(),
  code: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionName: z.string(),
  unitName: z.string(),
  source: z.enum(CASE_SOURCES),
  sourceRef: z.string().nullable(),
  summary: z.string(),
  status: z.enum(CASE_STATUSES),
  handlerName: z.string(),
  violationCode: z.string().nullable(),
  violation: z.string().nullable(),
  circumstance: z.enum(CIRCUMSTANCES).nullable(),
  fineAmount: z.number().nullable(),
  major: z.boolean(),
  reviewPassed: z.boolean().nullable(),
  reviewerName: z.string().nullable(),
  reviewOpinion: z.string().nullable(),
  filedOn: z.string(),
  decidedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  version: z.number().int(),
  events: z.array(z.object({ step: z.string(), actorName: z.string(), at: z.string(), note: z.string(), documentId: z.string().nullable() })),
  documents: z.array(z.object({ id: z.string(), kind: z.enum(DOCUMENT_KINDS), number: z.string(), issuedAt: z.string() })),
});
export type CaseView = z.infer<typeof CaseView>;
export const CaseListItem = CaseView.omit({ events: true, documents: true });
export const CasePage = pageOf(CaseListItem);
export const CaseQuery = z.object({ status: z.enum(CASE_STATUSES).optional(), page: Page, pageSize: PageSize });

export const DiscretionView = z.object({
  code: z.string(),
  violation: z.string(),
  article: z.string(),
  basis: z.string(),
  ranges: z.record(z.enum(CIRCUMSTANCES), z.tuple([z.number(), z.number()])),
});
export type DiscretionView = z.infer<typeof DiscretionView>;

// ---------- statistics ----------

export const StatsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const InspectionStats = z.object({
  year: z.number().int(),
  byDepartment: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      inspections: z.number().int(),
      hazards: z.number().int(),
      majorHazards: z.number().int(),
      documents: z.number().int(),
      penalties: z.number().int(),
      fines: z.number(),
      required: z.number().int().meta({ description: '分类分级应检查次数（全年）' }),
      planned: z.number().int().nullable().meta({ description: '执法计划的检查次数（未编制计划时为空）' }),
      planStatus: z.enum(['none', ...PLAN_STATUSES]).meta({ description: '执法计划状态' }),
      abCovered: z.number().int().meta({ description: '本年已检查过的 A、B 类企业数' }),
      abTotal: z.number().int().meta({ description: 'A、B 类企业数' }),
      zeroPenalty: z.boolean().meta({ description: '有检查无处罚（零处罚）' }),
    }),
  ),
  byMonth: z.array(z.object({ month: z.string(), inspections: z.number().int(), hazards: z.number().int(), penalties: z.number().int() })),
  totals: z.object({ inspections: z.number().int(), hazards: z.number().int(), majorHazards: z.number().int(), penalties: z.number().int(), fines: z.number(), draws: z.number().int() }),
});
export type InspectionStats = z.infer<typeof InspectionStats>;

// ---------- 执法计划 ----------

export const PlanYearQuery = z.object({ year: z.coerce.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间').optional() });
export const PlanCreateInput = z.object({ year: z.number().int().min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间') }).strict();
export type PlanCreateInput = z.infer<typeof PlanCreateInput>;

const Count = (what: string) => z.number({ message: `${what}应为整数` }).int(`${what}应为整数`).min(0, `${what}不能为负数`).max(10_000, `${what}过大`);
export const PlanMonthInput = z
  .object({
    scheduled: Count('重点检查次数'),
    random: Count('双随机抽查户次'),
    note: Text(200).optional().meta({ description: '调整理由（与测算建议不同的月份必填）' }),
  })
  .strict();
export const PlanUpdateInput = z
  .object({
    months: z.array(PlanMonthInput).length(12, '月度安排应为 12 个月'),
    note: Text(1000).optional(),
  })
  .strict();
export type PlanUpdateInput = z.infer<typeof PlanUpdateInput>;
export const PlanReviewInput = z.object({ accepted: z.boolean(), opinion: Text(500, 2).meta({ description: '审定或退回意见' }) }).strict();
export type PlanReviewInput = z.infer<typeof PlanReviewInput>;

const PlanClassView = z.object({
  targetClass: Class,
  enterprises: z.number().int(),
  frequency: z.number(),
  required: z.number().int().meta({ description: '按频次应检查次数' }),
  share: z.enum(['scheduled', 'random']).meta({ description: 'scheduled 重点检查；random 双随机' }),
  done: z.number().int().meta({ description: '本年已完成检查次数' }),
  covered: z.number().int().meta({ description: '已达到频次要求的企业数' }),
});
const PlanMonthView = z.object({
  month: z.number().int(),
  scheduled: z.number().int(),
  random: z.number().int(),
  note: z.string(),
  proposedScheduled: z.number().int().meta({ description: '按分类分级测算的建议' }),
  proposedRandom: z.number().int(),
  doneScheduled: z.number().int(),
  doneRandom: z.number().int(),
});
export const PlanProgress = z.object({
  planned: z.number().int(),
  done: z.number().int(),
  doneScheduled: z.number().int(),
  doneRandom: z.number().int(),
  /** planned up to this month (the share of the year that is due) */
  dueToDate: z.number().int().meta({ description: '截至本月应完成（按月度安排累计）' }),
  abCovered: z.number().int(),
  abTotal: z.number().int(),
  aFull: z.number().int().meta({ description: '全年检查达到 2 次的 A 类企业数' }),
  aTotal: z.number().int(),
});
export const PlanSummary = z.object({
  id: z.string().nullable().meta({ description: '计划编号；未编制时为空' }),
  unitId: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  status: z.enum(['none', ...PLAN_STATUSES]),
  scheduled: z.number().int(),
  random: z.number().int(),
  required: z.number().int().meta({ description: '分类分级测算的全年应检查次数' }),
  progress: PlanProgress,
  submittedAt: z.string().nullable(),
  months: z.array(z.object({ month: z.number().int(), planned: z.number().int(), done: z.number().int() })),
});
export type PlanSummary = z.infer<typeof PlanSummary>;
export const PlanDistrict = z.object({ year: z.number().int(), currentMonth: z.number().int().meta({ description: '本年为当前月份，往年为 12' }), items: z.array(PlanSummary) });
export type PlanDistrict = z.infer<typeof PlanDistrict>;
export const PlanView = PlanSummary.omit({ months: true }).extend({
  id: z.string(),
  status: z.enum(PLAN_STATUSES),
  classes: z.array(PlanClassView),
  months: z.array(PlanMonthView),
  proposal: z.object({ scheduled: z.number().int(), random: z.number().int() }).meta({ description: '按当前名录重新测算的两部分次数' }),
  note: z.string(),
  reviewOpinion: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdByName: z.string(),
  updatedAt: z.string(),
  editable: z.boolean().meta({ description: '编制中或已退回时可修改' }),
});
export type PlanView = z.infer<typeof PlanView>;

// ---------- 失信 (严重失信主体名单) and 信用修复 ----------

export const DishonestInput = z
  .object({
    enterpriseId: Uuid,
    reason: Text(500, 4).meta({ description: '列入事由' }),
    basis: Text(300, 4).meta({ description: '列入依据（如《安全生产严重失信主体名单管理办法》第六条）' }),
    startsOn: IsoDate,
    endsOn: IsoDate,
  })
  .strict()
  .superRefine((v, c) => {
    if (v.endsOn <= v.startsOn) c.addIssue({ code: 'custom', path: ['endsOn'], message: '移出日期应晚于列入日期' });
  });
export type DishonestInput = z.infer<typeof DishonestInput>;
export const RepairApplyInput = z.object({ reason: Text(1000, 4).meta({ description: '信用修复申请（已履行处罚、完成整改、作出信用承诺等）' }) }).strict();
export const RepairReviewInput = z.object({ approved: z.boolean(), opinion: Text(500, 2) }).strict();
export const DishonestView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  regionName: z.string(),
  unitName: z.string(),
  reason: z.string(),
  basis: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(DISHONEST_STATUSES).meta({ description: '期满未处理的按期满移出显示' }),
  inForce: z.boolean(),
  repairReason: z.string().nullable(),
  repairAppliedByName: z.string().nullable(),
  repairAppliedAt: z.string().nullable(),
  repairOpinion: z.string().nullable(),
  repairReviewedByName: z.string().nullable(),
  removedOn: z.string().nullable(),
  createdByName: z.string(),
});
export type DishonestView = z.infer<typeof DishonestView>;
export const DishonestQuery = z.object({ status: z.enum(DISHONEST_STATUSES).optional(), page: Page, pageSize: PageSize });
export const DishonestPage = pageOf(DishonestView);

// ---------- 执法公示 (public) ----------

export const PublicDecision = z.object({
  caseCode: z.string(),
  documentNumber: z.string().nullable().meta({ description: '行政处罚决定书文号' }),
  enterpriseName: z.string(),
  creditCode: z.string(),
  violation: z.string(),
  facts: z.string().meta({ description: '违法事实（个人信息已脱敏）' }),
  basis: z.string(),
  penalty: z.string(),
  fineAmount: z.number().nullable(),
  decidedOn: z.string(),
  department: z.string(),
});
export const PublicDishonest = z.object({ enterpriseName: z.string(), creditCode: z.string(), reason: z.string(), basis: z.string(), startsOn: z.string(), endsOn: z.string(), department: z.string(), underRepair: z.boolean() });
export const PublicEnforcement = z.object({ asOf: z.string(), decisions: z.array(PublicDecision), dishonest: z.array(PublicDishonest) });
export type PublicEnforcement = z.infer<typeof PublicEnforcement>;
