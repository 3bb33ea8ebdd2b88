import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgSequence, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from '../org/org.schema';
import { files } from '../../platform/platform.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** Numbers of the readable hazard codes YH-<district>-<year>-<no> (unique: one sequence). */
export const hazardCodeSeq = pgSequence('hazard_code_seq', { startWith: 1, cache: 1 });

/**
 * 事故隐患 (16号令): one row per hazard. `status` is the state of the closed loop (shared/hazard/workflow.ts);
 * `overdue` is kept by the service and the daily sweep (and recomputed on read) so the counters can count it.
 * Every index ends in (found_at, id): pages are ordered by a unique key (stable pages, keyset cursors).
 */
export const hazards = pgTable(
  'hazards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    source: text('source').notNull(),
    originKind: text('origin_kind'),
    originId: text('origin_id'),
    originLabel: text('origin_label'),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    place: text('place').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull(),
    grade: text('grade').notNull().default('一般'),
    standardId: text('standard_id'),
    standardItem: text('standard_item'),
    status: text('status').notNull(),
    foundAt: ts('found_at').notNull(),
    foundBy: uuid('found_by'),
    foundByName: text('found_by_name').notNull(),
    foundByUnit: text('found_by_unit'),
    confirmedAt: ts('confirmed_at'),
    confirmedByName: text('confirmed_by_name'),
    // 五落实
    measures: text('measures'),
    responsiblePerson: text('responsible_person'),
    funds: numeric('funds', { precision: 14, scale: 2, mode: 'number' }),
    deadline: day('deadline'),
    emergencyPlan: text('emergency_plan'),
    rectifyStartedAt: ts('rectify_started_at'),
    rectificationNote: text('rectification_note'),
    acceptanceRequestedAt: ts('acceptance_requested_at'),
    closedAt: ts('closed_at'),
    closedByName: text('closed_by_name'),
    acceptanceOpinion: text('acceptance_opinion'),
    fixedOnSpot: boolean('fixed_on_spot').notNull().default(false),
    fixNote: text('fix_note'),
    overdue: boolean('overdue').notNull().default(false),
    extensionPending: boolean('extension_pending').notNull().default(false),
    /** 挂牌督办: null, 'listed' (挂牌) or 'delisted' (摘牌) */
    supervision: text('supervision'),
    /** 全部停产 | 局部停产 */
    stopProduction: text('stop_production'),
    /** 停产治理 | 申请复产 | 已复产 */
    productionState: text('production_state'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('hazards_code_uq').on(t.code),
    // The ledger's filter + sort combinations (see hazard.repo.ts listHazards).
    index('hazards_found_idx').on(t.foundAt.desc(), t.id.desc()),
    index('hazards_status_found_idx').on(t.status, t.foundAt.desc(), t.id.desc()),
    index('hazards_region_found_idx').on(t.regionCode, t.foundAt.desc(), t.id.desc()),
    index('hazards_region_status_found_idx').on(t.regionCode, t.status, t.foundAt.desc(), t.id.desc()),
    index('hazards_sector_found_idx').on(t.sector, t.foundAt.desc(), t.id.desc()),
    index('hazards_sector_status_found_idx').on(t.sector, t.status, t.foundAt.desc(), t.id.desc()),
    index('hazards_enterprise_found_idx').on(t.enterpriseId, t.foundAt.desc(), t.id.desc()),
    index('hazards_major_found_idx').on(t.foundAt.desc(), t.id.desc()).where(sql`${t.grade} = '重大'`),
    // Overdue hazards in ledger order (the stored flag, exact once the day's sweep has run).
    index('hazards_overdue_found_idx').on(t.foundAt.desc(), t.id.desc()).where(sql`${t.overdue}`),
    // Streets and departments looking at 重大 or overdue hazards, and at one street × one sector
    // (a department filtering by street, a street by sector): small partial indexes and one composite.
    index('hazards_region_major_idx').on(t.regionCode, t.foundAt.desc(), t.id.desc()).where(sql`${t.grade} = '重大'`),
    index('hazards_sector_major_idx').on(t.sector, t.foundAt.desc(), t.id.desc()).where(sql`${t.grade} = '重大'`),
    index('hazards_region_overdue_idx').on(t.regionCode, t.foundAt.desc(), t.id.desc()).where(sql`${t.overdue}`),
    index('hazards_sector_overdue_idx').on(t.sector, t.foundAt.desc(), t.id.desc()).where(sql`${t.overdue}`),
    index('hazards_region_sector_found_idx').on(t.regionCode, t.sector, t.foundAt.desc(), t.id.desc()),
    // Open hazards by deadline: the overdue sweep, the overdue filter, sorting by deadline.
    index('hazards_deadline_open_idx').on(t.deadline, t.id).where(sql`${t.status} in ('confirmed','rectifying')`),
    index('hazards_supervision_idx').on(t.supervision, t.updatedAt.desc()).where(sql`${t.supervision} is not null`),
    index('hazards_origin_idx').on(t.originKind, t.originId).where(sql`${t.originId} is not null`),
    // Free-text search (ILIKE '%…%') over code, place, category and description.
    index('hazards_search_trgm_idx').using('gin', sql`(${t.code} || ' ' || ${t.place} || ' ' || ${t.category} || ' ' || ${t.description}) gin_trgm_ops`),
    // hazards_report_idx (found_at) INCLUDE (…): in migration hazard_report_index (drizzle has no INCLUDE).
    check('hazards_status_chk', sql`${t.status} in ('reported','confirmed','rectifying','pending_acceptance','closed','dismissed')`),
    check('hazards_grade_chk', sql`${t.grade} in ('一般','重大')`),
    check('hazards_source_chk', sql`${t.source} in ('self_check','inspection','public_report','iot_alarm')`),
    check('hazards_major_clause_chk', sql`${t.grade} <> '重大' or (${t.standardId} is not null and ${t.standardItem} is not null)`),
    check('hazards_supervision_chk', sql`${t.supervision} is null or ${t.supervision} in ('listed','delisted')`),
  ],
);

