import { z } from 'zod';
import { BoolParam, Page, PageSize, Text, Uuid } from './common';
import { pageOf } from './endpoint';
import { ALARM_TYPES, BANDS, SENSOR_KINDS, thresholdProblem } from '../monitoring/rules';

/**
 * 重大危险源在线监测预警 (monitoring module): devices and sensors of enterprises, alarms, series,
 * the monitoring wall. Inputs and views; the endpoint table is monitoring.api.ts.
 */

const Num = (label: string) => z.number({ message: `${label}应为数字` }).finite(`${label}应为有限数字`).min(-1e9, `${label}过小`).max(1e9, `${label}过大`);
const NumOpt = (label: string) => Num(label).nullable().optional();
const Code = Text(40, 1).regex(/^[A-Za-z0-9._-]+$/, '只能包含字母、数字、点、下划线和连字符');

export const DeviceCreateInput = z
  .object({
    enterpriseId: Uuid,
    code: Code,
    name: Text(100, 1),
    location: Text(200).optional(),
    sourceId: Uuid.nullable().optional().meta({ description: '所在重大危险源（风险模块）' }),
    riskPointId: Uuid.nullable().optional().meta({ description: '所在风险点（风险模块）' }),
    intervalSeconds: z.number({ message: '采样周期应为数字' }).int('采样周期应为整数秒').min(1, '采样周期至少 1 秒').max(86_400, '采样周期不超过 1 天').default(60),
  })
  .strict();
export type DeviceCreateInput = z.infer<typeof DeviceCreateInput>;

export const DeviceUpdateInput = z
  .object({
    version: z.number().int().min(1),
    code: Code.optional(),
    name: Text(100, 1).optional(),
    location: Text(200).optional(),
    sourceId: Uuid.nullable().optional(),
    riskPointId: Uuid.nullable().optional(),
    intervalSeconds: z.number().int('采样周期应为整数秒').min(1, '采样周期至少 1 秒').max(86_400, '采样周期不超过 1 天').optional(),
  })
  .strict();
export type DeviceUpdateInput = z.infer<typeof DeviceUpdateInput>;

export const EnabledInput = z.object({ enabled: z.boolean({ message: '应为 true 或 false' }) }).strict();

const SensorFields = {
  tag: Code.meta({ description: '位号（报文中的 sensor）' }),
  name: Text(100, 1),
  kind: z.enum(SENSOR_KINDS, { message: '传感器类型无效' }),
  unit: Text(20).optional(),
  installationId: Uuid.nullable().optional().meta({ description: '所测装置/设施（重大危险源的单元）' }),
  rangeMin: NumOpt('量程下限'),
  rangeMax: NumOpt('量程上限'),
  ll: NumOpt('低低报限值'),
  l: NumOpt('低报限值'),
  h: NumOpt('高报限值'),
  hh: NumOpt('高高报限值'),
  deadband: Num('回差').min(0, '回差不能为负').optional(),
  rateLimit: Num('变化率限值').positive('变化率限值应大于 0').nullable().optional(),
  frozenMinutes: z.number().int('冻结判定时长应为整数分钟').min(1, '至少 1 分钟').max(10_080, '不超过 7 天').nullable().optional(),
  enabled: z.boolean().optional(),
};
const checkThresholds = (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const p = thresholdProblem(v as never);
  if (p) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
};
export const SensorInput = z.object(SensorFields).strict().superRefine(checkThresholds);
export type SensorInput = z.infer<typeof SensorInput>;
export const SensorUpdateInput = z.object({ ...SensorFields, tag: SensorFields.tag.optional(), name: SensorFields.name.optional(), kind: SensorFields.kind.optional() }).strict();
export type SensorUpdateInput = z.infer<typeof SensorUpdateInput>;

export const DeviceQuery = z.object({
  q: Text(100).optional(),
  enterpriseId: Uuid.optional(),
  sourceId: Uuid.optional(),
  status: z.enum(['online', 'offline', 'disabled'], { message: '状态应为 online、offline 或 disabled' }).optional(),
  page: Page,
  pageSize: PageSize,
});
export type DeviceQuery = z.infer<typeof DeviceQuery>;

