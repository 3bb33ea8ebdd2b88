import { and, asc, desc, eq, inArray, isNotNull, isNull, not, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { escapeLike, scopeCondition, type Scope } from '../../platform/access';
import { enterpriseRef as ent } from '../org';
import { installationRef, majorHazardSourceRef, riskPointRef } from '../risk';
import type { AlarmQuery, AlarmView, DeviceQuery, DeviceView, SensorInput, SensorView } from '../../../shared/contracts/monitoring';
import { topicOf } from '../../../shared/monitoring/payload';
import { SENSOR_KIND_DEFAULTS, type AlarmType, type Band, type SensorKind } from '../../../shared/monitoring/rules';
import { monitoringAlarmEvents, monitoringAlarms, monitoringDevices, monitoringSensors, monitoringSettings } from './monitoring.schema';

export type DeviceRow = typeof monitoringDevices.$inferSelect;
export type SensorRow = typeof monitoringSensors.$inferSelect;
export type AlarmRow = typeof monitoringAlarms.$inferSelect;

export const deviceScope = (scope: Scope): SQL => scopeCondition(scope, { regionCode: monitoringDevices.regionCode, sector: monitoringDevices.sector, enterpriseId: monitoringDevices.enterpriseId });
export const sensorScope = (scope: Scope): SQL => scopeCondition(scope, { regionCode: monitoringSensors.regionCode, sector: monitoringSensors.sector, enterpriseId: monitoringSensors.enterpriseId });
export const alarmScope = (scope: Scope): SQL => scopeCondition(scope, { regionCode: monitoringAlarms.regionCode, sector: monitoringAlarms.sector, enterpriseId: monitoringAlarms.enterpriseId });

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// ---------- devices ----------

const deviceColumns = {
  d: monitoringDevices,
  enterpriseName: ent.name,
  sourceName: majorHazardSourceRef.name,
  riskPointName: riskPointRef.name,
  sensorCount: sql<number>`(SELECT count(*)::int FROM monitoring_sensors s WHERE s.device_id = ${monitoringDevices.id})`,
  openAlarms: sql<number>`(SELECT count(*)::int FROM monitoring_alarms a WHERE a.device_id = ${monitoringDevices.id} AND NOT a.closed)`,
};
type DeviceJoined = { d: DeviceRow; enterpriseName: string; sourceName: string | null; riskPointName: string | null; sensorCount: number; openAlarms: number };

function devicesJoined(db: DbOrTx) {
  return db
    .select(deviceColumns)
    .from(monitoringDevices)
    .innerJoin(ent, eq(ent.id, monitoringDevices.enterpriseId))
    .leftJoin(majorHazardSourceRef, eq(majorHazardSourceRef.id, monitoringDevices.sourceId))
    .leftJoin(riskPointRef, eq(riskPointRef.id, monitoringDevices.riskPointId));
}

export function presentDevice(r: DeviceJoined): DeviceView {
  const d = r.d;
  return {
    id: d.id,
    enterpriseId: d.enterpriseId,
    enterpriseName: r.enterpriseName,
    regionCode: d.regionCode,
    sector: d.sector,
    sourceId: d.sourceId,
    sourceName: r.sourceName,
    riskPointId: d.riskPointId,
    riskPointName: r.riskPointName,
    code: d.code,
    name: d.name,
    location: d.location,
    intervalSeconds: d.intervalSeconds,
    enabled: d.enabled,
    online: d.online,
    lastSeenAt: iso(d.lastSeenAt),
    secretIssuedAt: d.secretIssuedAt.toISOString(),
    sensorCount: r.sensorCount,
    openAlarms: r.openAlarms,
    topic: topicOf(d.enterpriseId, d.id),
    version: d.version,
  };
}

export async function listDevices(db: DbOrTx, scope: Scope, q: DeviceQuery): Promise<{ rows: DeviceJoined[]; total: number }> {
  const conds: SQL[] = [deviceScope(scope)];
  if (q.q) {
    const term = `%${escapeLike(q.q)}%`;
    conds.push(sql`(${monitoringDevices.name} ILIKE ${term} OR ${monitoringDevices.code} ILIKE ${term} OR ${ent.name} ILIKE ${term})`);
  }
  if (q.enterpriseId) conds.push(eq(monitoringDevices.enterpriseId, q.enterpriseId));
  if (q.sourceId) conds.push(eq(monitoringDevices.sourceId, q.sourceId));
  if (q.status === 'online') conds.push(and(eq(monitoringDevices.enabled, true), eq(monitoringDevices.online, true))!);
  if (q.status === 'offline') conds.push(and(eq(monitoringDevices.enabled, true), eq(monitoringDevices.online, false))!);
  if (q.status === 'disabled') conds.push(eq(monitoringDevices.enabled, false));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    devicesJoined(db)
      .where(where)
      .orderBy(asc(ent.name), asc(monitoringDevices.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(monitoringDevices).innerJoin(ent, eq(ent.id, monitoringDevices.enterpriseId)).where(where),
  ]);
  return { rows: list as DeviceJoined[], total };
}

export async function findDevice(db: DbOrTx, scope: Scope, id: string): Promise<DeviceJoined | undefined> {
  const [r] = await devicesJoined(db).where(and(eq(monitoringDevices.id, id), deviceScope(scope)));
  return r as DeviceJoined | undefined;
}

export async function lockDevice(tx: DbOrTx, scope: Scope, id: string): Promise<DeviceRow | undefined> {
  const [r] = await tx.select().from(monitoringDevices).where(and(eq(monitoringDevices.id, id), deviceScope(scope))).for('update');
  return r;
}

export async function deviceCodeTaken(db: DbOrTx, enterpriseId: string, code: string, exceptId?: string): Promise<boolean> {
  const conds = [eq(monitoringDevices.enterpriseId, enterpriseId), eq(monitoringDevices.code, code)];
  if (exceptId) conds.push(not(eq(monitoringDevices.id, exceptId)));
  const r = await db.select({ id: monitoringDevices.id }).from(monitoringDevices).where(and(...conds)).limit(1);
  return r.length > 0;
}

export async function insertDevice(tx: DbOrTx, values: typeof monitoringDevices.$inferInsert): Promise<DeviceRow> {
  const [r] = await tx.insert(monitoringDevices).values(values).returning();
  return r;
}

export async function updateDeviceRow(tx: DbOrTx, id: string, values: Partial<typeof monitoringDevices.$inferInsert>): Promise<DeviceRow> {
  const [r] = await tx
    .update(monitoringDevices)
    .set({ ...values, version: sql`${monitoringDevices.version} + 1`, updatedAt: new Date() })
    .where(eq(monitoringDevices.id, id))
    .returning();
  return r;
}

/** Device credentials and state for authentication (no scope: the caller is the device itself). */
export async function deviceForAuth(db: DbOrTx, id: string): Promise<Pick<DeviceRow, 'id' | 'enterpriseId' | 'enabled' | 'secretHash'> | undefined> {
  const [r] = await db
    .select({ id: monitoringDevices.id, enterpriseId: monitoringDevices.enterpriseId, enabled: monitoringDevices.enabled, secretHash: monitoringDevices.secretHash })
    .from(monitoringDevices)
    .where(eq(monitoringDevices.id, id));
  return r;
}

// ---------- sensors ----------

const sensorColumns = { s: monitoringSensors, installationName: installationRef.name };

export function presentSensor(r: { s: SensorRow; installationName: string | null }): SensorView {
  const s = r.s;
  return {
    id: s.id,
    deviceId: s.deviceId,
    enterpriseId: s.enterpriseId,
    installationId: s.installationId,
    installationName: r.installationName,
    tag: s.tag,
    name: s.name,
    kind: s.kind as SensorKind,
    unit: s.unit,
    rangeMin: s.rangeMin,
    rangeMax: s.rangeMax,
    ll: s.ll,
    l: s.l,
    h: s.h,
    hh: s.hh,
    deadband: s.deadband,
    rateLimit: s.rateLimit,
    frozenMinutes: s.frozenMinutes,
    enabled: s.enabled,
    lastValue: s.lastValue,
    lastAt: iso(s.lastAt),
    band: s.band as Band,
  };
}

export async function listSensorsOfDevice(db: DbOrTx, deviceId: string) {
  return db
    .select(sensorColumns)
    .from(monitoringSensors)
    .leftJoin(installationRef, eq(installationRef.id, monitoringSensors.installationId))
    .where(eq(monitoringSensors.deviceId, deviceId))
    .orderBy(asc(monitoringSensors.tag));
}

export async function findSensor(db: DbOrTx, scope: Scope, id: string) {
  const [r] = await db
    .select(sensorColumns)
    .from(monitoringSensors)
    .leftJoin(installationRef, eq(installationRef.id, monitoringSensors.installationId))
    .where(and(eq(monitoringSensors.id, id), sensorScope(scope)));
  return r;
}

export async function lockSensor(tx: DbOrTx, scope: Scope, id: string): Promise<SensorRow | undefined> {
  const [r] = await tx.select().from(monitoringSensors).where(and(eq(monitoringSensors.id, id), sensorScope(scope))).for('update');
  return r;
}

export async function sensorTagTaken(db: DbOrTx, deviceId: string, tag: string, exceptId?: string): Promise<boolean> {
  const conds = [eq(monitoringSensors.deviceId, deviceId), eq(monitoringSensors.tag, tag)];
  if (exceptId) conds.push(not(eq(monitoringSensors.id, exceptId)));
  return (await db.select({ id: monitoringSensors.id }).from(monitoringSensors).where(and(...conds)).limit(1)).length > 0;
}

/** A new sensor's row: the device's place in the organisation, the input, the kind's defaults. */
export function sensorValues(d: { id: string; enterpriseId: string; regionCode: string; sector: string }, input: SensorInput): typeof monitoringSensors.$inferInsert {
  return {
    deviceId: d.id,
    enterpriseId: d.enterpriseId,
    regionCode: d.regionCode,
    sector: d.sector,
    installationId: input.installationId ?? null,
    tag: input.tag,
    name: input.name,
    kind: input.kind,
    unit: input.unit ?? SENSOR_KIND_DEFAULTS[input.kind].unit,
    rangeMin: input.rangeMin ?? null,
    rangeMax: input.rangeMax ?? null,
    ll: input.ll ?? null,
    l: input.l ?? null,
    h: input.h ?? null,
    hh: input.hh ?? null,
    deadband: input.deadband ?? 0,
    rateLimit: input.rateLimit ?? null,
    frozenMinutes: input.frozenMinutes ?? null,
    enabled: input.enabled ?? true,
  };
}

export async function insertSensor(tx: DbOrTx, values: typeof monitoringSensors.$inferInsert): Promise<SensorRow> {
  const [r] = await tx.insert(monitoringSensors).values(values).returning();
  return r;
}

/** Several new sensors in one statement (the demo seed's devices). */
export async function insertSensors(tx: DbOrTx, values: (typeof monitoringSensors.$inferInsert)[]): Promise<void> {
  if (values.length) await tx.insert(monitoringSensors).values(values);
}

export async function updateSensorRow(tx: DbOrTx, id: string, values: Partial<typeof monitoringSensors.$inferInsert>): Promise<SensorRow> {
  const [r] = await tx
    .update(monitoringSensors)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(monitoringSensors.id, id))
    .returning();
  return r;
}

