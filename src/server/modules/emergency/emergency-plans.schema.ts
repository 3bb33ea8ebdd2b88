import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * 应急预案 (plans: registry, versions with their document, 报备/审查) and 演练 (drills: plan, record,
 * evaluation). A plan or drill belongs to a unit (street, department, park, office) or an enterprise
 * (`owner_id`); a plan is reviewed by `reviewer_unit_id` (the office for units, the street for enterprises).
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

export const emergencyPlans = pgTable(
  'emergency_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').notNull(),
    ownerKind: text('owner_kind').notNull(),
    ownerName: text('owner_name').notNull(),
    regionCode: text('region_code').notNull(),
    reviewerUnitId: uuid('reviewer_unit_id').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    title: text('title').notNull(),
    level: text('level').notNull(),
    type: text('type').notNull(),
    eventType: text('event_type'),
    summary: text('summary'),
    status: text('status').notNull().default('draft'),
    currentVersion: integer('current_version').notNull().default(0),
    filingNo: text('filing_no'),
    filedOn: day('filed_on'),
    nextRevisionOn: day('next_revision_on'),
    needsRevision: boolean('needs_revision').notNull().default(false),
    revisionReason: text('revision_reason'),
    links: jsonb('links').notNull().$type<{ kind: string; id: string; label: string }[]>().default(sql`'[]'::jsonb`),
    /** the user who registered it (an enterprise owner is reminded through this user) */
    createdBy: uuid('created_by'),
    remindedOn: day('reminded_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('emergency_plans_owner_idx').on(t.ownerId),
    index('emergency_plans_reviewer_idx').on(t.reviewerUnitId, t.status),
    index('emergency_plans_region_idx').on(t.regionCode),
    index('emergency_plans_revision_idx').on(t.nextRevisionOn),
    unique('emergency_plans_filing_no_uq').on(t.filingNo),
    check('emergency_plans_status_chk', sql`${t.status} in ('draft','submitted','returned','filed')`),
    check('emergency_plans_kind_chk', sql`${t.ownerKind} in ('street','department','park','enterprise','office')`),
  ],
);

/** One uploaded document of a plan (.docx/.pdf), its extracted text and its review. */
export const emergencyPlanVersions = pgTable(
  'emergency_plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => emergencyPlans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fileId: uuid('file_id').notNull(),
    fileName: text('file_name').notNull(),
    fileMime: text('file_mime').notNull(),
    fileSize: integer('file_size').notNull(),
    text: text('text').notNull().default(''),
    note: text('note'),
    uploadedAt: ts('uploaded_at').notNull(),
    uploadedByName: text('uploaded_by_name').notNull(),
    submittedAt: ts('submitted_at'),
    decision: text('decision'),
    decidedAt: ts('decided_at'),
    reviewerName: text('reviewer_name'),
    comment: text('comment'),
  },
  (t) => [unique('emergency_plan_versions_uq').on(t.planId, t.version), check('emergency_plan_versions_decision_chk', sql`${t.decision} is null or ${t.decision} in ('accepted','returned')`)],
);

export const emergencyDrills = pgTable(
  'emergency_drills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').notNull(),
    ownerKind: text('owner_kind').notNull(),
    ownerName: text('owner_name').notNull(),
    regionCode: text('region_code').notNull(),
    title: text('title').notNull(),
    type: text('type').notNull(),
    scenario: text('scenario').notNull(),
    planId: uuid('plan_id').references(() => emergencyPlans.id, { onDelete: 'set null' }),
    planTitle: text('plan_title'),
    plannedOn: day('planned_on').notNull(),
    location: text('location').notNull(),
    /** 参演单位 (unit ids and names); their users see the exercise banner while it runs */
    participants: jsonb('participants').notNull().$type<{ id: string; name: string }[]>().default(sql`'[]'::jsonb`),
    participantIds: uuid('participant_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('planned'),
    startedAt: ts('started_at'),
    endedAt: ts('ended_at'),
    timeline: jsonb('timeline').notNull().$type<{ at: string; text: string; byName: string }[]>().default(sql`'[]'::jsonb`),
    photos: jsonb('photos').notNull().$type<{ fileId: string; name: string }[]>().default(sql`'[]'::jsonb`),
    evaluation: jsonb('evaluation').$type<{ rating: string; summary: string; planNeedsRevision: boolean; evaluatedAt: string; evaluatorName: string }>(),
    improvements: jsonb('improvements').notNull().$type<{ no: number; text: string; responsible: string | null; hazardId: string | null; hazardCode: string | null }[]>().default(sql`'[]'::jsonb`),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('emergency_drills_owner_idx').on(t.ownerId),
    index('emergency_drills_region_idx').on(t.regionCode, t.plannedOn.desc()),
    index('emergency_drills_running_idx').on(t.status),
    check('emergency_drills_status_chk', sql`${t.status} in ('planned','running','ended','evaluated')`),
    check('emergency_drills_kind_chk', sql`${t.ownerKind} in ('street','department','park','enterprise','office')`),
  ],
);
