import { z } from 'zod';
import { IsoDate, Page, PageSize, RegionCode, Text, Uuid } from './common';
import { pageOf } from './endpoint';
import { CYCLES, type Cycle } from '../checklist/cycle';

/**
 * 检查清单 (checklist templates, versioned) and 企业自查 (self-inspection plans and runs).
 * Three-level directory 类别 → 项目 → 检查要点, and per item the two explanations:
 * 检查依据 (law/standard clause) and 检查方法及判定标准 (how to check, what fails).
 */

export const VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = { draft: '草稿', published: '现行版本', superseded: '历史版本' };

export const CHECK_RESULTS = ['pass', 'fail', 'na'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

export const RUN_STATUSES = ['in_progress', 'submitted', 'missed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_LABELS: Record<RunStatus, string> = { in_progress: '检查中', submitted: '已提交', missed: '逾期未查' };

export { CYCLES, type Cycle };

const SectorCode = z.string().regex(/^[a-z_]{2,40}$/, '行业领域代码无效');

/** 判定标准 clause of a 重大隐患判定项: a standard of reference-data/standards and its item ("12", "5.4", "8"). */
export const MajorRefInput = z.object({ standard: Text(40, 1), item: Text(20, 1) }).strict();

export const ChecklistItemInput = z
  .object({
    /** 类别 (level 1) */
    category: Text(50, 1),
    /** 项目 (level 2) */
    project: Text(100, 1),
    /** 检查要点 (level 3): one concrete, checkable statement */
    point: Text(1000, 2),
    /** 检查依据 */
    basis: Text(1000, 2),
    /** 检查方法及判定标准 */
    method: Text(1000, 2),
    /** 是否重大隐患判定项: the clause, or null */
    major: MajorRefInput.nullable().optional(),
  })
  .strict();
export type ChecklistItemInput = z.infer<typeof ChecklistItemInput>;

const TemplateFields = {
  name: Text(100, 2),
  /** 适用范围 */
  applicability: Text(500).optional(),
  /** 说明一：检查依据 */
  basisNote: Text(2000).optional(),
  /** 说明二：检查方法及判定标准 */
  methodNote: Text(2000).optional(),
};

export const TemplateCreate = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{2,59}$/, '编码由小写字母、数字和连字符组成（3–60 位）')
      .optional(),
    sector: SectorCode,
    ...TemplateFields,
    items: z.array(ChecklistItemInput).max(2000, '一个清单最多 2000 项').default([]),
  })
  .strict();
export type TemplateCreate = z.infer<typeof TemplateCreate>;

/** Edit a draft version (published versions are frozen). `rev` is the draft revision the editor started from. */
export const DraftUpdate = z
  .object({
    name: TemplateFields.name.optional(),
    applicability: TemplateFields.applicability,
    basisNote: TemplateFields.basisNote,
    methodNote: TemplateFields.methodNote,
    changeNote: Text(500).optional(),
    items: z.array(ChecklistItemInput).max(2000, '一个清单最多 2000 项').optional(),
    rev: z.number().int().min(1).optional(),
  })
  .strict();
export type DraftUpdate = z.infer<typeof DraftUpdate>;

export const PublishInput = z.object({ changeNote: Text(500).optional(), rev: z.number().int().min(1).optional() }).strict();
export type PublishInput = z.infer<typeof PublishInput>;

export const TemplateQuery = z.object({
  sector: SectorCode.optional(),
  q: Text(100).optional(),
});
export type TemplateQuery = z.infer<typeof TemplateQuery>;

export const MajorRefView = z.object({
  standard: z.string(),
  item: z.string(),
  label: z.string().meta({ description: '条款，如 第五条第4项' }),
  standardName: z.string(),
  number: z.string().meta({ description: '文号，如 建城规〔2023〕4号' }),
  text: z.string().meta({ description: '条款原文' }),
});
export type MajorRefView = z.infer<typeof MajorRefView>;

export const ChecklistItemView = z.object({
  id: z.string(),
  seq: z.number().int().meta({ description: '清单内序号' }),
  category: z.string().meta({ description: '类别' }),
  project: z.string().meta({ description: '项目' }),
  point: z.string().meta({ description: '检查要点' }),
  basis: z.string().meta({ description: '检查依据' }),
  method: z.string().meta({ description: '检查方法及判定标准' }),
  major: MajorRefView.nullable().meta({ description: '重大隐患判定项的判定标准条款' }),
});
export type ChecklistItemView = z.infer<typeof ChecklistItemView>;

