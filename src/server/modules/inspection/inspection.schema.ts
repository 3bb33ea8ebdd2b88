import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { enterprises, units } from '../org/org.schema';
import { files, users } from '../../platform/platform.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** 分类分级 override of an enterprise's computed class (with the reason, who, when). */
export const inspectionClassOverrides = pgTable('inspection_class_overrides', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id),
  regionCode: text('region_code').notNull(),
  sector: text('sector').notNull(),
  targetClass: text('target_class').notNull(),
  reason: text('reason').notNull(),
  byName: text('by_name').notNull(),
  at: ts('at').notNull(),
});

/** 执法检查人员名录: an inspector (a user with the inspector role) with the 执法证 and the department. */
export const inspectors = pgTable(
  'inspectors',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    regionCode: text('region_code').notNull(),
    certNo: text('cert_no').notNull(),
    certExpiry: day('cert_expiry').notNull(),
    active: boolean('active').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('inspectors_unit_idx').on(t.unitId)],
);

/** Declared conflicts of interest (回避): the inspector's own former employer, a relative's enterprise… */
export const inspectorConflicts = pgTable(
  'inspector_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => inspectors.userId),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    kind: text('kind').notNull(), // 'enterprise' | 'relative'
    note: text('note').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('inspector_conflicts_uq').on(t.userId, t.enterpriseId)],
);

/**
 * 双随机 draws. Created = committed: the pool is frozen and SHA-256(seed) stored; executed = the
 * result computed from pool + seed and the seed published (status 'published').
 */
export const inspectionDraws = pgTable(
  'inspection_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    regionCode: text('region_code').notNull(),
    /** filters the pool was built from (sector, street, class) — for the record */
    filters: jsonb('filters').notNull(),
    count: integer('count').notNull(),
    perTarget: integer('per_target').notNull(),
    algorithm: text('algorithm').notNull(),
    pool: jsonb('pool').notNull(),
    /** excluded inspectors and why (certificate expired…) */
    excluded: jsonb('excluded').notNull().default(sql`'[]'::jsonb`),
    seedHash: text('seed_hash').notNull(),
    /** secret until the draw runs */
    seed: text('seed').notNull(),
    result: jsonb('result'),
    status: text('status').notNull().default('committed'), // committed | published
    plannedMonth: text('planned_month'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
    drawnAt: ts('drawn_at'),
  },
  (t) => [index('inspection_draws_unit_idx').on(t.unitId, t.createdAt)],
);

/** One selected target of a draw (with its team and outcome), scoped like the enterprise. */
export const inspectionDrawTargets = pgTable(
  'inspection_draw_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    drawId: uuid('draw_id')
      .notNull()
      .references(() => inspectionDraws.id),
    seq: integer('seq').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    inspectorIds: uuid('inspector_ids').array().notNull(),
    inspectionId: uuid('inspection_id'),
  },
  (t) => [unique('inspection_draw_targets_uq').on(t.drawId, t.seq), index('inspection_draw_targets_ent_idx').on(t.enterpriseId)],
);

/** 执法检查 (on site): from a draw, a plan or ad hoc; 四不两直 hides it until started. */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    origin: text('origin').notNull(), // draw | plan | adhoc
    drawTargetId: uuid('draw_target_id'),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    unannounced: boolean('unannounced').notNull().default(false),
    status: text('status').notNull().default('planned'), // planned | in_progress | completed
    checklistVersionId: uuid('checklist_version_id').notNull(),
    checklistName: text('checklist_name').notNull(),
    team: uuid('team').array().notNull(),
    teamNames: text('team_names').array().notNull(),
    plannedOn: day('planned_on').notNull(),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    locationNote: text('location_note'),
    signerName: text('signer_name'),
    signatureFileId: uuid('signature_file_id').references(() => files.id),
    summary: text('summary'),
    /** the browser's key of the submission (sent once: a replay answers the stored result) */
    clientKey: text('client_key').unique(),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('inspections_scope_idx').on(t.regionCode, t.sector), index('inspections_ent_idx').on(t.enterpriseId), index('inspections_planned_idx').on(t.plannedOn)],
);

/** Answers of an inspection's checklist items; a failed item links to its hazard in the ledger. */
export const inspectionItems = pgTable(
  'inspection_items',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id),
    itemId: uuid('item_id').notNull(),
    seq: integer('seq').notNull(),
    category: text('category').notNull(),
    point: text('point').notNull(),
    result: text('result').notNull(), // pass | fail | na
    note: text('note').notNull().default(''),
    photoFileIds: uuid('photo_file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    hazardId: uuid('hazard_id'),
    hazardCode: text('hazard_code'),
    hazardGrade: text('hazard_grade'),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.itemId] })],
);

