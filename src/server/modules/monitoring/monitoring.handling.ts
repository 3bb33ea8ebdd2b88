import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, notFound } from '../../platform/errors';
import { createHazardInTx } from '../hazard';
import type { AlarmDetail, AlarmHazardInput, AlarmPage, AlarmQuery, AlarmView, StreamAlarmAction } from '../../../shared/contracts/monitoring';
import { ALARM_TYPE_LABELS, SEVERITY_LABELS, type AlarmType, type Severity } from '../../../shared/monitoring/rules';
import { formatDateTime } from '../../../shared/time';
import { actorName } from './monitoring.alarms';
import * as repo from './monitoring.repo';
import { ALARM_EVENT, type AlarmEventPayload } from './monitoring.stream';

/** Alarm handling by people: list, detail, 确认, 恢复, 处置记录, 指派, 转隐患. */

export async function listAlarms(deps: AppDeps, ctx: RequestContext, q: AlarmQuery): Promise<AlarmPage> {
  const r = await repo.listAlarms(deps.db, requireActor(ctx).scope, q);
  return { items: r.rows.map(repo.presentAlarm), total: r.total, page: q.page, pageSize: q.pageSize };
}

async function view(deps: AppDeps, ctx: RequestContext, id: string): Promise<AlarmView> {
  const r = await repo.findAlarm(deps.db, requireActor(ctx).scope, id);
  if (!r) throw notFound('报警');
  return repo.presentAlarm(r);
}

export async function getAlarm(deps: AppDeps, ctx: RequestContext, id: string): Promise<AlarmDetail> {
  const alarm = await view(deps, ctx, id);
  const events = await repo.alarmEvents(deps.db, id);
  return { alarm, events: events.map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, actorName: e.actorName, text: e.text })) };
}

const STREAM_ACTIONS: Record<string, StreamAlarmAction> = {
  'monitoring.alarm.acknowledge': 'acknowledged',
  'monitoring.alarm.clear': 'cleared',
  'monitoring.alarm.comment': 'commented',
  'monitoring.alarm.assign': 'assigned',
};

type Change = (a: repo.AlarmRow, now: Date, who: string) => { values: Partial<repo.AlarmRow>; event: { kind: string; text: string } } | undefined;

async function change(deps: AppDeps, ctx: RequestContext, id: string, action: string, fn: Change): Promise<AlarmView> {
  const scope = requireActor(ctx).scope;
  const now = deps.clock.now();
  const who = actorName(ctx);
  let where: { regionCode: string; sector: string; enterpriseId: string } | undefined;
  await deps.db.transaction(async (tx) => {
    const a = await repo.lockAlarm(tx, scope, id);
    if (!a) throw notFound('报警');
    where = { regionCode: a.regionCode, sector: a.sector, enterpriseId: a.enterpriseId };
    const c = fn(a, now, who);
    if (!c) return;
    await repo.updateAlarmRow(tx, id, c.values);
    await repo.addAlarmEvent(tx, { alarmId: id, at: now, kind: c.event.kind, actorName: who, text: c.event.text });
    await recordAudit(tx, ctx, { action, entity: 'monitoring_alarm', entityId: id, regionCode: a.regionCode, before: { acknowledgedAt: a.acknowledgedAt, clearedAt: a.clearedAt, assigneeName: a.assigneeName }, after: c.values });
  });
  if (where) {
    const payload: AlarmEventPayload = { id, action: STREAM_ACTIONS[action] ?? 'updated' };
    deps.events.publish({ type: ALARM_EVENT, ...where, payload });
  }
  return view(deps, ctx, id);
}

export function acknowledge(deps: AppDeps, ctx: RequestContext, id: string, note?: string) {
  return change(deps, ctx, id, 'monitoring.alarm.acknowledge', (a, now, who) => {
    if (a.acknowledgedAt) throw conflict('报警已确认');
    return { values: { acknowledgedAt: now, acknowledgedBy: who, closed: !!a.clearedAt }, event: { kind: 'acknowledged', text: note ? `确认报警：${note}` : '确认报警' } };
  });
}

