import { randomBytes } from 'node:crypto';
import { requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError, zodFieldIssues } from '../../platform/errors';
import { cellText, type CellValue, newWorkbook, readSheetRows, xlsxHeaderStyle } from '../../platform/excel';
import { findEnterpriseInScopeByCreditCode } from '../org';
import { DeviceCreateInput, SensorInput, type DeviceImportReport } from '../../../shared/contracts/monitoring';
import { SENSOR_KIND_DEFAULTS, SENSOR_KIND_LABELS, SENSOR_KINDS, type SensorKind } from '../../../shared/monitoring/rules';
import { ingesterOf } from './monitoring.ingest';
import { topicOf } from '../../../shared/monitoring/payload';
import * as repo from './monitoring.repo';

/**
 * 监测设备 Excel 导入: one row per sensor; the rows with the same 企业信用代码 and 设备编码 are one
 * device. A device with any wrong row is wrong as a whole. Nothing is written while a device is wrong,
 * unless the importer asks to skip the wrong devices; a dry run only checks. New devices get their
 * secrets here, returned once (only their SM3 digest is kept), exactly as when registered one by one.
 */

const MAX_ROWS = 5_000;

interface Column {
  key: string;
  header: string;
  required?: boolean;
  kind: 'text' | 'int' | 'number' | 'sensorKind';
  example: string | number;
  width: number;
}

const COLUMNS: Column[] = [
  { key: 'creditCode', header: '企业统一社会信用代码', required: true, kind: 'text', example: '91420112MA4KXXXXXX', width: 24 },
  { key: 'code', header: '设备编码', required: true, kind: 'text', example: 'GW-01', width: 12 },
  { key: 'name', header: '设备名称', required: true, kind: 'text', example: '罐区可燃气体报警控制器', width: 24 },
  { key: 'location', header: '安装位置', kind: 'text', example: '1号罐区东侧', width: 16 },
  { key: 'intervalSeconds', header: '采样周期（秒）', kind: 'int', example: 60, width: 14 },
  { key: 'tag', header: '位号', required: true, kind: 'text', example: 'GT-101', width: 10 },
  { key: 'sensorName', header: '传感器名称', required: true, kind: 'text', example: '1号罐可燃气体', width: 18 },
  { key: 'kind', header: '类型', required: true, kind: 'sensorKind', example: '可燃气体', width: 10 },
  { key: 'unit', header: '单位', kind: 'text', example: '%LEL', width: 8 },
  { key: 'rangeMin', header: '量程下限', kind: 'number', example: 0, width: 10 },
  { key: 'rangeMax', header: '量程上限', kind: 'number', example: 100, width: 10 },
  { key: 'll', header: '低低报', kind: 'number', example: '', width: 8 },
  { key: 'l', header: '低报', kind: 'number', example: '', width: 8 },
  { key: 'h', header: '高报', kind: 'number', example: 25, width: 8 },
  { key: 'hh', header: '高高报', kind: 'number', example: 50, width: 8 },
  { key: 'deadband', header: '死区', kind: 'number', example: 2, width: 8 },
];

const KIND_BY_LABEL = new Map<string, SensorKind>([...SENSOR_KINDS.map((k) => [SENSOR_KIND_LABELS[k], k] as const), ...SENSOR_KINDS.map((k) => [k, k] as const)]);
const norm = (h: string) => h.replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')');

function parseCell(col: Column, v: CellValue | undefined): { value?: unknown; error?: string } {
  const t = cellText(v).trim();
  if (!t) return col.required ? { error: '必填' } : {};
  if (col.kind === 'text') return { value: t };
  if (col.kind === 'sensorKind') {
    const k = KIND_BY_LABEL.get(t);
    return k ? { value: k } : { error: `类型应为 ${SENSOR_KINDS.map((x) => SENSOR_KIND_LABELS[x]).join('、')} 之一` };
  }
  const n = typeof v === 'number' ? v : Number(t);
  if (!Number.isFinite(n)) return { error: '应为数字' };
  if (col.kind === 'int' && !Number.isInteger(n)) return { error: '应为整数' };
  return { value: n };
}

interface DeviceGroup {
  key: string;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  sector: string;
  device: DeviceCreateInput;
  sensors: { row: number; input: SensorInput }[];
  rows: number[];
  bad: boolean;
}

