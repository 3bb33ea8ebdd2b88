import { randomBytes } from 'node:crypto';
import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import type { DbOrTx } from '../../db';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { requireEnterpriseInScope } from '../org';
import { findInstallation, findPoint, findSource, listInstallations, listPoints, listSources } from '../risk';
import type {
  DeviceCreateInput,
  DeviceCredentials,
  DeviceDetail,
  DevicePage,
  DeviceQuery,
  DeviceUpdateInput,
  DeviceView,
  IngestResult,
  IngestStats,
  Overview,
  SensorInput,
  SensorUpdateInput,
  SensorView,
  SeriesView,
  SettingsView,
  Targets,
} from '../../../shared/contracts/monitoring';
import { thresholdProblem, type Band, type SensorKind } from '../../../shared/monitoring/rules';
import { brokerInfo } from './monitoring.broker';
import { ingesterOf } from './monitoring.ingest';
import * as repo from './monitoring.repo';
import { querySeries } from './monitoring.series';

/** Devices, sensors, series, the wall and settings. Alarm handling is in monitoring.handling.ts. */

const newSecret = () => randomBytes(24).toString('base64url');

async function deviceView(deps: AppDeps, ctx: RequestContext, id: string): Promise<DeviceView> {
  const r = await repo.findDevice(deps.db, requireActor(ctx).scope, id);
  if (!r) throw notFound('监测设备');
  return repo.presentDevice(r);
}

async function checkTargets(deps: AppDeps, ctx: RequestContext, enterpriseId: string, input: { sourceId?: string | null; riskPointId?: string | null }) {
  const scope = requireActor(ctx).scope;
  if (input.sourceId) {
    const s = await findSource(deps.db, scope, input.sourceId);
    if (!s || s.s.enterpriseId !== enterpriseId) throw invalidField('sourceId', '重大危险源不存在或不属于该企业');
  }
  if (input.riskPointId) {
    const p = await findPoint(deps.db, scope, input.riskPointId);
    if (!p || p.p.enterpriseId !== enterpriseId) throw invalidField('riskPointId', '风险点不存在或不属于该企业');
  }
}

export async function listDevices(deps: AppDeps, ctx: RequestContext, q: DeviceQuery): Promise<DevicePage> {
  const r = await repo.listDevices(deps.db, requireActor(ctx).scope, q);
  return { items: r.rows.map(repo.presentDevice), total: r.total, page: q.page, pageSize: q.pageSize };
}

export async function getDevice(deps: AppDeps, ctx: RequestContext, id: string): Promise<DeviceDetail> {
  const device = await deviceView(deps, ctx, id);
  const sensors = await repo.listSensorsOfDevice(deps.db, id);
  return { device, sensors: sensors.map(repo.presentSensor) };
}

