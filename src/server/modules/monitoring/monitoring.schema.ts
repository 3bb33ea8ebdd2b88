import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, doublePrecision, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from '../org/org.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 重大危险源在线监测预警. The time series (monitoring_readings, partitioned by month, and the
 * 1-minute / 1-hour rollups) are not declared here: drizzle-kit cannot declare native partitions,
 * so their DDL is hand-written at the end of this module's migration and queried with raw SQL
 * (monitoring.series.ts).
 */

/** A device (数据采集终端 / 网关) of an enterprise, optionally at a 重大危险源 and a 风险点; it publishes its sensors' readings. */
export const monitoringDevices = pgTable(
  'monitoring_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    /** major_hazard_sources.id (risk module) */
    sourceId: uuid('source_id'),
    /** risk_points.id (risk module) */
    riskPointId: uuid('risk_point_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    location: text('location').notNull().default(''),
    /** expected sampling interval; offline after 3× without data */
    intervalSeconds: integer('interval_seconds').notNull().default(60),
    enabled: boolean('enabled').notNull().default(true),
    /** SM3 of the device secret (the secret is shown once, when generated) */
    secretHash: text('secret_hash').notNull(),
    secretIssuedAt: ts('secret_issued_at').notNull(),
    lastSeenAt: ts('last_seen_at'),
    online: boolean('online').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('monitoring_devices_code_uq').on(t.enterpriseId, t.code), index('monitoring_devices_scope_idx').on(t.regionCode, t.sector)],
);

/** A sensor (测点) of a device: kind, unit, range, thresholds and the rule engine's state. */
export const monitoringSensors = pgTable(
  'monitoring_sensors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => monitoringDevices.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    /** major_hazard_installations.id (risk module): the tank / unit it measures */
    installationId: uuid('installation_id'),
    /** 位号 on the device, the `sensor` of the payload */
    tag: text('tag').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    unit: text('unit').notNull().default(''),
    rangeMin: doublePrecision('range_min'),
    rangeMax: doublePrecision('range_max'),
    ll: doublePrecision('ll'),
    l: doublePrecision('l'),
    h: doublePrecision('h'),
    hh: doublePrecision('hh'),
    deadband: doublePrecision('deadband').notNull().default(0),
    rateLimit: doublePrecision('rate_limit'),
    frozenMinutes: integer('frozen_minutes'),
    enabled: boolean('enabled').notNull().default(true),
    lastValue: doublePrecision('last_value'),
    lastAt: ts('last_at'),
    /** rule engine state (band, flips, changedAt, …) persisted across restarts */
    ruleState: jsonb('rule_state'),
    band: text('band').notNull().default('N'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('monitoring_sensors_tag_uq').on(t.deviceId, t.tag), index('monitoring_sensors_scope_idx').on(t.regionCode, t.sector), index('monitoring_sensors_enterprise_idx').on(t.enterpriseId)],
);

/**
 * An alarm (ThingsBoard-style: one open alarm per originator and type; repeats update it).
 * Flags acknowledged / cleared; it is closed when both are set. Escalation level 0 = enterprise,
 * 1 street, 2 department, 3 office.
 */
export const monitoringAlarms = pgTable(
  'monitoring_alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id').notNull(),
    regionCode: text('region_code').notNull(),
    sector: text('sector').notNull(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => monitoringDevices.id, { onDelete: 'cascade' }),
    sensorId: uuid('sensor_id'),
    type: text('type').notNull(),
    severity: smallint('severity').notNull(),
    band: text('band'),
    message: text('message').notNull(),
    firstValue: doublePrecision('first_value'),
    lastValue: doublePrecision('last_value'),
    peakValue: doublePrecision('peak_value'),
    count: integer('count').notNull().default(1),
    flapping: boolean('flapping').notNull().default(false),
    raisedAt: ts('raised_at').notNull(),
    lastAt: ts('last_at').notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    clearedAt: ts('cleared_at'),
    clearedBy: text('cleared_by'),
    closed: boolean('closed').notNull().default(false),
    assigneeName: text('assignee_name'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    escalatedAt: ts('escalated_at'),
    hazardId: uuid('hazard_id'),
    hazardCode: text('hazard_code'),
    /** one open alarm per (originator, type): sensor id, or device id for offline */
    originKey: text('origin_key').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    // At most one open alarm per originator and type (repeats update it).
    uniqueIndex('monitoring_alarms_open_uq').on(t.originKey, t.type).where(sql`NOT ${t.closed}`),
    index('monitoring_alarms_scope_idx').on(t.regionCode, t.sector, t.raisedAt),
    index('monitoring_alarms_enterprise_idx').on(t.enterpriseId, t.raisedAt),
    index('monitoring_alarms_open_idx').on(t.closed, t.acknowledgedAt, t.raisedAt),
    check('monitoring_alarms_severity_chk', sql`${t.severity} between 1 and 4`),
  ],
);

/** The timeline of an alarm: raised, repeated severity changes, acknowledged, cleared, comments, assignment, escalation, hazard. */
export const monitoringAlarmEvents = pgTable(
  'monitoring_alarm_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alarmId: uuid('alarm_id')
      .notNull()
      .references(() => monitoringAlarms.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    actorName: text('actor_name').notNull(),
    text: text('text').notNull().default(''),
    data: jsonb('data'),
  },
  (t) => [index('monitoring_alarm_events_alarm_idx').on(t.alarmId, t.at)],
);

/** District settings of the module (one row, key 'default'). */
export const monitoringSettings = pgTable('monitoring_settings', {
  key: text('key').primaryKey(),
  rawRetentionDays: integer('raw_retention_days').notNull().default(90),
  minuteRetentionDays: integer('minute_retention_days').notNull().default(400),
  escalateAfterMinutes: integer('escalate_after_minutes').notNull().default(15),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  extra: jsonb('extra'),
});