export function clear(deps: AppDeps, ctx: RequestContext, id: string, note?: string) {
  return change(deps, ctx, id, 'monitoring.alarm.clear', (a, now, who) => {
    if (a.clearedAt) throw conflict('报警已恢复');
    return { values: { clearedAt: now, clearedBy: who, closed: !!a.acknowledgedAt }, event: { kind: 'cleared', text: note ? `人工恢复：${note}` : '人工恢复' } };
  });
}

export function comment(deps: AppDeps, ctx: RequestContext, id: string, text: string) {
  return change(deps, ctx, id, 'monitoring.alarm.comment', () => ({ values: {}, event: { kind: 'comment', text } }));
}

export function assign(deps: AppDeps, ctx: RequestContext, id: string, assigneeName: string) {
  return change(deps, ctx, id, 'monitoring.alarm.assign', (a) => {
    if (a.closed) throw conflict('报警已关闭，无需指派');
    return { values: { assigneeName }, event: { kind: 'assigned', text: `指派处置人：${assigneeName}` } };
  });
}

/**
 * 一键转隐患: registers a hazard (source 物联预警; an enterprise registers it as its own 自查 finding,
 * as 16号令's 自查自报 requires) in the alarm's transaction, with the alarm as its origin.
 */
export async function toHazard(deps: AppDeps, ctx: RequestContext, id: string, input: AlarmHazardInput) {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const who = actorName(ctx);
  const r = await deps.db.transaction(async (tx) => {
    const a = await repo.lockAlarm(tx, actor.scope, id);
    if (!a) throw notFound('报警');
    if (a.hazardId) throw conflict(`该报警已转为隐患 ${a.hazardCode ?? ''}`.trim());
    const j = (await repo.findAlarm(tx, actor.scope, id))!;
    const label = `${SEVERITY_LABELS[a.severity as Severity]}${ALARM_TYPE_LABELS[a.type as AlarmType]}`;
    const description =
      input.description ??
      `物联监测${label}：${j.deviceName}${j.sensorName ? ` ${j.sensorName}（${j.sensorTag}）` : ''}，${a.message}；首次报警 ${formatDateTime(a.raisedAt)}，共 ${a.count} 次${a.peakValue != null ? `，峰值 ${a.peakValue}${j.unit ?? ''}` : ''}。`;
    const h = await createHazardInTx(deps, tx, ctx, {
      enterpriseId: a.enterpriseId,
      source: actor.enterpriseId ? 'self_check' : 'iot_alarm',
      place: input.place ?? `${j.deviceName}${j.sensorName ? ` / ${j.sensorName}` : ''}`.slice(0, 200),
      category: input.category ?? '监测预警',
      grade: input.grade,
      description: description.slice(0, 2000),
      foundAt: now.toISOString(),
      origin: { kind: 'iot_alarm', id: a.id, label: `${label}：${a.message}`.slice(0, 300) },
      ...(input.standardRef ? { standardRef: input.standardRef } : {}),
    });
    await repo.updateAlarmRow(tx, id, { hazardId: h.id, hazardCode: h.code });
    await repo.addAlarmEvent(tx, { alarmId: id, at: now, kind: 'hazard', actorName: who, text: `转为隐患 ${h.code}` });
    await recordAudit(tx, ctx, { action: 'monitoring.alarm.to_hazard', entity: 'monitoring_alarm', entityId: id, regionCode: a.regionCode, after: { hazardId: h.id, hazardCode: h.code } });
    return { ...h, sector: a.sector };
  });
  const alarm = await view(deps, ctx, id);
  deps.events.publish({ type: ALARM_EVENT, regionCode: alarm.regionCode, sector: r.sector, enterpriseId: alarm.enterpriseId, payload: { id, action: 'hazard' } satisfies AlarmEventPayload });
  return { hazardId: r.id, hazardCode: r.code, alarm };
}