export async function createDevice(deps: AppDeps, ctx: RequestContext, input: DeviceCreateInput): Promise<DeviceCredentials> {
  const ent = await requireEnterpriseInScope(deps, ctx, input.enterpriseId);
  await checkTargets(deps, ctx, input.enterpriseId, input);
  const secret = newSecret();
  const id = await deps.db.transaction(async (tx) => {
    if (await repo.deviceCodeTaken(tx, input.enterpriseId, input.code)) throw invalidField('code', `设备编码“${input.code}”已在本企业使用`);
    const d = await repo.insertDevice(tx, {
      enterpriseId: ent.e.id,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      sourceId: input.sourceId ?? null,
      riskPointId: input.riskPointId ?? null,
      code: input.code,
      name: input.name,
      location: input.location ?? '',
      intervalSeconds: input.intervalSeconds,
      secretHash: sm3(secret),
      secretIssuedAt: deps.clock.now(),
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, ctx, { action: 'monitoring.device.create', entity: 'monitoring_device', entityId: d.id, regionCode: d.regionCode, after: { code: d.code, name: d.name, enterprise: ent.e.name } });
    return d.id;
  });
  const device = await deviceView(deps, ctx, id);
  return { device, username: id, secret, topic: device.topic };
}

export async function updateDevice(deps: AppDeps, ctx: RequestContext, id: string, input: DeviceUpdateInput): Promise<DeviceView> {
  const scope = requireActor(ctx).scope;
  await deps.db.transaction(async (tx) => {
    const d = await repo.lockDevice(tx, scope, id);
    if (!d) throw notFound('监测设备');
    if (d.version !== input.version) throw conflict('设备已被他人修改，请刷新后重试');
    await checkTargets(deps, ctx, d.enterpriseId, input);
    if (input.code && input.code !== d.code && (await repo.deviceCodeTaken(tx, d.enterpriseId, input.code, d.id))) throw invalidField('code', `设备编码“${input.code}”已在本企业使用`);
    const { version: _v, ...values } = input;
    const after = await repo.updateDeviceRow(tx, id, values);
    await recordAudit(tx, ctx, { action: 'monitoring.device.update', entity: 'monitoring_device', entityId: id, regionCode: d.regionCode, before: { code: d.code, name: d.name, intervalSeconds: d.intervalSeconds, sourceId: d.sourceId }, after: { code: after.code, name: after.name, intervalSeconds: after.intervalSeconds, sourceId: after.sourceId } });
  });
  ingesterOf(deps).invalidate(id);
  return deviceView(deps, ctx, id);
}

export async function setDeviceEnabled(deps: AppDeps, ctx: RequestContext, id: string, enabled: boolean): Promise<DeviceView> {
  const scope = requireActor(ctx).scope;
  await deps.db.transaction(async (tx) => {
    const d = await repo.lockDevice(tx, scope, id);
    if (!d) throw notFound('监测设备');
    if (d.enabled === enabled) return;
    await repo.updateDeviceRow(tx, id, { enabled, online: enabled ? d.online : false });
    await recordAudit(tx, ctx, { action: enabled ? 'monitoring.device.enable' : 'monitoring.device.disable', entity: 'monitoring_device', entityId: id, regionCode: d.regionCode, before: { enabled: d.enabled }, after: { enabled } });
  });
  ingesterOf(deps).invalidate(id, !enabled);
  return deviceView(deps, ctx, id);
}

export async function rotateSecret(deps: AppDeps, ctx: RequestContext, id: string): Promise<DeviceCredentials> {
  const scope = requireActor(ctx).scope;
  const secret = newSecret();
  await deps.db.transaction(async (tx) => {
    const d = await repo.lockDevice(tx, scope, id);
    if (!d) throw notFound('监测设备');
    await repo.updateDeviceRow(tx, id, { secretHash: sm3(secret), secretIssuedAt: deps.clock.now() });
    await recordAudit(tx, ctx, { action: 'monitoring.device.rotate_secret', entity: 'monitoring_device', entityId: id, regionCode: d.regionCode });
  });
  ingesterOf(deps).invalidate(id, true);
  const device = await deviceView(deps, ctx, id);
  return { device, username: id, secret, topic: device.topic };
}

function checkSensorNumbers(values: Record<string, unknown>) {
  const p = thresholdProblem(values as never);
  if (p) throw invalidField(p.path, p.message);
}

/** Inside the caller's transaction (`db` = its tx): a query on another connection would wait for it (PGlite has one). */
async function checkInstallation(db: DbOrTx, ctx: RequestContext, device: { enterpriseId: string; sourceId: string | null }, installationId: string | null | undefined) {
  if (!installationId) return;
  const i = await findInstallation(db, requireActor(ctx).scope, installationId);
  if (!i || i.enterpriseId !== device.enterpriseId) throw invalidField('installationId', '装置不存在或不属于该企业');
  if (device.sourceId && i.sourceId !== device.sourceId) throw invalidField('installationId', '装置不属于设备所在的重大危险源');
}

export async function addSensor(deps: AppDeps, ctx: RequestContext, deviceId: string, input: SensorInput): Promise<SensorView> {
  const scope = requireActor(ctx).scope;
  const id = await deps.db.transaction(async (tx) => {
    const d = await repo.lockDevice(tx, scope, deviceId);
    if (!d) throw notFound('监测设备');
    await checkInstallation(tx, ctx, d, input.installationId);
    if (await repo.sensorTagTaken(tx, deviceId, input.tag)) throw invalidField('tag', `位号“${input.tag}”已在本设备使用`);
    const s = await repo.insertSensor(tx, repo.sensorValues(d, input));
    await recordAudit(tx, ctx, { action: 'monitoring.sensor.create', entity: 'monitoring_sensor', entityId: s.id, regionCode: d.regionCode, after: { device: d.code, tag: s.tag, kind: s.kind, ll: s.ll, l: s.l, h: s.h, hh: s.hh } });
    return s.id;
  });
  ingesterOf(deps).invalidate(deviceId);
  const r = await repo.findSensor(deps.db, scope, id);
  return repo.presentSensor(r!);
}

/** What the audit keeps of a sensor's limits and rules. */
const sensorLimits = (s: Pick<repo.SensorRow, 'tag' | 'll' | 'l' | 'h' | 'hh' | 'deadband' | 'rateLimit' | 'frozenMinutes' | 'enabled'>) => ({
  tag: s.tag, ll: s.ll, l: s.l, h: s.h, hh: s.hh, deadband: s.deadband, rateLimit: s.rateLimit, frozenMinutes: s.frozenMinutes, enabled: s.enabled,
});

export async function updateSensor(deps: AppDeps, ctx: RequestContext, id: string, input: SensorUpdateInput): Promise<SensorView> {
  const scope = requireActor(ctx).scope;
  let deviceId = '';
  await deps.db.transaction(async (tx) => {
    const s = await repo.lockSensor(tx, scope, id);
    if (!s) throw notFound('传感器');
    deviceId = s.deviceId;
    const merged = { ll: s.ll, l: s.l, h: s.h, hh: s.hh, rangeMin: s.rangeMin, rangeMax: s.rangeMax, ...input };
    checkSensorNumbers(merged);
    if (input.tag && input.tag !== s.tag && (await repo.sensorTagTaken(tx, s.deviceId, input.tag, s.id))) throw invalidField('tag', `位号“${input.tag}”已在本设备使用`);
    if (input.installationId) {
      const d = await repo.lockDevice(tx, scope, s.deviceId);
      await checkInstallation(tx, ctx, d!, input.installationId);
    }
    const after = await repo.updateSensorRow(tx, id, input);
    await recordAudit(tx, ctx, {
      action: 'monitoring.sensor.update',
      entity: 'monitoring_sensor',
      entityId: id,
      regionCode: s.regionCode,
      before: sensorLimits(s),
      after: sensorLimits(after),
    });
  });
  ingesterOf(deps).invalidate(deviceId);
  return repo.presentSensor((await repo.findSensor(deps.db, scope, id))!);
}

export async function deleteSensor(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ ok: true }> {
  const scope = requireActor(ctx).scope;
  let deviceId = '';
  await deps.db.transaction(async (tx) => {
    const s = await repo.lockSensor(tx, scope, id);
    if (!s) throw notFound('传感器');
    deviceId = s.deviceId;
    await repo.deleteSensorRow(tx, id);
    await recordAudit(tx, ctx, { action: 'monitoring.sensor.delete', entity: 'monitoring_sensor', entityId: id, regionCode: s.regionCode, before: { tag: s.tag, name: s.name } });
  });
  ingesterOf(deps).invalidate(deviceId);
  return { ok: true };
}

export async function sensorSeries(deps: AppDeps, ctx: RequestContext, id: string, q: { days?: number; hours?: number }): Promise<SeriesView> {
  const r = await repo.findSensor(deps.db, requireActor(ctx).scope, id);
  if (!r) throw notFound('传感器');
  const to = deps.clock.now();
  const span = q.hours ? q.hours * 3600_000 : (q.days ?? 1) * 86_400_000;
  const from = new Date(to.getTime() - span);
  const s = await querySeries(deps.database, id, from, to);
  return { sensor: repo.presentSensor(r), resolution: s.resolution, from: from.toISOString(), to: to.toISOString(), points: s.points };
}

export async function targets(deps: AppDeps, ctx: RequestContext, enterpriseId: string): Promise<Targets> {
  const scope = requireActor(ctx).scope;
  await requireEnterpriseInScope(deps, ctx, enterpriseId);
  const [src, pts] = await Promise.all([
    listSources(deps.db, scope, { enterpriseId, page: 1, pageSize: 100 }),
    listPoints(deps.db, scope, { enterpriseId, page: 1, pageSize: 200 }, deps.clock.today()),
  ]);
  const sources = await Promise.all(
    src.rows.map(async (s) => ({ id: s.s.id, name: s.s.name, code: s.s.code, installations: (await listInstallations(deps.db, s.s.id)).map((i) => ({ id: i.id, name: i.name, tag: i.tag })) })),
  );
  return { sources, riskPoints: pts.rows.map((p) => ({ id: p.p.id, name: p.p.name, code: p.p.code })) };
}

// ---------- ingestion over HTTP ----------

/** HTTP batch endpoint: Basic auth as the device (username = device id, password = secret). */
export async function ingestHttp(deps: AppDeps, authorization: string | undefined, body: unknown): Promise<IngestResult> {
  const ing = ingesterOf(deps);
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const sep = decoded.indexOf(':');
  const device = sep > 0 ? await ing.authenticate(decoded.slice(0, sep), decoded.slice(sep + 1)) : undefined;
  if (!device) {
    ing.counters.refused++;
    throw new AppError('UNAUTHENTICATED', '设备认证失败：请以 HTTP Basic 提供设备编号和设备密钥（设备须已启用）');
  }
  return ing.submit(device, body, 'durable');
}

export function ingestStats(deps: AppDeps): IngestStats {
  const ing = ingesterOf(deps);
  const b = brokerInfo();
  return { ...ing.counters, queued: ing.queuedReadings, broker: { mode: b?.mode ?? 'off', port: b?.port ?? null, clients: b?.clients() ?? 0 } };
}

// ---------- the wall ----------

export async function overview(deps: AppDeps, ctx: RequestContext, q: { enterpriseId?: string; onlyAlarming?: boolean }): Promise<Overview> {
  const scope = requireActor(ctx).scope;
  const [devices, counts, alarms, live, enterprises] = await Promise.all([
    repo.deviceCounts(deps.db, scope, q.enterpriseId),
    repo.openAlarmCounts(deps.db, scope, q.enterpriseId),
    repo.listAlarms(deps.db, scope, { status: 'open', enterpriseId: q.enterpriseId, page: 1, pageSize: 50 }),
    repo.liveSensors(deps.db, scope, q.enterpriseId, !!q.onlyAlarming, 200),
    q.enterpriseId ? Promise.resolve([]) : repo.enterpriseSummary(deps.db, scope),
  ]);
  const bySev = { 1: 0, 2: 0, 3: 0, 4: 0 } as Overview['openBySeverity'];
  let unack = 0;
  for (const c of counts) {
    bySev[c.severity as 1 | 2 | 3 | 4] = c.n;
    unack += c.unack;
  }
  return {
    now: deps.clock.now().toISOString(),
    devices,
    sensors: live.length,
    openBySeverity: bySev,
    unacknowledged: unack,
    alarms: alarms.rows.map(repo.presentAlarm),
    live: live.map((r) => ({
      id: r.s.id,
      deviceId: r.s.deviceId,
      enterpriseId: r.s.enterpriseId,
      enterpriseName: r.enterpriseName,
      deviceName: r.deviceName,
      tag: r.s.tag,
      name: r.s.name,
      kind: r.s.kind as SensorKind,
      unit: r.s.unit,
      lastValue: r.s.lastValue,
      lastAt: r.s.lastAt?.toISOString() ?? null,
      band: r.s.band as Band,
      online: r.online,
      h: r.s.h,
      hh: r.s.hh,
      l: r.s.l,
      ll: r.s.ll,
    })),
    enterprises: enterprises.map((e) => ({ ...e, worstSeverity: e.worstSeverity == null ? null : Number(e.worstSeverity) })),
  };
}

// ---------- settings ----------

export async function getSettings(deps: AppDeps): Promise<SettingsView> {
  const s = await repo.loadSettings(deps.db);
  return { rawRetentionDays: s.rawRetentionDays, minuteRetentionDays: s.minuteRetentionDays, escalateAfterMinutes: s.escalateAfterMinutes };
}

export async function updateSettings(deps: AppDeps, ctx: RequestContext, input: SettingsView): Promise<SettingsView> {
  if (input.minuteRetentionDays < input.rawRetentionDays) throw invalidField('minuteRetentionDays', '分钟汇总的保存期不能短于原始数据');
  await deps.db.transaction(async (tx) => {
    const before = await repo.loadSettings(tx);
    await repo.saveSettings(tx, input);
    await recordAudit(tx, ctx, { action: 'monitoring.settings.update', entity: 'monitoring_settings', entityId: 'default', regionCode: ctx.actor?.regionCode ?? null, before: { rawRetentionDays: before.rawRetentionDays, minuteRetentionDays: before.minuteRetentionDays, escalateAfterMinutes: before.escalateAfterMinutes }, after: input });
  });
  return getSettings(deps);
}
