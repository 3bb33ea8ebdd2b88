import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises, units } from '../org/org.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 检查清单 template: one per checklist (e.g. 人员密集场所消防安全检查清单), per sector. Its content
 * lives in versions; `current_version_id` is the latest published one (what new runs use).
 * Templates are district-wide reference content (region_code = the district).
 */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    sector: text('sector').notNull(),
    regionCode: text('region_code').notNull(),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id),
    /** shipped reference content (seeded) */
    builtin: boolean('builtin').notNull().default(false),
    currentVersionId: uuid('current_version_id'),
    latestVersion: integer('latest_version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('checklist_templates_sector_idx').on(t.sector)],
);

/**
 * A version of a template. draft → published (frozen) → superseded (when a newer one is published;
 * still readable: runs keep pointing at the exact version they used).
 */
export const checklistVersions = pgTable(
  'checklist_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    version: integer('version').notNull(),
    status: text('status').notNull().default('draft'),
    name: text('name').notNull(),
    applicability: text('applicability').notNull().default(''),
    /** 说明一：检查依据 */
    basisNote: text('basis_note').notNull().default(''),
    /** 说明二：检查方法及判定标准 */
    methodNote: text('method_note').notNull().default(''),
    changeNote: text('change_note'),
    itemCount: integer('item_count').notNull().default(0),
    majorCount: integer('major_count').notNull().default(0),
    /** draft edit revision (optimistic concurrency of the editor) */
    rev: integer('rev').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    unique('checklist_versions_template_version_uq').on(t.templateId, t.version),
    // One open draft per template.
    uniqueIndex('checklist_versions_one_draft_uq').on(t.templateId).where(sql`${t.status} = 'draft'`),
    check('checklist_versions_status_chk', sql`${t.status} in ('draft','published','superseded')`),
  ],
);

/** Items of a version: 类别 → 项目 → 检查要点, with 检查依据 and 检查方法及判定标准. */
export const checklistItems = pgTable(
  'checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => checklistVersions.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    category: text('category').notNull(),
    project: text('project').notNull(),
    point: text('point').notNull(),
    basis: text('basis').notNull(),
    method: text('method').notNull(),
    /** 重大隐患判定项: standard id (shared/hazard/standards) and item ("12", "5.4") */
    majorStandard: text('major_standard'),
    majorItem: text('major_item'),
  },
  (t) => [index('checklist_items_version_idx').on(t.versionId, t.seq)],
);

/** An enterprise's self-inspection plan: which checklist (and which 类别 of it), how often, who. */
export const selfInspectionPlans = pgTable(
  'self_inspection_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    name: text('name').notNull(),
    cycle: text('cycle').notNull(),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    responsibleName: text('responsible_name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** last day the plan was active (set when deactivated) */
    endDate: date('end_date', { mode: 'string' }),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('self_inspection_plans_enterprise_idx').on(t.enterpriseId),
    index('self_inspection_plans_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    index('self_inspection_plans_sector_idx').on(t.sector, t.regionCode),
    check('self_inspection_plans_cycle_chk', sql`${t.cycle} in ('daily','weekly','monthly')`),
  ],
);

/** One run of a plan for one period, on the exact template version it started with. */
export const selfInspectionRuns = pgTable(
  'self_inspection_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => selfInspectionPlans.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => checklistVersions.id),
    cycle: text('cycle').notNull(),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    periodKey: text('period_key').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('in_progress'),
    inspectorName: text('inspector_name'),
    startedBy: uuid('started_by'),
    startedAt: ts('started_at'),
    submittedBy: uuid('submitted_by'),
    submittedAt: ts('submitted_at'),
    itemTotal: integer('item_total').notNull().default(0),
    passCount: integer('pass_count').notNull().default(0),
    failCount: integer('fail_count').notNull().default(0),
    naCount: integer('na_count').notNull().default(0),
    fixedCount: integer('fixed_count').notNull().default(0),
    hazardCount: integer('hazard_count').notNull().default(0),
    majorCount: integer('major_count').notNull().default(0),
    rev: integer('rev').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('self_inspection_runs_plan_period_uq').on(t.planId, t.periodKey),
    index('self_inspection_runs_enterprise_idx').on(t.enterpriseId, t.periodEnd),
    index('self_inspection_runs_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    index('self_inspection_runs_sector_idx').on(t.sector, t.periodEnd),
    index('self_inspection_runs_period_idx').on(t.periodEnd, t.status),
    check('self_inspection_runs_status_chk', sql`${t.status} in ('in_progress','submitted','missed')`),
  ],
);

/** The result of one item in one run. Failures become hazards on submission (hazard_id). */
export const selfInspectionResults = pgTable(
  'self_inspection_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => selfInspectionRuns.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => checklistItems.id),
    result: text('result').notNull(),
    note: text('note'),
    place: text('place'),
    photoFileIds: uuid('photo_file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    fixedOnSpot: boolean('fixed_on_spot').notNull().default(false),
    afterPhotoFileIds: uuid('after_photo_file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    fixNote: text('fix_note'),
    confirmMajor: boolean('confirm_major').notNull().default(false),
    hazardId: uuid('hazard_id'),
    hazardCode: text('hazard_code'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('self_inspection_results_run_item_uq').on(t.runId, t.itemId),
    index('self_inspection_results_hazard_idx').on(t.hazardId),
    check('self_inspection_results_result_chk', sql`${t.result} in ('pass','fail','na')`),
  ],
);