const versionSummaryFields = {
  id: z.string(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES).meta({ description: 'draft 草稿 | published 现行版本 | superseded 历史版本' }),
  itemCount: z.number().int(),
  majorCount: z.number().int(),
  changeNote: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
};
export const TemplateVersionSummary = z.object(versionSummaryFields);
export type TemplateVersionSummary = z.infer<typeof TemplateVersionSummary>;

export const TemplateSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  applicability: z.string(),
  builtin: z.boolean(),
  currentVersion: z.number().int().nullable().meta({ description: '现行版本号（自查使用的版本）' }),
  currentVersionId: z.string().nullable(),
  itemCount: z.number().int(),
  majorCount: z.number().int(),
  hasDraft: z.boolean(),
  editable: z.boolean().meta({ description: '当前用户可否编辑/发布' }),
  updatedAt: z.string(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

export const TemplateVersionView = z.object({
  ...versionSummaryFields,
  templateId: z.string(),
  code: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  name: z.string(),
  applicability: z.string(),
  basisNote: z.string(),
  methodNote: z.string(),
  rev: z.number().int(),
  editable: z.boolean(),
  items: z.array(ChecklistItemView),
});
export type TemplateVersionView = z.infer<typeof TemplateVersionView>;

export const TemplateDetail = z.object({ template: TemplateSummary, versions: z.array(TemplateVersionSummary) });
export type TemplateDetail = z.infer<typeof TemplateDetail>;

export const ImportQuery = z.object({
  templateId: Uuid.optional().meta({ description: '导入到该清单的草稿（省略则新建清单）' }),
  sector: Text(40).optional().meta({ description: '新建清单的行业领域（代码或名称）' }),
  name: Text(100, 2).optional(),
  dryRun: z.enum(['true', 'false']).default('false').meta({ description: 'true 只校验不保存' }),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ChecklistImportIssue = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() });
export type ChecklistImportIssue = z.infer<typeof ChecklistImportIssue>;

export const ChecklistImportReport = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  majorCount: z.number().int(),
  categories: z.array(z.string()),
  errors: z.array(ChecklistImportIssue).meta({ description: '逐行问题（行号、列、值、原因）' }),
  dryRun: z.boolean(),
  committed: z.boolean(),
  templateId: z.string().nullable(),
  versionId: z.string().nullable(),
  name: z.string().nullable(),
  sector: z.string().nullable(),
});
export type ChecklistImportReport = z.infer<typeof ChecklistImportReport>;

export const InstallResult = z.object({ installed: z.array(z.string()), skipped: z.array(z.string()) });
export const DeleteDraftResult = z.object({ ok: z.literal(true), templateDeleted: z.boolean() });

// ---------- self-inspection ----------

export const PlanCreate = z
  .object({
    enterpriseId: Uuid,
    templateId: Uuid,
    name: Text(100, 2),
    cycle: z.enum(CYCLES, { message: '周期应为：daily（每日）、weekly（每周）、monthly（每月）' }),
    /** 类别 of the template this plan checks; empty = every item */
    categories: z.array(Text(50, 1)).max(50).default([]),
    /** 负责人 */
    responsibleName: Text(50, 1),
    /** first day (default today) */
    startDate: IsoDate.optional(),
  })
  .strict();
export type PlanCreate = z.infer<typeof PlanCreate>;

/** The cycle of a plan is fixed (past periods are counted with it): change it by creating a new plan. */
export const PlanUpdate = z
  .object({
    name: Text(100, 2).optional(),
    categories: z.array(Text(50, 1)).max(50).optional(),
    responsibleName: Text(50, 1).optional(),
    active: z.boolean().optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type PlanUpdate = z.infer<typeof PlanUpdate>;

export const PlanQuery = z.object({ enterpriseId: Uuid.optional(), active: z.enum(['true', 'false']).optional() });
export type PlanQuery = z.infer<typeof PlanQuery>;

/** One item's result, saved as the inspector goes (progress). */
export const ResultInput = z
  .object({
    result: z.enum(CHECK_RESULTS, { message: '检查结果应为：pass（合格）、fail（不合格）、na（不适用）' }),
    note: Text(1000).optional(),
    /** 部位/场所 of a failure (default: 类别·项目) */
    place: Text(200).optional(),
    photoFileIds: z.array(Uuid).max(9, '每项最多 9 张照片').optional(),
    /** 立查立改: fixed on the spot (一般隐患 only), with an after-photo */
    fixedOnSpot: z.boolean().optional(),
    afterPhotoFileIds: z.array(Uuid).max(9, '每项最多 9 张照片').optional(),
    fixNote: Text(1000).optional(),
    /** the inspector confirms the 重大隐患 of a 重大隐患判定项 */
    confirmMajor: z.boolean().optional(),
  })
  .strict();
export type ResultInput = z.infer<typeof ResultInput>;

export const SubmitInput = z.object({ inspectorName: Text(50, 1).optional() }).strict();
export type SubmitInput = z.infer<typeof SubmitInput>;

export const RunQuery = z.object({
  enterpriseId: Uuid.optional(),
  planId: Uuid.optional(),
  status: z.enum(RUN_STATUSES, { message: '状态应为：in_progress、submitted、missed' }).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  page: Page,
  pageSize: PageSize,
});
export type RunQuery = z.infer<typeof RunQuery>;

export const StatsQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  regionCode: RegionCode.optional(),
  sector: SectorCode.optional(),
  enterpriseId: Uuid.optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

const RunStatusEnum = z.enum(RUN_STATUSES).meta({ description: 'in_progress 检查中 | submitted 已提交 | missed 逾期未查' });

export const PlanView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  templateSector: z.string(),
  name: z.string(),
  cycle: z.enum(CYCLES),
  categories: z.array(z.string()),
  responsibleName: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  current: z
    .object({
      key: z.string(),
      label: z.string(),
      start: z.string(),
      end: z.string(),
      runId: z.string().nullable(),
      status: RunStatusEnum.nullable(),
      answered: z.number().int(),
      total: z.number().int(),
    })
    .nullable()
    .meta({ description: '本周期及其自查记录' }),
});
export type PlanView = z.infer<typeof PlanView>;

