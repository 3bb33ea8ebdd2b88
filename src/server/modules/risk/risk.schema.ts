import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from '../org/org.schema';
import { files } from '../../platform/platform.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 风险点: a place, equipment, activity or post of an enterprise whose risk is identified,
 * assessed (risk_assessments, one active) and controlled (risk_measures).
 * region_code/sector are the enterprise's at the last write (scopes in SQL).
 */
export const riskPoints = pgTable(
  'risk_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    location: text('location').notNull().default(''),
    department: text('department').notNull().default(''),
    controlLevel: text('control_level').notNull(),
    responsiblePerson: text('responsible_person').notNull().default(''),
    hazardFactors: text('hazard_factors').array().notNull().default(sql`'{}'::text[]`),
    accidentTypes: text('accident_types').array().notNull().default(sql`'{}'::text[]`),
    /** { steps: string[], cautions: string[], dutyPhone?: string } for the 岗位应急处置卡 */
    emergency: jsonb('emergency').notNull().default(sql`'{}'::jsonb`),
    reviewCycleDays: integer('review_cycle_days').notNull().default(365),
    /** last assessment date + review cycle */
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    status: text('status').notNull().default('在用'),
    /** unguessable token of the public card page /public/risk-cards/<token> (rotatable) */
    cardToken: text('card_token').notNull().unique(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('risk_points_enterprise_code_uq').on(t.enterpriseId, t.code),
    index('risk_points_sector_idx').on(t.sector, t.regionCode),
    index('risk_points_region_pattern_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    index('risk_points_review_idx').on(t.nextReviewOn),
    check('risk_points_kind_chk', sql`${t.kind} in ('场所','设备设施','作业活动','岗位')`),
    check('risk_points_control_chk', sql`${t.controlLevel} in ('公司','车间','班组','岗位')`),
    check('risk_points_status_chk', sql`${t.status} in ('在用','停用')`),
  ],
);

/**
 * Assessments of a risk point. Re-assessment keeps the history: the previous row is deactivated
 * and the new one is active. The partial unique index makes "exactly one active assessment per
 * point" a database guarantee, not only a service rule.
 */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riskPointId: uuid('risk_point_id')
      .notNull()
      .references(() => riskPoints.id),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    method: text('method').notNull(),
    factors: jsonb('factors').notNull(),
    score: doublePrecision('score').notNull(),
    band: text('band').notNull(),
    level: text('level').notNull(),
    /** version of the risk.rules settings record the grade was computed with */
    rulesVersion: integer('rules_version').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    assessor: text('assessor').notNull(),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    supersededAt: ts('superseded_at'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('risk_assessments_one_active_uq').on(t.riskPointId).where(sql`${t.active}`),
    index('risk_assessments_point_idx').on(t.riskPointId, t.createdAt),
    index('risk_assessments_active_level_idx').on(t.level, t.regionCode).where(sql`${t.active}`),
    check('risk_assessments_method_chk', sql`${t.method} in ('LEC','LS')`),
    check('risk_assessments_level_chk', sql`${t.level} in ('重大','较大','一般','低')`),
    check('risk_assessments_score_chk', sql`${t.score} >= 0`),
  ],
);

/** 管控措施 of a risk point, each with its responsible level and person. */
export const riskMeasures = pgTable(
  'risk_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riskPointId: uuid('risk_point_id')
      .notNull()
      .references(() => riskPoints.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    kind: text('kind').notNull(),
    content: text('content').notNull(),
    responsibleLevel: text('responsible_level').notNull(),
    responsiblePerson: text('responsible_person').notNull().default(''),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    index('risk_measures_point_idx').on(t.riskPointId, t.sort),
    check('risk_measures_kind_chk', sql`${t.kind} in ('工程技术','管理','个体防护','应急处置')`),
    check('risk_measures_level_chk', sql`${t.responsibleLevel} in ('公司','车间','班组','岗位')`),
  ],
);

/**
 * 重大危险源 (GB 18218-2018): one 生产单元 or 储存单元 of an enterprise. S, R, α and the grade
 * are computed by the server from the substance lines and stored with each evaluation.
 * 包保责任人 phones are SM4-encrypted.
 */