export async function deleteSensorRow(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(monitoringSensors).where(eq(monitoringSensors.id, id));
}

/** Sensors of a device as the rule engine needs them (enabled or not). */
export async function sensorsForEngine(db: DbOrTx, deviceId: string): Promise<SensorRow[]> {
  return db.select().from(monitoringSensors).where(eq(monitoringSensors.deviceId, deviceId));
}

// ---------- alarms ----------

const alarmColumns = {
  a: monitoringAlarms,
  enterpriseName: ent.name,
  deviceName: monitoringDevices.name,
  sensorName: monitoringSensors.name,
  sensorTag: monitoringSensors.tag,
  unit: monitoringSensors.unit,
};
type AlarmJoined = { a: AlarmRow; enterpriseName: string; deviceName: string; sensorName: string | null; sensorTag: string | null; unit: string | null };

function alarmsJoined(db: DbOrTx) {
  return db
    .select(alarmColumns)
    .from(monitoringAlarms)
    .innerJoin(ent, eq(ent.id, monitoringAlarms.enterpriseId))
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringAlarms.deviceId))
    .leftJoin(monitoringSensors, eq(monitoringSensors.id, monitoringAlarms.sensorId));
}

export function presentAlarm(r: AlarmJoined): AlarmView {
  const a = r.a;
  return {
    id: a.id,
    enterpriseId: a.enterpriseId,
    enterpriseName: r.enterpriseName,
    regionCode: a.regionCode,
    deviceId: a.deviceId,
    deviceName: r.deviceName,
    sensorId: a.sensorId,
    sensorName: r.sensorName,
    sensorTag: r.sensorTag,
    unit: r.unit,
    type: a.type as AlarmType,
    severity: a.severity,
    band: (a.band as Band | null) ?? null,
    message: a.message,
    firstValue: a.firstValue,
    lastValue: a.lastValue,
    peakValue: a.peakValue,
    count: a.count,
    flapping: a.flapping,
    raisedAt: a.raisedAt.toISOString(),
    lastAt: a.lastAt.toISOString(),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    clearedAt: iso(a.clearedAt),
    clearedBy: a.clearedBy,
    closed: a.closed,
    assigneeName: a.assigneeName,
    escalationLevel: a.escalationLevel,
    hazardId: a.hazardId,
    hazardCode: a.hazardCode,
    version: a.version,
  };
}