/** Photos (before/after) and documents (复产申请, 评估报告) of a hazard. */
export const hazardFiles = pgTable(
  'hazard_files',
  {
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    kind: text('kind').notNull(), // before | after | document
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hazardId, t.fileId] }), index('hazard_files_file_idx').on(t.fileId), check('hazard_files_kind_chk', sql`${t.kind} in ('before','after','document')`)],
);

/** 整改措施: sub-tasks of the rectification; no 销号 while one is open. */
export const hazardActions = pgTable(
  'hazard_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    responsible: text('responsible'),
    dueDate: day('due_date'),
    done: boolean('done').notNull().default(false),
    doneAt: ts('done_at'),
    note: text('note'),
    sort: integer('sort').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('hazard_actions_hazard_idx').on(t.hazardId, t.sort)],
);

/** The workflow timeline of a hazard (who did which step when, with the opinion); the audit log is the legal record. */
export const hazardSteps = pgTable(
  'hazard_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    step: text('step').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    comment: text('comment'),
  },
  (t) => [index('hazard_steps_hazard_idx').on(t.hazardId, t.id)],
);

/** 延期申请 and their decisions (the deferral history, also of the 挂牌督办 deadline). */
export const hazardExtensions = pgTable(
  'hazard_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    oldDeadline: day('old_deadline'),
    newDeadline: day('new_deadline').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'), // pending | approved | rejected
    requestedAt: ts('requested_at').notNull().defaultNow(),
    requestedBy: uuid('requested_by'),
    requestedByName: text('requested_by_name').notNull(),
    decidedAt: ts('decided_at'),
    decidedByName: text('decided_by_name'),
    opinion: text('opinion'),
  },
  (t) => [index('hazard_extensions_hazard_idx').on(t.hazardId, t.requestedAt)],
);