export const majorHazardSources = pgTable(
  'major_hazard_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unitKind: text('unit_kind').notNull(),
    location: text('location').notNull().default(''),
    peopleExposed: integer('people_exposed').notNull(),
    alpha: doublePrecision('alpha').notNull(),
    sValue: doublePrecision('s_value').notNull(),
    rValue: doublePrecision('r_value').notNull(),
    isMajor: boolean('is_major').notNull(),
    grade: text('grade'),
    status: text('status').notNull().default('在用'),
    mainName: text('main_name').notNull(),
    mainPhoneEnc: text('main_phone_enc'),
    techName: text('tech_name').notNull(),
    techPhoneEnc: text('tech_phone_enc'),
    opName: text('op_name').notNull(),
    opPhoneEnc: text('op_phone_enc'),
    evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('major_hazard_sources_enterprise_code_uq').on(t.enterpriseId, t.code),
    index('major_hazard_sources_sector_idx').on(t.sector, t.regionCode),
    index('major_hazard_sources_region_pattern_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    check('major_hazard_sources_unit_chk', sql`${t.unitKind} in ('生产单元','储存单元')`),
    check('major_hazard_sources_status_chk', sql`${t.status} in ('在用','已核销')`),
    check('major_hazard_sources_grade_chk', sql`(${t.isMajor} AND ${t.grade} in ('一级','二级','三级','四级')) OR (NOT ${t.isMajor} AND ${t.grade} IS NULL)`),
    check('major_hazard_sources_people_chk', sql`${t.peopleExposed} >= 0`),
  ],
);

/** The hazardous chemicals of a source: q (actual), Q (critical) and β as the server determined them. */
export const majorHazardSubstances = pgTable(
  'major_hazard_substances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => majorHazardSources.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    catalogId: text('catalog_id'),
    name: text('name').notNull(),
    cas: text('cas'),
    symbol: text('symbol'),
    hazardClass: text('hazard_class').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    criticalQuantity: doublePrecision('critical_quantity').notNull(),
    qSource: text('q_source').notNull(),
    beta: doublePrecision('beta').notNull(),
    betaSource: text('beta_source').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    index('major_hazard_substances_source_idx').on(t.sourceId, t.sort),
    check('major_hazard_substances_q_chk', sql`${t.quantity} > 0 AND ${t.criticalQuantity} > 0 AND ${t.beta} > 0`),
  ],
);

/**
 * Installations of a source (tanks, reactors, stores…). Their ids are stable — they are never
 * deleted, only set to 停用 — so that monitoring sensors (IoT early warning) can reference
 * `major_hazard_installations.id` (and through it the source and the enterprise).
 */
export const majorHazardInstallations = pgTable(
  'major_hazard_installations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => majorHazardSources.id),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    tag: text('tag').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    medium: text('medium').notNull().default(''),
    capacity: text('capacity').notNull().default(''),
    status: text('status').notNull().default('在用'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('major_hazard_installations_tag_uq').on(t.sourceId, t.tag), check('major_hazard_installations_status_chk', sql`${t.status} in ('在用','停用')`)],
);

/** 备案 records of a source (number, date, authority, scanned attachment). */
export const majorHazardFilings = pgTable(
  'major_hazard_filings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => majorHazardSources.id),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    filingNo: text('filing_no').notNull(),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    authority: text('authority').notNull(),
    note: text('note'),
    fileId: uuid('file_id').references(() => files.id),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('major_hazard_filings_source_idx').on(t.sourceId, t.filedOn)],
);

/** Every identification/grading of a source (registration, change, periodic 复核): its history. */
export const majorHazardEvaluations = pgTable(
  'major_hazard_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => majorHazardSources.id),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    peopleExposed: integer('people_exposed').notNull(),
    alpha: doublePrecision('alpha').notNull(),
    sValue: doublePrecision('s_value').notNull(),
    rValue: doublePrecision('r_value').notNull(),
    isMajor: boolean('is_major').notNull(),
    grade: text('grade'),
    substances: jsonb('substances').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('major_hazard_evaluations_source_idx').on(t.sourceId, t.createdAt)],
);
