import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { units } from '../org/org.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** 专项行动 (a campaign): from an imported plan or set up by hand. District-wide record. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    docNumber: text('doc_number'),
    issuer: text('issuer'),
    issuedOn: day('issued_on'),
    startDate: day('start_date').notNull(),
    endDate: day('end_date').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull().default('active'), // active | archived (归档)
    /** due day, reminders, weights … (CampaignSettings in shared/contracts/campaign.ts) */
    settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
    /** the plan draft it was imported from (plan module), for traceability */
    sourceDraftId: text('source_draft_id'),
    /** the plan's normalised text the node offsets refer to */
    sourceText: text('source_text'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    archivedAt: ts('archived_at'),
  },
  (t) => [index('campaigns_region_idx').on(t.regionCode), check('campaigns_status_chk', sql`${t.status} in ('active','archived')`), check('campaigns_range_chk', sql`${t.startDate} <= ${t.endDate}`)],
);

/** 阶段 (动员部署, 排查整治, 集中攻坚, 巩固提升). */
export const campaignPhases = pgTable(
  'campaign_phases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    startDate: day('start_date'),
    endDate: day('end_date'),
    description: text('description').notNull().default(''),
    nodeId: text('node_id'),
  },
  (t) => [index('campaign_phases_campaign_idx').on(t.campaignId, t.ordinal)],
);

/** The task tree: sections, groups, tasks (任务分解表 rows) and items (一是…), with the plan's ids. */
export const campaignTasks = pgTable(
  'campaign_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id'),
    /** plan path of ordinals, e.g. "2.2.7.3" */
    nodeId: text('node_id').notNull(),
    ordinal: integer('ordinal').notNull(),
    marker: text('marker').notNull().default(''),
    kind: text('kind').notNull(), // section | group | task | item
    level: integer('level').notNull().default(1),
    title: text('title').notNull(),
    text: text('text').notNull().default(''),
    /** document order */
    sort: integer('sort').notNull(),
    series: text('series'),
    territorialDuty: boolean('territorial_duty').notNull().default(false),
    /** reported on: an item, or a task without items */
    isWork: boolean('is_work').notNull().default(false),
    /** the task an item belongs to (itself for a task); null for headings */
    taskId: uuid('task_id'),
    /** effective due date of a work item (own milestones, else the nearest ancestor's, else the campaign end) */
    dueDate: day('due_date'),
    sourceStart: integer('source_start'),
    sourceEnd: integer('source_end'),
  },
  (t) => [
    unique('campaign_tasks_node_uq').on(t.campaignId, t.nodeId),
    index('campaign_tasks_campaign_idx').on(t.campaignId, t.sort),
    index('campaign_tasks_parent_idx').on(t.parentId),
    check('campaign_tasks_kind_chk', sql`${t.kind} in ('section','group','task','item')`),
  ],
);

/** Units named on a node (牵头/配合) or carrying 属地 duty; unresolved names stay as text. */
export const campaignAssignments = pgTable(
  'campaign_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
    role: text('role').notNull(), // lead | co | territorial
    /** the unit named (e.g. 区城建专委会); null when the name did not resolve or is collective */
    unitId: uuid('unit_id').references(() => units.id),
    /** the unit that files the reports (a 专委会's lead department, 区住建局) */
    reportingUnitId: uuid('reporting_unit_id').references(() => units.id),
    /** the name as the plan (or the clerk) wrote it, or the unit's short name */
    name: text('name').notNull(),
    generic: boolean('generic').notNull().default(false),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('campaign_assignments_task_idx').on(t.taskId), index('campaign_assignments_campaign_idx').on(t.campaignId), check('campaign_assignments_role_chk', sql`${t.role} in ('lead','co','territorial')`)],
);

/**
 * One duty per (work item, reporting unit), expanded from the assignments (shared/campaign/duties.ts)
 * and rebuilt whenever they change. `status` is the item's latest status in the unit's accepted
 * reports: the dashboard and the assessment aggregate over this table.
 */