/** 重大事故隐患治理方案 (16号令 Art.15, six parts). */
export const hazardPlans = pgTable('hazard_plans', {
  hazardId: uuid('hazard_id')
    .primaryKey()
    .references(() => hazards.id, { onDelete: 'cascade' }),
  objectives: text('objectives').notNull(),
  methods: text('methods').notNull(),
  fundsMaterials: text('funds_materials').notNull(),
  organization: text('organization').notNull(),
  schedule: text('schedule').notNull(),
  safetyMeasures: text('safety_measures').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedByName: text('updated_by_name').notNull(),
});

/** 挂牌督办 of a 重大隐患: one per hazard; 摘牌 on 销号. */
export const hazardSupervisions = pgTable(
  'hazard_supervisions',
  {
    hazardId: uuid('hazard_id')
      .primaryKey()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    level: text('level').notNull(),
    supervisingUnit: text('supervising_unit').notNull(),
    docNo: text('doc_no').notNull(),
    deadline: day('deadline').notNull(),
    signedBy: text('signed_by').notNull(),
    signedOn: day('signed_on').notNull(),
    requirements: text('requirements'),
    status: text('status').notNull().default('listed'), // listed | delisted
    listedAt: ts('listed_at').notNull().defaultNow(),
    delistedAt: ts('delisted_at'),
  },
  (t) => [index('hazard_supervisions_public_idx').on(t.status, t.listedAt.desc()), check('hazard_supervisions_level_chk', sql`${t.level} in ('区级','市级','省级')`)],
);

/** 复产申请 → 审批 after a stop order (16号令 Art.18). */
export const hazardResumptions = pgTable(
  'hazard_resumptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    application: text('application').notNull(),
    assessment: text('assessment'),
    status: text('status').notNull().default('pending'),
    appliedAt: ts('applied_at').notNull().defaultNow(),
    appliedByName: text('applied_by_name').notNull(),
    decidedAt: ts('decided_at'),
    decidedByName: text('decided_by_name'),
    opinion: text('opinion'),
  },
  (t) => [index('hazard_resumptions_hazard_idx').on(t.hazardId, t.appliedAt)],
);

/**
 * Exact counts of hazards, maintained by statement-level triggers on `hazards` in the same
 * transaction as every change (migration 0005/hazard_counters). Several grains ("levels") so any
 * common filter sums a handful of rows:
 *   1 (district6, status, grade, overdue)         2 (street, status, grade, overdue)
 *   3 (district6, sector, status, grade, overdue) 4 (street, sector, status, grade, overdue)
 *   5 (street, sector, source, status, grade, overdue)   6 (district6, source, status, grade, overdue)
 * Rolled-up dimensions hold ''. Level 6 arrived with migration hazard_counters_source.
 */
export const hazardCounters = pgTable(
  'hazard_counters',
  {
    lvl: smallint('lvl').notNull(),
    region: text('region').notNull(),
    sector: text('sector').notNull(),
    source: text('source').notNull(),
    status: text('status').notNull(),
    grade: text('grade').notNull(),
    overdue: boolean('overdue').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'hazard_counters_pk', columns: [t.lvl, t.region, t.sector, t.source, t.status, t.grade, t.overdue] })],
);

/** 隐患排查治理情况统计分析表 submitted by an enterprise, signed by its 主要负责人 (16号令 Art.14). */
export const hazardReportSubmissions = pgTable(
  'hazard_report_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    /** 2026Q1 or 2026 */
    period: text('period').notNull(),
    due: day('due').notNull(),
    principalName: text('principal_name').notNull(),
    note: text('note'),
    figures: jsonb('figures').notNull(),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    submittedByName: text('submitted_by_name').notNull(),
    late: boolean('late').notNull().default(false),
  },
  (t) => [unique('hazard_report_submissions_uq').on(t.enterpriseId, t.period), index('hazard_report_submissions_region_idx').on(t.regionCode, t.period)],
);