const runSummaryFields = {
  id: z.string(),
  planId: z.string(),
  planName: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  templateName: z.string(),
  version: z.number().int(),
  cycle: z.enum(CYCLES),
  periodKey: z.string(),
  periodLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: RunStatusEnum,
  inspectorName: z.string().nullable(),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  itemTotal: z.number().int(),
  passCount: z.number().int(),
  failCount: z.number().int(),
  naCount: z.number().int(),
  fixedCount: z.number().int(),
  hazardCount: z.number().int(),
  majorCount: z.number().int(),
};
export const RunSummary = z.object(runSummaryFields);
export type RunSummary = z.infer<typeof RunSummary>;
export const RunPage = pageOf(RunSummary);

export const RunItemView = ChecklistItemView.extend({
  result: z.enum(CHECK_RESULTS).nullable(),
  note: z.string().nullable(),
  place: z.string().nullable(),
  photoFileIds: z.array(z.string()),
  fixedOnSpot: z.boolean(),
  afterPhotoFileIds: z.array(z.string()),
  fixNote: z.string().nullable(),
  confirmMajor: z.boolean(),
  hazardId: z.string().nullable(),
  hazardCode: z.string().nullable(),
});
export type RunItemView = z.infer<typeof RunItemView>;

export const RunView = z.object({
  ...runSummaryFields,
  templateId: z.string(),
  versionId: z.string(),
  regionCode: z.string(),
  sector: z.string(),
  rev: z.number().int(),
  editable: z.boolean().meta({ description: '当前用户可否填写与提交' }),
  items: z.array(RunItemView),
});
export type RunView = z.infer<typeof RunView>;

const tallyFields = {
  due: z.number().int().meta({ description: '应查' }),
  done: z.number().int().meta({ description: '已查（已提交）' }),
  missed: z.number().int().meta({ description: '逾期未查' }),
  rate: z.number().nullable().meta({ description: '完成率 done/due，0…1；无应查时为 null（显示“—”）' }),
  fixed: z.number().int().meta({ description: '自改：立查立改 + 整改销号' }),
  fixedOnSpot: z.number().int(),
  rectified: z.number().int(),
  reported: z.number().int().meta({ description: '自报：自查上报的隐患' }),
  reportedMajor: z.number().int(),
};
/** 自查自改自报 tallies of one enterprise (or a group) over a period. */
export const Tally = z.object(tallyFields);
export type Tally = z.infer<typeof Tally>;
export const TallyView = z.object({ ...tallyFields, from: z.string(), to: z.string() });

export const CompletionRow = z.object({ ...tallyFields, code: z.string(), name: z.string(), enterprises: z.number().int() });
export type CompletionRow = z.infer<typeof CompletionRow>;
export const CompletionView = z.object({
  from: z.string(),
  to: z.string(),
  total: z.object({ ...tallyFields, enterprises: z.number().int() }),
  byRegion: z.array(CompletionRow),
  bySector: z.array(CompletionRow),
});
export type CompletionView = z.infer<typeof CompletionView>;

export const BehindRow = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  due: z.number().int(),
  done: z.number().int(),
  missed: z.number().int(),
  rate: z.number().nullable(),
  lastSubmittedAt: z.string().nullable(),
});
export type BehindRow = z.infer<typeof BehindRow>;