export const campaignDuties = pgTable(
  'campaign_duties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    /** the unit's region (a street's code for 属地 duties), for scoped reads */
    regionCode: text('region_code').notNull(),
    dueDate: day('due_date'),
    status: text('status').notNull().default('未开始'),
    statusPeriod: text('status_period'),
  },
  (t) => [
    unique('campaign_duties_item_unit_uq').on(t.itemId, t.unitId),
    index('campaign_duties_unit_idx').on(t.campaignId, t.unitId),
    index('campaign_duties_task_idx').on(t.campaignId, t.taskId),
    check('campaign_duties_status_chk', sql`${t.status} in ('未开始','推进中','已完成','滞后')`),
  ],
);

/** 时间节点: deadlines of the plan (by/before/during/on/campaign_end/ongoing) and recurrences. */
export const campaignMilestones = pgTable(
  'campaign_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
    title: text('title').notNull().default(''),
    dueDate: day('due_date'),
    kind: text('kind').notNull(),
    text: text('text').notNull().default(''),
    recurrenceEvery: text('recurrence_every'),
    recurrenceTimes: integer('recurrence_times'),
    atLeast: boolean('at_least').notNull().default(false),
  },
  (t) => [index('campaign_milestones_task_idx').on(t.taskId), index('campaign_milestones_due_idx').on(t.campaignId, t.dueDate)],
);

/** 目标指标 (不低于75%、达到100%…), with the unit, target and due date. */
export const campaignIndicators = pgTable(
  'campaign_indicators',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id').references(() => campaignTasks.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    valueType: text('value_type').notNull().default('number'), // number | text | boolean
    comparator: text('comparator').notNull().default('>='),
    targetValue: doublePrecision('target_value'),
    targetValueMax: doublePrecision('target_value_max'),
    dueDate: day('due_date'),
    /** district figure from the units' values: avg | sum | lead (the lead unit's) */
    aggregate: text('aggregate').notNull().default('avg'),
    text: text('text').notNull().default(''),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('campaign_indicators_campaign_idx').on(t.campaignId, t.sort), check('campaign_indicators_type_chk', sql`${t.valueType} in ('number','text','boolean')`)],
);

/** Closed periods (封账). A period without a row is open. */
export const campaignPeriods = pgTable(
  'campaign_periods',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    closedAt: ts('closed_at').notNull().defaultNow(),
    closedBy: uuid('closed_by'),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.period] })],
);

/** One monthly progress report per unit and period, covering all its items. */
export const campaignReports = pgTable(
  'campaign_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull().default('draft'), // draft | submitted | returned | accepted
    dueDate: day('due_date').notNull(),
    summary: text('summary').notNull().default(''),
    problems: text('problems').notNull().default(''),
    nextPlan: text('next_plan').notNull().default(''),
    firstSubmittedAt: ts('first_submitted_at'),
    submittedAt: ts('submitted_at'),
    /** the first submission came after the due date (timeliness counts it in the assessment) */
    late: boolean('late').notNull().default(false),
    submittedBy: uuid('submitted_by'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by'),
    reviewComment: text('review_comment'),
    returnCount: integer('return_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('campaign_reports_unit_period_uq').on(t.campaignId, t.unitId, t.period),
    index('campaign_reports_period_idx').on(t.campaignId, t.period, t.status),
    check('campaign_reports_status_chk', sql`${t.status} in ('draft','submitted','returned','accepted')`),
  ],
);

/** Per item of a report: status, narrative, attachments. No row = nothing new reported (status carried over). */
export const campaignReportEntries = pgTable(
  'campaign_report_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => campaignReports.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    period: text('period').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => campaignTasks.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    narrative: text('narrative').notNull().default(''),
    /** [{ id, name, mime, size }] of files stored with purpose 'campaign.report' */
    attachments: jsonb('attachments').notNull().default(sql`'[]'::jsonb`),
    reviewComment: text('review_comment'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('campaign_report_entries_item_uq').on(t.reportId, t.itemId),
    index('campaign_report_entries_period_idx').on(t.campaignId, t.period, t.itemId),
    index('campaign_report_entries_unit_item_idx').on(t.unitId, t.itemId, t.period),
    check('campaign_report_entries_status_chk', sql`${t.status} in ('未开始','推进中','已完成','滞后')`),
  ],
);

/** Indicator values reported in a month (typed by the indicator). */
export const campaignIndicatorValues = pgTable(
  'campaign_indicator_values',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => campaignReports.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => campaignIndicators.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull(),
    period: text('period').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
    valueBool: boolean('value_bool'),
  },
  (t) => [unique('campaign_indicator_values_uq').on(t.reportId, t.indicatorId), index('campaign_indicator_values_idx').on(t.campaignId, t.indicatorId, t.period)],
);

