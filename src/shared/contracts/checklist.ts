import { z } from 'zod';
import { IsoDate, Page, PageSize, RegionCode, Text, Uuid } from './common';
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

export const TemplateQuery = z.object({
  sector: SectorCode.optional(),
  q: Text(100).optional(),
});

export interface MajorRefView {
  standard: string;
  item: string;
  /** 第五条第4项 */
  label: string;
  standardName: string;
  /** 建城规〔2023〕4号 */
  number: string;
  /** the official text of the item */
  text: string;
}

export interface ChecklistItemView {
  id: string;
  seq: number;
  category: string;
  project: string;
  point: string;
  basis: string;
  method: string;
  major: MajorRefView | null;
}

export interface TemplateVersionSummary {
  id: string;
  version: number;
  status: VersionStatus;
  itemCount: number;
  majorCount: number;
  changeNote: string | null;
  createdAt: string;
  createdByName: string | null;
  publishedAt: string | null;
  publishedByName: string | null;
}

export interface TemplateSummary {
  id: string;
  code: string;
  name: string;
  sector: string;
  sectorName: string;
  applicability: string;
  builtin: boolean;
  /** the version runs use now (latest published) */
  currentVersion: number | null;
  currentVersionId: string | null;
  itemCount: number;
  majorCount: number;
  hasDraft: boolean;
  /** may the viewer edit/publish it (office; department of its sector) */
  editable: boolean;
  updatedAt: string;
}

export interface TemplateVersionView extends TemplateVersionSummary {
  templateId: string;
  code: string;
  sector: string;
  sectorName: string;
  name: string;
  applicability: string;
  basisNote: string;
  methodNote: string;
  rev: number;
  editable: boolean;
  items: ChecklistItemView[];
}

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

export interface PlanView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  templateId: string;
  templateName: string;
  templateSector: string;
  name: string;
  cycle: Cycle;
  categories: string[];
  responsibleName: string;
  startDate: string;
  endDate: string | null;
  active: boolean;
  version: number;
  /** the current period and its run, if any */
  current: { key: string; label: string; start: string; end: string; runId: string | null; status: RunStatus | null; answered: number; total: number } | null;
}

export interface RunSummary {
  id: string;
  planId: string;
  planName: string;
  enterpriseId: string;
  enterpriseName: string;
  templateName: string;
  version: number;
  cycle: Cycle;
  periodKey: string;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  status: RunStatus;
  inspectorName: string | null;
  startedAt: string | null;
  submittedAt: string | null;
  itemTotal: number;
  passCount: number;
  failCount: number;
  naCount: number;
  fixedCount: number;
  hazardCount: number;
  majorCount: number;
}

export interface RunItemView extends ChecklistItemView {
  result: CheckResult | null;
  note: string | null;
  place: string | null;
  photoFileIds: string[];
  fixedOnSpot: boolean;
  afterPhotoFileIds: string[];
  fixNote: string | null;
  confirmMajor: boolean;
  hazardId: string | null;
  hazardCode: string | null;
}

export interface RunView extends RunSummary {
  templateId: string;
  versionId: string;
  regionCode: string;
  sector: string;
  rev: number;
  /** may the viewer record results and submit */
  editable: boolean;
  items: RunItemView[];
}

/** 自查自改自报 tallies of one enterprise (or a group) over a period. */
export interface Tally {
  /** 应查 */
  due: number;
  /** 已查 (submitted) */
  done: number;
  /** 逾期未查 */
  missed: number;
  /** done / due, 0…1 (1 when nothing was due) */
  rate: number;
  /** 自改: fixed on the spot + rectified (销号) */
  fixed: number;
  fixedOnSpot: number;
  rectified: number;
  /** 自报: hazards reported from the runs */
  reported: number;
  reportedMajor: number;
}

export interface CompletionRow extends Tally {
  code: string;
  name: string;
  enterprises: number;
}

export interface BehindRow {
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  sector: string;
  sectorName: string;
  due: number;
  done: number;
  missed: number;
  rate: number;
  lastSubmittedAt: string | null;
}