/** 行政执法案件 (立案 → 调查 → 法制审核 → 决定 → 执行 → 结案). */
export const enforcementCases = pgTable(
  'enforcement_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    summary: text('summary').notNull(),
    status: text('status').notNull().default('filed'),
    handlerId: uuid('handler_id').notNull(),
    handlerName: text('handler_name').notNull(),
    violationCode: text('violation_code'),
    circumstance: text('circumstance'),
    fineAmount: numeric('fine_amount', { precision: 14, scale: 2, mode: 'number' }),
    /** 重大执法决定: needs 法制审核 passed before the decision */
    major: boolean('major').notNull().default(false),
    reviewPassed: boolean('review_passed'),
    reviewerName: text('reviewer_name'),
    reviewOpinion: text('review_opinion'),
    decidedOn: day('decided_on'),
    closedOn: day('closed_on'),
    filedOn: day('filed_on').notNull(),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('enforcement_cases_scope_idx').on(t.regionCode, t.sector), index('enforcement_cases_ent_idx').on(t.enterpriseId)],
);

/** 执法全过程记录: every step of a case with its actor, time, note and document. */
export const enforcementCaseEvents = pgTable(
  'enforcement_case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => enforcementCases.id),
    step: text('step').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
    note: text('note').notNull().default(''),
    documentId: uuid('document_id'),
  },
  (t) => [index('enforcement_case_events_case_idx').on(t.caseId, t.at)],
);

/** Issued enforcement documents: number unique per kind and year; content rendered from `data`. */
export const enforcementDocuments = pgTable(
  'enforcement_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    caseId: uuid('case_id').references(() => enforcementCases.id),
    inspectionId: uuid('inspection_id').references(() => inspections.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    data: jsonb('data').notNull(),
    issuedByName: text('issued_by_name').notNull(),
    issuedAt: ts('issued_at').notNull(),
  },
  (t) => [unique('enforcement_documents_number_uq').on(t.kind, t.year, t.seq), index('enforcement_documents_case_idx').on(t.caseId)],
);

/** Document number counters (kind, year) → last number; incremented atomically. */
export const enforcementDocumentCounters = pgTable(
  'enforcement_document_counters',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

/** 裁量基准 as the district keeps it (seeded from the shipped table, editable). */
export const penaltyDiscretion = pgTable('penalty_discretion', {
  code: text('code').primaryKey(),
  violation: text('violation').notNull(),
  article: text('article').notNull(),
  basis: text('basis').notNull(),
  ranges: jsonb('ranges').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * 执法计划: a department's annual plan (one per unit and year) derived from its targets' classes —
 * the class lines at derivation, the 重点检查 (scheduled) and 双随机 shares and the monthly breakdown
 * (editable, a changed month carries its reason). draft → submitted → accepted | returned (→ edited → submitted).
 */
export const enforcementPlans = pgTable(
  'enforcement_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull().default('draft'),
    /** [{ targetClass, enterprises, frequency, required, share }] when derived */
    classes: jsonb('classes').notNull(),
    /** 12 × { month, scheduled, random, note } */
    months: jsonb('months').notNull(),
    note: text('note').notNull().default(''),
    reviewOpinion: text('review_opinion'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: ts('reviewed_at'),
    submittedAt: ts('submitted_at'),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [unique('enforcement_plans_unit_year_uq').on(t.unitId, t.year), index('enforcement_plans_region_idx').on(t.regionCode, t.year)],
);

/**
 * 严重失信主体名单 entries: reason, legal basis and period; 信用修复 (application → review → removal
 * before the end); an entry past its end is out of force without anyone acting.
 */
export const dishonestEntries = pgTable(
  'dishonest_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    reason: text('reason').notNull(),
    basis: text('basis').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    status: text('status').notNull().default('listed'), // listed | repair_pending | repaired
    repairReason: text('repair_reason'),
    repairAppliedByName: text('repair_applied_by_name'),
    repairAppliedAt: ts('repair_applied_at'),
    repairOpinion: text('repair_opinion'),
    repairReviewedByName: text('repair_reviewed_by_name'),
    removedOn: day('removed_on'),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('dishonest_entries_scope_idx').on(t.regionCode, t.sector), index('dishonest_entries_ent_idx').on(t.enterpriseId)],
);