export const SensorView = z.object({
  id: z.string(),
  deviceId: z.string(),
  enterpriseId: z.string(),
  installationId: z.string().nullable(),
  installationName: z.string().nullable(),
  tag: z.string(),
  name: z.string(),
  kind: z.enum(SENSOR_KINDS),
  unit: z.string(),
  rangeMin: z.number().nullable(),
  rangeMax: z.number().nullable(),
  ll: z.number().nullable(),
  l: z.number().nullable(),
  h: z.number().nullable(),
  hh: z.number().nullable(),
  deadband: z.number(),
  rateLimit: z.number().nullable(),
  frozenMinutes: z.number().int().nullable(),
  enabled: z.boolean(),
  lastValue: z.number().nullable(),
  lastAt: z.string().nullable(),
  band: z.enum(BANDS),
});
export type SensorView = z.infer<typeof SensorView>;

export const DeviceView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  sector: z.string(),
  sourceId: z.string().nullable(),
  sourceName: z.string().nullable(),
  riskPointId: z.string().nullable(),
  riskPointName: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  location: z.string(),
  intervalSeconds: z.number().int(),
  enabled: z.boolean(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  secretIssuedAt: z.string(),
  sensorCount: z.number().int(),
  openAlarms: z.number().int(),
  topic: z.string().meta({ description: 'MQTT 上报主题' }),
  version: z.number().int(),
});
export type DeviceView = z.infer<typeof DeviceView>;
export const DevicePage = pageOf(DeviceView);
export type DevicePage = z.infer<typeof DevicePage>;

export const DeviceDetail = z.object({ device: DeviceView, sensors: z.array(SensorView) });
export type DeviceDetail = z.infer<typeof DeviceDetail>;

/** The answer of create / rotate: the secret is shown this once and stored only as a hash. */
export const DeviceCredentials = z.object({
  device: DeviceView,
  username: z.string().meta({ description: 'MQTT 用户名（设备编号）' }),
  secret: z.string().meta({ description: '设备密钥（仅此一次显示，平台只保存其 SM3 摘要）' }),
  topic: z.string(),
});
export type DeviceCredentials = z.infer<typeof DeviceCredentials>;

/** Device import (one row per sensor; the rows of one 设备编码 of one enterprise make one device). */
export const DeviceImportFields = z.object({
  dryRun: BoolParam.default(false).meta({ description: '只校验不写入' }),
  skipInvalid: BoolParam.default(false).meta({ description: '跳过有误的设备（其所有行），导入其余设备' }),
});
export const DeviceImportReport = z.object({
  rows: z.number().int(),
  devices: z.number().int().meta({ description: '文件中的设备数' }),
  invalidDevices: z.number().int().meta({ description: '有误的设备数' }),
  created: z.number().int().meta({ description: '已登记的设备数' }),
  sensors: z.number().int().meta({ description: '已登记的传感器数' }),
  committed: z.boolean().meta({ description: '是否已写入（有误且未选择跳过时不写入任何设备）' }),
  dryRun: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() })).meta({ description: '逐行错误（Excel 行号、列、值、原因）' }),
  credentials: z
    .array(z.object({ enterpriseName: z.string(), code: z.string(), name: z.string(), username: z.string(), secret: z.string(), topic: z.string() }))
    .meta({ description: '新设备的接入凭据（密钥仅此一次显示，平台只保存其 SM3 摘要）' }),
});
export type DeviceImportReport = z.infer<typeof DeviceImportReport>;

export const ALARM_STATUSES = ['open', 'active', 'acknowledged', 'cleared', 'closed', 'all'] as const;
export const ALARM_STATUS_LABELS: Record<(typeof ALARM_STATUSES)[number], string> = {
  open: '未关闭',
  active: '未确认',
  acknowledged: '已确认',
  cleared: '已恢复',
  closed: '已关闭',
  all: '全部',
};

export const AlarmQuery = z.object({
  status: z.enum(ALARM_STATUSES, { message: '状态无效' }).default('open'),
  severity: z.coerce.number().int().min(1, '等级为 1~4').max(4, '等级为 1~4').optional(),
  type: z.enum(ALARM_TYPES, { message: '报警类型无效' }).optional(),
  enterpriseId: Uuid.optional(),
  deviceId: Uuid.optional(),
  page: Page,
  pageSize: PageSize,
});
export type AlarmQuery = z.infer<typeof AlarmQuery>;

