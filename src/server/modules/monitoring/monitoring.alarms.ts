import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db';
import { SYSTEM_CONTEXT, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import type { AppEvent } from '../../platform/events';
import { notify } from '../../platform/notifications';
import { users } from '../../platform/platform.schema';
import { listSectors, listUnits } from '../org';
import { ALARM_TYPE_LABELS, ESCALATION_LABELS, ESCALATION_LEVELS, SEVERITY_LABELS, type AlarmType, type Band, type Severity } from '../../../shared/monitoring/rules';
import * as repo from './monitoring.repo';
import { ALARM_EVENT, type AlarmEventPayload } from './monitoring.stream';

/**
 * Raising, repeating and clearing alarms (ThingsBoard's model: one open alarm per originator and
 * type; a repeat updates it; acknowledged and cleared are two flags; closed when both are set),
 * notifications and escalation enterprise → street → department → office.
 */

export interface AlarmOrigin {
  enterpriseId: string;
  regionCode: string;
  sector: string;
  deviceId: string;
  sensorId: string | null;
  deviceName: string;
  sensorName: string | null;
}

export interface RaiseInput {
  type: AlarmType;
  severity: Severity;
  band?: Band;
  message: string;
  value: number | null;
  at: Date;
  /** readings this raise stands for (repeats collapsed in one batch) */
  count: number;
  flapping?: boolean;
  /** the first value of the batch (a new alarm's first value) */
  first?: number | null;
  /** extreme value of the batch (for peak) */
  peak?: number | null;
}

export interface AlarmChange {
  alarm: repo.AlarmRow;
  created: boolean;
}

const originKey = (o: AlarmOrigin, type: AlarmType) => (type === 'offline' ? o.deviceId : (o.sensorId ?? o.deviceId));

/** Raise or repeat an alarm inside `tx`; returns the row and whether it was new. */
export async function raiseAlarm(deps: AppDeps, tx: Tx, o: AlarmOrigin, r: RaiseInput): Promise<AlarmChange> {
  const key = originKey(o, r.type);
  const open = await repo.openAlarm(tx, key, r.type);
  if (open) {
    const severity = Math.min(open.severity, r.severity) as Severity;
    const peak = r.peak ?? r.value;
    const upper = open.band === 'HH' || open.band === 'H' || r.band === 'H' || r.band === 'HH';
    const newPeak = peak == null ? open.peakValue : open.peakValue == null ? peak : upper ? Math.max(open.peakValue, peak) : Math.min(open.peakValue, peak);
    const row = await repo.updateAlarmRow(tx, open.id, {
      count: open.count + r.count,
      lastValue: r.value,
      lastAt: r.at,
      peakValue: newPeak,
      severity,
      band: severity < open.severity ? (r.band ?? open.band) : open.band,
      message: severity < open.severity ? r.message : open.message,
      flapping: open.flapping || !!r.flapping,
      // A cleared but unacknowledged alarm that comes back is active again.
      clearedAt: null,
      clearedBy: null,
    });
    if (severity < open.severity) {
      await repo.addAlarmEvent(tx, { alarmId: open.id, at: r.at, kind: 'severity', actorName: '系统', text: `升级为${SEVERITY_LABELS[severity]}：${r.message}` });
      // The enterprise hears about the worse level at once.
      await notifyLevel(deps, tx, row, 0, o);
    } else if (open.clearedAt) {
      await repo.addAlarmEvent(tx, { alarmId: open.id, at: r.at, kind: 'reraised', actorName: '系统', text: `再次触发：${r.message}` });
    }
    return { alarm: row, created: false };
  }
  const row = await repo.insertAlarm(tx, {
    enterpriseId: o.enterpriseId,
    regionCode: o.regionCode,
    sector: o.sector,
    deviceId: o.deviceId,
    sensorId: r.type === 'offline' ? null : o.sensorId,
    type: r.type,
    severity: r.severity,
    band: r.band ?? null,
    message: r.message,
    firstValue: r.first ?? r.value,
    lastValue: r.value,
    peakValue: r.peak ?? r.value,
    count: r.count,
    flapping: !!r.flapping,
    raisedAt: r.at,
    lastAt: r.at,
    originKey: key,
  });
  await repo.addAlarmEvent(tx, { alarmId: row.id, at: r.at, kind: 'raised', actorName: '系统', text: r.message });
  await recordAudit(tx, SYSTEM_CONTEXT, { action: 'monitoring.alarm.raise', entity: 'monitoring_alarm', entityId: row.id, regionCode: o.regionCode, after: { type: r.type, severity: r.severity, message: r.message, device: o.deviceName, sensor: o.sensorName } });
  await notifyLevel(deps, tx, row, 0, o);
  return { alarm: row, created: true };
}

/** The condition ended (value back to normal, device back online): set the cleared flag. */
export async function clearAlarm(tx: Tx, o: AlarmOrigin, type: AlarmType, at: Date, value: number | null, by = '系统（数值恢复正常）'): Promise<repo.AlarmRow | undefined> {
  const open = await repo.openAlarm(tx, originKey(o, type), type);
  if (!open || open.clearedAt) return undefined;
  const row = await repo.updateAlarmRow(tx, open.id, { clearedAt: at, clearedBy: by, lastValue: value ?? open.lastValue, closed: !!open.acknowledgedAt });
  await repo.addAlarmEvent(tx, { alarmId: open.id, at, kind: 'cleared', actorName: '系统', text: `${ALARM_TYPE_LABELS[type]}已恢复${value != null ? `（当前值 ${value}）` : ''}` });
  return row;
}

// ---------- notification targets ----------

type Units = Awaited<ReturnType<typeof listUnits>>;
let unitCache: { at: number; units: Units; sectors: Awaited<ReturnType<typeof listSectors>> } | undefined;

async function orgDirectory(db: DbOrTx) {
  if (!unitCache || Date.now() - unitCache.at > 60_000) {
    // One after the other: db may be a transaction (one connection, one query at a time).
    const units = await listUnits(db);
    const sectors = await listSectors(db);
    unitCache = { at: Date.now(), units, sectors };
  }
  return unitCache;
}

/** The unit notified at an escalation level (level 0, the enterprise, is its users). */
export async function escalationUnit(db: DbOrTx, level: number, a: { regionCode: string; sector: string }): Promise<{ id: string; name: string } | undefined> {
  const dir = await orgDirectory(db);
  const target = ESCALATION_LEVELS[level];
  if (target === 'street') {
    const u = dir.units.find((x) => (x.kind === 'street' || x.kind === 'park') && x.regionCode === a.regionCode);
    return u && { id: u.id, name: u.name };
  }
  if (target === 'department') {
    const s = dir.sectors.find((x) => x.code === a.sector);
    const u = s && dir.units.find((x) => x.id === s.departmentUnitId);
    return u && { id: u.id, name: u.name };
  }
  if (target === 'office') {
    const u = dir.units.find((x) => x.kind === 'office' && a.regionCode.startsWith(x.regionCode));
    return u && { id: u.id, name: u.name };
  }
  return undefined;
}

function alarmTitle(a: repo.AlarmRow, o: { deviceName: string; sensorName: string | null; enterpriseName?: string }) {
  const sev = SEVERITY_LABELS[a.severity as Severity];
  return `【${sev}】${o.enterpriseName ? `${o.enterpriseName} ` : ''}${o.deviceName}${o.sensorName ? ` ${o.sensorName}` : ''}：${a.message}`;
}

async function notifyLevel(deps: AppDeps, tx: Tx, a: repo.AlarmRow, level: number, o: { deviceName: string; sensorName: string | null; enterpriseName?: string }): Promise<string> {
  const link = `/monitoring/alarms/${a.id}`;
  const title = level === 0 ? alarmTitle(a, o) : `【逐级上报·${ESCALATION_LABELS[ESCALATION_LEVELS[level]]}】${alarmTitle(a, o)}（${Math.round((deps.clock.now().getTime() - a.raisedAt.getTime()) / 60_000)} 分钟未确认）`;
  if (level === 0) {
    const people = await tx.select({ id: users.id }).from(users).where(eq(users.enterpriseId, a.enterpriseId));
    for (const p of people) await notify(tx, deps, { userId: p.id, kind: 'monitoring.alarm', title, link, dedupeKey: `monitoring.alarm:${a.id}:0:${a.severity}:${p.id}` });
    return ESCALATION_LABELS.enterprise;
  }
  const unit = await escalationUnit(tx, level, a);
  if (unit) await notify(tx, deps, { unitId: unit.id, kind: 'monitoring.alarm', title, link, dedupeKey: `monitoring.alarm:${a.id}:${level}` });
  return unit?.name ?? ESCALATION_LABELS[ESCALATION_LEVELS[level]];
}

/**
 * Escalation job: an open alarm not acknowledged within N minutes (settings) of its raising goes
 * up one level (street), N minutes later the next (department), then the office. Each step is a
 * notification to that unit, an alarm event, an audit row and a webhook delivery.
 */
export async function escalateAlarms(deps: AppDeps): Promise<{ escalated: number }> {
  const settings = await repo.loadSettings(deps.db);
  const now = deps.clock.now();
  const due = await repo.alarmsToEscalate(deps.db, now, settings.escalateAfterMinutes);
  let escalated = 0;
  const hooks: unknown[] = [];
  const published: AppEvent[] = [];
  for (const a of due) {
    await deps.db.transaction(async (tx) => {
      const cur = await repo.lockAlarm(tx, { kind: 'all' }, a.id);
      if (!cur || cur.closed || cur.acknowledgedAt || cur.clearedAt || cur.escalationLevel !== a.escalationLevel) return;
      const level = cur.escalationLevel + 1;
      const joined = await repo.findAlarm(tx, { kind: 'all' }, cur.id);
      const row = await repo.updateAlarmRow(tx, cur.id, { escalationLevel: level, escalatedAt: now });
      const target = await notifyLevel(deps, tx, row, level, { deviceName: joined?.deviceName ?? '', sensorName: joined?.sensorName ?? null, enterpriseName: joined?.enterpriseName });
      await repo.addAlarmEvent(tx, { alarmId: cur.id, at: now, kind: 'escalated', actorName: '系统', text: `超过 ${settings.escalateAfterMinutes * level} 分钟未确认，逐级上报至${target}` });
      await recordAudit(tx, SYSTEM_CONTEXT, { action: 'monitoring.alarm.escalate', entity: 'monitoring_alarm', entityId: cur.id, regionCode: cur.regionCode, before: { level: cur.escalationLevel }, after: { level, target } });
      hooks.push({ event: 'monitoring.alarm.escalated', alarmId: cur.id, level: ESCALATION_LEVELS[level], target, severity: cur.severity, message: cur.message, enterprise: joined?.enterpriseName, raisedAt: cur.raisedAt.toISOString() });
      escalated++;
      published.push({ type: ALARM_EVENT, regionCode: cur.regionCode, sector: cur.sector, enterpriseId: cur.enterpriseId, payload: { id: cur.id, action: 'escalated' } satisfies AlarmEventPayload });
    });
  }
  for (const e of published) deps.events.publish(e);
  for (const h of hooks) void postWebhook(deps, h);
  return { escalated };
}

/** POST the event to ANZHI_WEBHOOK_URL (e.g. an SMS gateway); failures are logged, in-app notifications stand. */
export async function postWebhook(deps: AppDeps, body: unknown): Promise<boolean> {
  const url = deps.config.webhookUrl;
  if (!url) return false;
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return true;
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, '报警推送（webhook）失败');
    return false;
  }
}

export function actorName(ctx: RequestContext): string {
  return ctx.actor ? `${ctx.actor.displayName}${ctx.actor.unitName ? `（${ctx.actor.unitName}）` : ''}` : '系统';
}