function alarmStatusCondition(status: AlarmQuery['status']): SQL | undefined {
  switch (status) {
    case 'open':
      return eq(monitoringAlarms.closed, false);
    case 'active':
      return and(eq(monitoringAlarms.closed, false), isNull(monitoringAlarms.acknowledgedAt));
    case 'acknowledged':
      return and(eq(monitoringAlarms.closed, false), isNotNull(monitoringAlarms.acknowledgedAt));
    case 'cleared':
      return isNotNull(monitoringAlarms.clearedAt);
    case 'closed':
      return eq(monitoringAlarms.closed, true);
    default:
      return undefined;
  }
}

export async function listAlarms(db: DbOrTx, scope: Scope, q: AlarmQuery): Promise<{ rows: AlarmJoined[]; total: number }> {
  const conds: (SQL | undefined)[] = [alarmScope(scope), alarmStatusCondition(q.status)];
  if (q.severity) conds.push(eq(monitoringAlarms.severity, q.severity));
  if (q.type) conds.push(eq(monitoringAlarms.type, q.type));
  if (q.enterpriseId) conds.push(eq(monitoringAlarms.enterpriseId, q.enterpriseId));
  if (q.deviceId) conds.push(eq(monitoringAlarms.deviceId, q.deviceId));
  const where = and(...conds);
  const [list, [{ total }]] = await Promise.all([
    alarmsJoined(db)
      .where(where)
      .orderBy(asc(monitoringAlarms.closed), asc(monitoringAlarms.severity), desc(monitoringAlarms.lastAt), asc(monitoringAlarms.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(monitoringAlarms).where(where),
  ]);
  return { rows: list as AlarmJoined[], total };
}

export async function findAlarm(db: DbOrTx, scope: Scope, id: string): Promise<AlarmJoined | undefined> {
  const [r] = await alarmsJoined(db).where(and(eq(monitoringAlarms.id, id), alarmScope(scope)));
  return r as AlarmJoined | undefined;
}

/** Alarms by id, unscoped: the live stream loads each changed alarm once and filters per connection with the same scope rule (inScope). */
export async function alarmsByIds(db: DbOrTx, ids: string[]): Promise<AlarmJoined[]> {
  if (ids.length === 0) return [];
  return (await alarmsJoined(db).where(inArray(monitoringAlarms.id, ids))) as AlarmJoined[];
}

export async function lockAlarm(tx: DbOrTx, scope: Scope, id: string): Promise<AlarmRow | undefined> {
  const [r] = await tx.select().from(monitoringAlarms).where(and(eq(monitoringAlarms.id, id), alarmScope(scope))).for('update');
  return r;
}

export async function updateAlarmRow(tx: DbOrTx, id: string, values: Partial<typeof monitoringAlarms.$inferInsert>): Promise<AlarmRow> {
  const [r] = await tx
    .update(monitoringAlarms)
    .set({ ...values, version: sql`${monitoringAlarms.version} + 1` })
    .where(eq(monitoringAlarms.id, id))
    .returning();
  return r;
}

export async function openAlarm(tx: DbOrTx, originKey: string, type: AlarmType): Promise<AlarmRow | undefined> {
  const [r] = await tx
    .select()
    .from(monitoringAlarms)
    .where(and(eq(monitoringAlarms.originKey, originKey), eq(monitoringAlarms.type, type), eq(monitoringAlarms.closed, false)))
    .for('update');
  return r;
}

export async function insertAlarm(tx: DbOrTx, values: typeof monitoringAlarms.$inferInsert): Promise<AlarmRow> {
  const [r] = await tx.insert(monitoringAlarms).values(values).returning();
  return r;
}

export async function addAlarmEvent(tx: DbOrTx, values: typeof monitoringAlarmEvents.$inferInsert): Promise<void> {
  await tx.insert(monitoringAlarmEvents).values(values);
}

export async function alarmEvents(db: DbOrTx, alarmId: string) {
  return db.select().from(monitoringAlarmEvents).where(eq(monitoringAlarmEvents.alarmId, alarmId)).orderBy(asc(monitoringAlarmEvents.at), asc(monitoringAlarmEvents.id));
}

/** Open, unacknowledged alarms whose last escalation (or raising) is older than `before` and that can still go up a level. */
export async function alarmsToEscalate(db: DbOrTx, now: Date, minutes: number): Promise<AlarmRow[]> {
  return db
    .select()
    .from(monitoringAlarms)
    .where(
      and(
        eq(monitoringAlarms.closed, false),
        isNull(monitoringAlarms.acknowledgedAt),
        isNull(monitoringAlarms.clearedAt),
        sql`${monitoringAlarms.escalationLevel} < 3`,
        sql`coalesce(${monitoringAlarms.escalatedAt}, ${monitoringAlarms.raisedAt}) <= ${new Date(now.getTime() - minutes * 60_000)}`,
      ),
    )
    .orderBy(asc(monitoringAlarms.raisedAt))
    .limit(500);
}

/** Enabled devices whose data is overdue (no data for 3× the interval) that are still marked online, or never seen. */
export async function devicesGoneSilent(db: DbOrTx, now: Date): Promise<DeviceRow[]> {
  return db
    .select()
    .from(monitoringDevices)
    .where(
      and(
        eq(monitoringDevices.enabled, true),
        sql`coalesce(${monitoringDevices.lastSeenAt}, ${monitoringDevices.createdAt}) < ${now}::timestamptz - make_interval(secs => 3 * ${monitoringDevices.intervalSeconds})`,
        sql`NOT EXISTS (SELECT 1 FROM monitoring_alarms a WHERE a.origin_key = ${monitoringDevices.id}::text AND a.type = 'offline' AND NOT a.closed AND a.cleared_at IS NULL)`,
      ),
    )
    .limit(1000);
}

// ---------- overview ----------

export async function deviceCounts(db: DbOrTx, scope: Scope, enterpriseId?: string) {
  const conds = [deviceScope(scope)];
  if (enterpriseId) conds.push(eq(monitoringDevices.enterpriseId, enterpriseId));
  const [r] = await db
    .select({
      total: sql<number>`count(*)::int`,
      online: sql<number>`count(*) FILTER (WHERE ${monitoringDevices.enabled} AND ${monitoringDevices.online})::int`,
      offline: sql<number>`count(*) FILTER (WHERE ${monitoringDevices.enabled} AND NOT ${monitoringDevices.online})::int`,
      disabled: sql<number>`count(*) FILTER (WHERE NOT ${monitoringDevices.enabled})::int`,
    })
    .from(monitoringDevices)
    .where(and(...conds));
  return r;
}

export async function openAlarmCounts(db: DbOrTx, scope: Scope, enterpriseId?: string) {
  const conds = [alarmScope(scope), eq(monitoringAlarms.closed, false)];
  if (enterpriseId) conds.push(eq(monitoringAlarms.enterpriseId, enterpriseId));
  return db
    .select({ severity: monitoringAlarms.severity, n: sql<number>`count(*)::int`, unack: sql<number>`count(*) FILTER (WHERE ${monitoringAlarms.acknowledgedAt} IS NULL)::int` })
    .from(monitoringAlarms)
    .where(and(...conds))
    .groupBy(monitoringAlarms.severity);
}

export async function liveSensors(db: DbOrTx, scope: Scope, enterpriseId: string | undefined, onlyAlarming: boolean, limit: number) {
  const conds: SQL[] = [sensorScope(scope), eq(monitoringSensors.enabled, true)];
  if (enterpriseId) conds.push(eq(monitoringSensors.enterpriseId, enterpriseId));
  if (onlyAlarming) conds.push(not(eq(monitoringSensors.band, 'N')));
  return db
    .select({ s: monitoringSensors, enterpriseName: ent.name, deviceName: monitoringDevices.name, online: monitoringDevices.online })
    .from(monitoringSensors)
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringSensors.deviceId))
    .innerJoin(ent, eq(ent.id, monitoringSensors.enterpriseId))
    .where(and(...conds))
    .orderBy(sql`CASE ${monitoringSensors.band} WHEN 'HH' THEN 0 WHEN 'LL' THEN 0 WHEN 'H' THEN 1 WHEN 'L' THEN 1 ELSE 2 END`, asc(ent.name), asc(monitoringDevices.code), asc(monitoringSensors.tag))
    .limit(limit);
}