export const AlarmView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  sensorId: z.string().nullable(),
  sensorName: z.string().nullable(),
  sensorTag: z.string().nullable(),
  unit: z.string().nullable(),
  type: z.enum(ALARM_TYPES),
  severity: z.number().int().min(1).max(4),
  band: z.enum(BANDS).nullable(),
  message: z.string(),
  firstValue: z.number().nullable(),
  lastValue: z.number().nullable(),
  peakValue: z.number().nullable(),
  count: z.number().int(),
  flapping: z.boolean(),
  raisedAt: z.string(),
  lastAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
  clearedBy: z.string().nullable(),
  closed: z.boolean(),
  assigneeName: z.string().nullable(),
  escalationLevel: z.number().int(),
  hazardId: z.string().nullable(),
  hazardCode: z.string().nullable(),
  version: z.number().int(),
});
export type AlarmView = z.infer<typeof AlarmView>;
export const AlarmPage = pageOf(AlarmView);
export type AlarmPage = z.infer<typeof AlarmPage>;

export const AlarmEventView = z.object({ id: z.number().int(), at: z.string(), kind: z.string(), actorName: z.string(), text: z.string() });
export type AlarmEventView = z.infer<typeof AlarmEventView>;
export const AlarmDetail = z.object({ alarm: AlarmView, events: z.array(AlarmEventView) });
export type AlarmDetail = z.infer<typeof AlarmDetail>;

export const NoteInput = z.object({ note: Text(500).optional() }).strict().optional();
export const CommentInput = z.object({ text: Text(1000, 1) }).strict();
export const AssignInput = z.object({ assigneeName: Text(50, 1) }).strict();
export const AlarmHazardInput = z
  .object({
    place: Text(200, 1).optional(),
    category: Text(50, 1).optional(),
    grade: z.enum(['一般', '重大'], { message: '隐患等级应为“一般”或“重大”' }).default('一般'),
    description: Text(2000, 2).optional(),
    standardRef: z.object({ standard: Text(100, 1), item: Text(20, 1) }).strict().optional(),
  })
  .strict();
export type AlarmHazardInput = z.infer<typeof AlarmHazardInput>;
export const AlarmHazardResult = z.object({ hazardId: z.string(), hazardCode: z.string(), alarm: AlarmView });

export const SeriesQuery = z.object({
  days: z.coerce.number().int('天数应为整数').min(1, '至少 1 天').max(366, '最多 366 天').optional(),
  hours: z.coerce.number().int('小时数应为整数').min(1, '至少 1 小时').max(72, '最多 72 小时').optional(),
});
export const SeriesPoint = z.object({ at: z.string(), min: z.number(), max: z.number(), avg: z.number() });
export const SeriesView = z.object({
  sensor: SensorView,
  resolution: z.enum(['raw', '1m', '1h']).meta({ description: '数据粒度：原始、1 分钟汇总、1 小时汇总' }),
  from: z.string(),
  to: z.string(),
  points: z.array(SeriesPoint),
});
export type SeriesView = z.infer<typeof SeriesView>;

/** The device payload as the HTTP endpoint documents it (the service parses it leniently: see shared/monitoring/payload.ts). */
export const IngestBody = z
  .object({
    readings: z
      .array(z.object({ sensor: z.string().meta({ description: '位号' }), ts: z.union([z.string(), z.number()]).optional().meta({ description: 'ISO 8601（带时区）或毫秒时间戳；省略为接收时间' }), value: z.number() }))
      .optional(),
    ts: z.union([z.string(), z.number()]).optional(),
    values: z.record(z.string(), z.number()).optional(),
  })
  .meta({ description: '设备报文：readings 数组，或 ts + values（位号→数值）' });