/** Review history: submissions, returns (with comments), acceptances, withdrawals, reopenings. */
export const campaignReviews = pgTable(
  'campaign_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => campaignReports.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    action: text('action').notNull(), // submit | resubmit | withdraw | return | accept | reopen
    comment: text('comment'),
    itemComments: jsonb('item_comments'),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('campaign_reviews_report_idx').on(t.reportId, t.at)],
);

/** 三个清单: 问题隐患清单 (hazard), 自查自纠清单 (selfcheck), 制度措施清单 (measure), with 时间表/路线图. */
export const campaignListEntries = pgTable(
  'campaign_list_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    category: text('category').notNull().default(''),
    description: text('description').notNull().default(''),
    /** 路线图 in words (整改措施 / 主要内容) */
    measures: text('measures').notNull().default(''),
    /** 路线图 as dated steps [{ date, step, done }] */
    roadmap: jsonb('roadmap').notNull().default(sql`'[]'::jsonb`),
    /** 时间表: the completion deadline */
    deadline: day('deadline'),
    responsiblePerson: text('responsible_person').notNull().default(''),
    status: text('status').notNull().default('未开始'),
    completionNote: text('completion_note').notNull().default(''),
    completedOn: day('completed_on'),
    docNumber: text('doc_number').notNull().default(''),
    /** a hazard of the hazard module, when the entry comes from (or is linked to) one; no FK: optional module */
    hazardId: uuid('hazard_id'),
    hazardLevel: text('hazard_level'),
    taskId: uuid('task_id').references(() => campaignTasks.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('campaign_list_entries_unit_idx').on(t.campaignId, t.unitId, t.kind, t.seq),
    index('campaign_list_entries_hazard_idx').on(t.hazardId),
    check('campaign_list_entries_kind_chk', sql`${t.kind} in ('hazard','selfcheck','measure')`),
    check('campaign_list_entries_status_chk', sql`${t.status} in ('未开始','推进中','已完成')`),
  ],
);

/** Quarterly / half-year / annual summaries and the final evaluation: an editable draft of structured sections. */
export const campaignSummaries = pgTable(
  'campaign_summaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** null = district-wide (区安委办); else the unit's own summary */
    unitId: uuid('unit_id').references(() => units.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(), // quarter | half | year | final
    periodKey: text('period_key').notNull(),
    title: text('title').notNull(),
    recipient: text('recipient').notNull().default(''),
    docNumber: text('doc_number').notNull().default(''),
    issuer: text('issuer').notNull().default(''),
    issuedOn: day('issued_on'),
    sections: jsonb('sections').notNull().default(sql`'[]'::jsonb`),
    /** the figures the draft was compiled from */
    stats: jsonb('stats').notNull().default(sql`'{}'::jsonb`),
    status: text('status').notNull().default('draft'), // draft | final
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    finalizedAt: ts('finalized_at'),
  },
  (t) => [index('campaign_summaries_campaign_idx').on(t.campaignId, t.periodKey), check('campaign_summaries_status_chk', sql`${t.status} in ('draft','final')`)],
);

/** 一票否决 set by the office, with its reason. */
export const campaignVetoes = pgTable(
  'campaign_vetoes',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    reason: text('reason').notNull(),
    setBy: uuid('set_by'),
    setAt: ts('set_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] })],
);

/** Reminders to deliver to ANZHI_WEBHOOK_URL (SMS gateway): retried on the next tick until delivered. */
export const campaignWebhookOutbox = pgTable(
  'campaign_webhook_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('campaign_webhook_outbox_pending_idx').on(t.deliveredAt, t.createdAt)],
);
