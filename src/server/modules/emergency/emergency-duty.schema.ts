import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * 应急值守 (shifts and handovers per unit) and 事故信息报送 (accidents and their 首报/续报/终报 entries).
 * Every row carries the region of its unit (or of the accident's place) for scoping.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One shift of one unit: 带班领导 and 值班员 (phones SM4-encrypted), from `starts_at` to `ends_at`. */
export const emergencyDutyShifts = pgTable(
  'emergency_duty_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    unitKind: text('unit_kind').notNull(),
    regionCode: text('region_code').notNull(),
    dutyDate: date('duty_date', { mode: 'string' }).notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    leaderName: text('leader_name').notNull(),
    leaderPhoneEnc: text('leader_phone_enc'),
    officerName: text('officer_name').notNull(),
    officerPhoneEnc: text('officer_phone_enc'),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('emergency_duty_shifts_unit_start_uq').on(t.unitId, t.startsAt),
    index('emergency_duty_shifts_time_idx').on(t.startsAt, t.endsAt),
    index('emergency_duty_shifts_region_idx').on(t.regionCode, t.dutyDate),
    check('emergency_duty_shifts_span_chk', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** 交接班记录 */
export const emergencyDutyHandovers = pgTable(
  'emergency_duty_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    regionCode: text('region_code').notNull(),
    at: ts('at').notNull(),
    fromName: text('from_name').notNull(),
    toName: text('to_name').notNull(),
    notes: text('notes').notNull(),
    pending: text('pending'),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('emergency_duty_handovers_unit_idx').on(t.unitId, t.at.desc()), index('emergency_duty_handovers_region_idx').on(t.regionCode)],
);

/**
 * 生产安全事故: the current facts (the latest report's casualties), the grade derived from them
 * (493号令 第三条) and the reporting deadlines (first report 1 hour, 补报 window 30/7 days).
 */
export const emergencyAccidents = pgTable(
  'emergency_accidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    enterpriseId: uuid('enterprise_id'),
    enterpriseName: text('enterprise_name').notNull(),
    type: text('type').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    knownAt: ts('known_at'),
    place: text('place').notNull(),
    summary: text('summary').notNull(),
    cause: text('cause'),
    measures: text('measures'),
    deaths: integer('deaths').notNull(),
    missing: integer('missing').notNull().default(0),
    seriousInjuries: integer('serious_injuries').notNull(),
    minorInjuries: integer('minor_injuries').notNull().default(0),
    directLossWan: numeric('direct_loss_wan', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    grade: text('grade').notNull(),
    status: text('status').notNull().default('open'),
    reporterUnitId: uuid('reporter_unit_id'),
    reporterUnitName: text('reporter_unit_name').notNull(),
    firstReportedAt: ts('first_reported_at').notNull(),
    deadlineAt: ts('deadline_at').notNull(),
    finalDueAt: ts('final_due_at').notNull(),
    closedAt: ts('closed_at'),
    lastReportAt: ts('last_report_at').notNull(),
    reportCount: integer('report_count').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('emergency_accidents_region_idx').on(t.regionCode, t.occurredAt.desc()),
    index('emergency_accidents_sector_idx').on(t.sector, t.occurredAt),
    index('emergency_accidents_enterprise_idx').on(t.enterpriseId),
    check('emergency_accidents_status_chk', sql`${t.status} in ('open','closed')`),
    check('emergency_accidents_grade_chk', sql`${t.grade} in ('一般','较大','重大','特别重大')`),
    check('emergency_accidents_counts_chk', sql`${t.deaths} >= 0 and ${t.missing} >= 0 and ${t.seriousInjuries} >= 0 and ${t.minorInjuries} >= 0 and ${t.directLossWan} >= 0`),
  ],
);

/** The timeline: 首报, 续报 (casualties as reported then), 终报 — with who reported and when. */
export const emergencyAccidentReports = pgTable(
  'emergency_accident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accidentId: uuid('accident_id')
      .notNull()
      .references(() => emergencyAccidents.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    at: ts('at').notNull(),
    actorName: text('actor_name').notNull(),
    actorUnit: text('actor_unit').notNull(),
    content: text('content').notNull(),
    deaths: integer('deaths').notNull(),
    missing: integer('missing').notNull(),
    seriousInjuries: integer('serious_injuries').notNull(),
    minorInjuries: integer('minor_injuries').notNull(),
    directLossWan: numeric('direct_loss_wan', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    grade: text('grade').notNull(),
  },
  (t) => [index('emergency_accident_reports_accident_idx').on(t.accidentId, t.at), check('emergency_accident_reports_kind_chk', sql`${t.kind} in ('first','follow','final')`)],
);

/**
 * What the overdue job (emergency.accidents.ts notifyOverdueAccidents) sent: one row per accident and
 * milestone — 首报迟报 (`first_late`) or 终报逾期 (`final_overdue`) — with the deadline it named and
 * whom it told. The unique key makes the notice once-only across re-runs and instances.
 */
export const emergencyAccidentNotices = pgTable(
  'emergency_accident_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accidentId: uuid('accident_id')
      .notNull()
      .references(() => emergencyAccidents.id, { onDelete: 'cascade' }),
    milestone: text('milestone').notNull(),
    deadlineAt: ts('deadline_at').notNull(),
    sentAt: ts('sent_at').notNull(),
    title: text('title').notNull(),
    /** unit ids and user ids told (the reporting unit or its enterprise's users, and the office) */
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    userIds: uuid('user_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [unique('emergency_accident_notices_uq').on(t.accidentId, t.milestone), check('emergency_accident_notices_milestone_chk', sql`${t.milestone} in ('first_late','final_overdue')`)],
);