export const IngestResult = z.object({
  accepted: z.number().int().meta({ description: '入库的读数' }),
  skipped: z.number().int().meta({ description: '格式不对而丢弃的读数' }),
  unknownSensor: z.number().int().meta({ description: '位号未登记或已停用' }),
  future: z.number().int().meta({ description: '时间超前（> 5 分钟）而丢弃' }),
  tooOld: z.number().int().meta({ description: '早于原始数据保存期而丢弃' }),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const LiveSensor = z.object({
  id: z.string(),
  deviceId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  deviceName: z.string(),
  tag: z.string(),
  name: z.string(),
  kind: z.enum(SENSOR_KINDS),
  unit: z.string(),
  lastValue: z.number().nullable(),
  lastAt: z.string().nullable(),
  band: z.enum(BANDS),
  online: z.boolean(),
  h: z.number().nullable(),
  hh: z.number().nullable(),
  l: z.number().nullable(),
  ll: z.number().nullable(),
});
export type LiveSensor = z.infer<typeof LiveSensor>;

export const OverviewQuery = z.object({ enterpriseId: Uuid.optional(), onlyAlarming: BoolParam.optional() });
export const Overview = z.object({
  now: z.string(),
  devices: z.object({ total: z.number().int(), online: z.number().int(), offline: z.number().int(), disabled: z.number().int() }),
  sensors: z.number().int(),
  openBySeverity: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int() }),
  unacknowledged: z.number().int(),
  alarms: z.array(AlarmView),
  live: z.array(LiveSensor),
  enterprises: z.array(z.object({ id: z.string(), name: z.string(), devices: z.number().int(), offline: z.number().int(), openAlarms: z.number().int(), worstSeverity: z.number().int().nullable() })),
});
export type Overview = z.infer<typeof Overview>;

export const TargetsQuery = z.object({ enterpriseId: Uuid });
export const Targets = z.object({
  sources: z.array(z.object({ id: z.string(), name: z.string(), code: z.string(), installations: z.array(z.object({ id: z.string(), name: z.string(), tag: z.string() })) })),
  riskPoints: z.array(z.object({ id: z.string(), name: z.string(), code: z.string() })),
});
export type Targets = z.infer<typeof Targets>;

export const SettingsView = z.object({
  rawRetentionDays: z.number().int(),
  minuteRetentionDays: z.number().int(),
  escalateAfterMinutes: z.number().int(),
});
export type SettingsView = z.infer<typeof SettingsView>;
export const SettingsInput = z
  .object({
    rawRetentionDays: z.number().int('应为整数天').min(7, '原始数据至少保存 7 天').max(3650, '最多 3650 天'),
    minuteRetentionDays: z.number().int('应为整数天').min(30, '分钟汇总至少保存 30 天').max(3650, '最多 3650 天'),
    escalateAfterMinutes: z.number().int('应为整数分钟').min(1, '至少 1 分钟').max(1440, '最多 1440 分钟'),
  })
  .strict();

export const IngestStats = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  malformed: z.number().int(),
  skipped: z.number().int(),
  unknownSensor: z.number().int(),
  future: z.number().int(),
  tooOld: z.number().int(),
  refused: z.number().int().meta({ description: '鉴权或主题权限不符而拒绝的报文' }),
  alarmsRaised: z.number().int(),
  queued: z.number().int(),
  broker: z.object({ mode: z.enum(['embedded', 'external', 'off']), port: z.number().int().nullable(), clients: z.number().int() }),
});
export type IngestStats = z.infer<typeof IngestStats>;

// ---------- live stream (SSE) ----------

export const StreamQuery = z.object({
  enterpriseId: Uuid.optional().meta({ description: '只推送该企业的报警与数值（一张图选中企业时）' }),
  values: BoolParam.optional().meta({ description: '是否推送实时数值（默认推送；报警列表页可关闭）' }),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

export const STREAM_ALARM_ACTIONS = ['opened', 'updated', 'acknowledged', 'cleared', 'assigned', 'commented', 'hazard', 'escalated'] as const;
export type StreamAlarmAction = (typeof STREAM_ALARM_ACTIONS)[number];
/** `event: alarm` of the stream. */
export const StreamAlarmEvent = z.object({ action: z.enum(STREAM_ALARM_ACTIONS), alarm: AlarmView });
export type StreamAlarmEvent = z.infer<typeof StreamAlarmEvent>;
/** One sensor's latest value in `event: values`. */
export const StreamValue = z.object({ sensorId: z.string(), deviceId: z.string(), enterpriseId: z.string(), value: z.number().nullable(), at: z.string().nullable(), band: z.enum(BANDS) });
export type StreamValue = z.infer<typeof StreamValue>;
export const StreamValuesEvent = z.object({ values: z.array(StreamValue) });
export type StreamValuesEvent = z.infer<typeof StreamValuesEvent>;
export const StreamReadyEvent = z.object({ now: z.string(), heartbeatSeconds: z.number().int() });
export type StreamReadyEvent = z.infer<typeof StreamReadyEvent>;