export async function importDevices(deps: AppDeps, ctx: RequestContext, file: Buffer, opts: { dryRun: boolean; skipInvalid: boolean }): Promise<DeviceImportReport> {
  const actor = requireActor(ctx);
  const sheet = await readSheetRows(file, MAX_ROWS);
  if (sheet.rows.length === 0) throw new AppError('VALIDATION', '文件中没有数据行（第 1 行应为表头，数据从第 2 行开始）');
  const at = new Map<string, number>();
  sheet.header.forEach((h, i) => {
    const col = COLUMNS.find((c) => norm(c.header) === norm(h));
    if (col && !at.has(col.key)) at.set(col.key, i);
  });
  const missing = COLUMNS.filter((c) => c.required && !at.has(c.key)).map((c) => c.header);
  if (missing.length) throw new AppError('VALIDATION', `表头缺少必填列：${missing.join('、')}（请使用“下载导入模板”的表头）`, missing.map((m) => ({ path: m, message: '缺少此列' })));

  const errors: DeviceImportReport['errors'] = [];
  const groups = new Map<string, DeviceGroup>();
  const enterpriseCache = new Map<string, Awaited<ReturnType<typeof findEnterpriseInScopeByCreditCode>>>();
  const headerOf = (key: string) => COLUMNS.find((c) => c.key === key)?.header ?? key;
  const valueOf = (cells: CellValue[], key: string) => (at.has(key) ? cellText(cells[at.get(key)!]) : '');
  for (const { rowNumber, cells } of sheet.rows) {
    const v: Record<string, unknown> = {};
    const rowErrors: DeviceImportReport['errors'] = [];
    for (const col of COLUMNS) {
      const i = at.get(col.key);
      if (i === undefined) continue;
      const r = parseCell(col, cells[i]);
      if (r.error) rowErrors.push({ row: rowNumber, column: col.header, value: cellText(cells[i]), reason: r.error });
      else if (r.value !== undefined) v[col.key] = r.value;
    }
    let ent: Awaited<ReturnType<typeof findEnterpriseInScopeByCreditCode>>;
    if (typeof v.creditCode === 'string') {
      const code = v.creditCode.toUpperCase();
      if (!enterpriseCache.has(code)) enterpriseCache.set(code, await findEnterpriseInScopeByCreditCode(deps.db, actor.scope, code));
      ent = enterpriseCache.get(code);
      if (!ent) rowErrors.push({ row: rowNumber, column: headerOf('creditCode'), value: String(v.creditCode), reason: '本辖区（本单位）没有此信用代码的企业' });
    }
    const device = ent ? DeviceCreateInput.safeParse({ enterpriseId: ent.e.id, code: v.code, name: v.name, location: v.location, intervalSeconds: v.intervalSeconds ?? 60 }) : undefined;
    const kind = v.kind as SensorKind | undefined;
    const sensor = SensorInput.safeParse({
      tag: v.tag,
      name: v.sensorName,
      kind,
      unit: v.unit ?? (kind ? SENSOR_KIND_DEFAULTS[kind].unit : undefined),
      rangeMin: v.rangeMin,
      rangeMax: v.rangeMax,
      ll: v.ll,
      l: v.l,
      h: v.h,
      hh: v.hh,
      deadband: v.deadband,
    });
    const taken = new Set(rowErrors.map((e) => e.column));
    const keyOf: Record<string, string> = { name: 'sensorName' };
    for (const [parsed, fieldKey] of [
      [device, (p: string) => p],
      [sensor, (p: string) => keyOf[p] ?? p],
    ] as const) {
      if (!parsed || parsed.success) continue;
      for (const issue of zodFieldIssues(parsed.error)) {
        const key = fieldKey(issue.path.split('.')[0]);
        const column = headerOf(key);
        if (taken.has(column)) continue;
        taken.add(column);
        rowErrors.push({ row: rowNumber, column, value: valueOf(cells, key), reason: issue.message });
      }
    }
    const groupKey = `${String(v.creditCode ?? '').toUpperCase()}|${String(v.code ?? '')}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = {
        key: groupKey,
        enterpriseId: ent?.e.id ?? '',
        enterpriseName: ent?.e.name ?? '',
        regionCode: ent?.e.regionCode ?? '',
        sector: ent?.e.sector ?? '',
        device: device?.success ? device.data : (undefined as never),
        sensors: [],
        rows: [],
        bad: false,
      };
      groups.set(groupKey, g);
    } else if (device?.success && g.device && (g.device.name !== device.data.name || g.device.intervalSeconds !== device.data.intervalSeconds)) {
      rowErrors.push({ row: rowNumber, column: headerOf('name'), value: String(v.name ?? ''), reason: `与第 ${g.rows[0]} 行的同一设备（设备编码 ${String(v.code)}）的名称或采样周期不一致` });
    }
    if (sensor.success && g.sensors.some((s) => s.input.tag === sensor.data.tag)) {
      rowErrors.push({ row: rowNumber, column: headerOf('tag'), value: sensor.data.tag, reason: `位号在同一设备中重复（第 ${g.sensors.find((s) => s.input.tag === sensor.data.tag)!.row} 行）` });
    }
    g.rows.push(rowNumber);
    if (rowErrors.length || !device?.success || !sensor.success) {
      g.bad = true;
      errors.push(...rowErrors);
    } else g.sensors.push({ row: rowNumber, input: sensor.data });
  }
  // A device code already used by the enterprise.
  for (const g of groups.values()) {
    if (g.bad || !g.device) continue;
    if (await repo.deviceCodeTaken(deps.db, g.enterpriseId, g.device.code)) {
      g.bad = true;
      errors.push({ row: g.rows[0], column: headerOf('code'), value: g.device.code, reason: `设备编码“${g.device.code}”已在本企业使用` });
    }
  }
  const good = [...groups.values()].filter((g) => !g.bad);
  const invalid = groups.size - good.length;
  const report: DeviceImportReport = {
    rows: sheet.rows.length,
    devices: groups.size,
    invalidDevices: invalid,
    created: 0,
    sensors: 0,
    committed: false,
    dryRun: opts.dryRun,
    errors: errors.sort((a, b) => a.row - b.row).slice(0, 5000),
    credentials: [],
  };
  if (opts.dryRun || (invalid > 0 && !opts.skipInvalid) || good.length === 0) return report;

  const now = deps.clock.now();
  const issued: DeviceImportReport['credentials'] = [];
  let sensors = 0;
  await deps.db.transaction(async (tx) => {
    for (const g of good) {
      // Checked again inside the transaction: another import may have taken the code meanwhile.
      if (await repo.deviceCodeTaken(tx, g.enterpriseId, g.device.code)) throw new AppError('CONFLICT', `设备编码“${g.device.code}”已在企业“${g.enterpriseName}”使用（第 ${g.rows[0]} 行），请重新导入`);
      const secret = randomBytes(24).toString('base64url');
      const d = await repo.insertDevice(tx, {
        enterpriseId: g.enterpriseId,
        regionCode: g.regionCode,
        sector: g.sector,
        sourceId: null,
        riskPointId: null,
        code: g.device.code,
        name: g.device.name,
        location: g.device.location ?? '',
        intervalSeconds: g.device.intervalSeconds,
        secretHash: sm3(secret),
        secretIssuedAt: now,
        createdAt: now,
      });
      for (const { input } of g.sensors) {
        await repo.insertSensor(tx, repo.sensorValues(d, { ...input, installationId: null }));
        sensors++;
      }
      await recordAudit(tx, ctx, { action: 'monitoring.device.import', entity: 'monitoring_device', entityId: d.id, regionCode: d.regionCode, after: { code: d.code, name: d.name, enterprise: g.enterpriseName, sensors: g.sensors.map((s) => s.input.tag) } });
      issued.push({ enterpriseName: g.enterpriseName, code: d.code, name: d.name, username: d.id, secret, topic: topicOf(d.enterpriseId, d.id) });
    }
  });
  for (const c of issued) ingesterOf(deps).invalidate(c.username);
  return { ...report, created: issued.length, sensors, committed: true, credentials: issued };
}

/** The import template: the columns above, one example row, the sensor types as a list. */
export async function deviceTemplate(): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = '安治';
  const ws = wb.addWorksheet('监测设备');
  ws.columns = COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width }));
  xlsxHeaderStyle(ws.getRow(1));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.addRow(Object.fromEntries(COLUMNS.map((c) => [c.key, c.example])));
  const kindCol = ws.getColumn(COLUMNS.findIndex((c) => c.key === 'kind') + 1).letter;
  for (let r = 2; r <= 500; r++) {
    ws.getCell(`${kindCol}${r}`).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${SENSOR_KINDS.map((k) => SENSOR_KIND_LABELS[k]).join(',')}"`] };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