export async function enterpriseSummary(db: DbOrTx, scope: Scope) {
  return db
    .select({
      id: monitoringDevices.enterpriseId,
      name: ent.name,
      devices: sql<number>`count(*)::int`,
      offline: sql<number>`count(*) FILTER (WHERE ${monitoringDevices.enabled} AND NOT ${monitoringDevices.online})::int`,
      openAlarms: sql<number>`(SELECT count(*)::int FROM monitoring_alarms a WHERE a.enterprise_id = ${monitoringDevices.enterpriseId} AND NOT a.closed)`,
      worstSeverity: sql<number | null>`(SELECT min(a.severity)::int FROM monitoring_alarms a WHERE a.enterprise_id = ${monitoringDevices.enterpriseId} AND NOT a.closed)`,
    })
    .from(monitoringDevices)
    .innerJoin(ent, eq(ent.id, monitoringDevices.enterpriseId))
    .where(deviceScope(scope))
    .groupBy(monitoringDevices.enterpriseId, ent.name)
    .orderBy(asc(ent.name))
    .limit(200);
}

// ---------- settings ----------

export async function loadSettings(db: DbOrTx) {
  const [r] = await db.select().from(monitoringSettings).where(eq(monitoringSettings.key, 'default'));
  return r ?? { key: 'default', rawRetentionDays: 90, minuteRetentionDays: 400, escalateAfterMinutes: 15, updatedAt: new Date(0), extra: null };
}

export async function saveSettings(tx: DbOrTx, values: { rawRetentionDays: number; minuteRetentionDays: number; escalateAfterMinutes: number }) {
  const [r] = await tx
    .insert(monitoringSettings)
    .values({ key: 'default', ...values })
    .onConflictDoUpdate({ target: monitoringSettings.key, set: { ...values, updatedAt: new Date() } })
    .returning();
  return r;
}

