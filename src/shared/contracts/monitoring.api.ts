import { z } from 'zod';
import { NoBody, Ok, XLSX_MIME, defineApi } from './endpoint';
import { Uuid } from './common';
import {
  AlarmDetail,
  AlarmHazardInput,
  AlarmHazardResult,
  AlarmPage,
  AlarmQuery,
  AlarmView,
  AssignInput,
  CommentInput,
  DeviceCreateInput,
  DeviceCredentials,
  DeviceDetail,
  DevicePage,
  DeviceQuery,
  DeviceUpdateInput,
  DeviceView,
  EnabledInput,
  IngestBody,
  IngestResult,
  IngestStats,
  NoteInput,
  Overview,
  OverviewQuery,
  SensorInput,
  SensorUpdateInput,
  SensorView,
  SeriesQuery,
  SeriesView,
  SettingsInput,
  SettingsView,
  Targets,
  TargetsQuery,
  DeviceImportFields,
  DeviceImportReport,
  StreamQuery,
} from './monitoring';

/**
 * The monitoring module's API (重大危险源在线监测预警): devices and sensors, ingestion for gateways,
 * alarms (确认、恢复、评论、指派、转隐患), series for charts, the monitoring wall, settings.
 */
const Id = z.object({ id: Uuid.meta({ description: '编号（UUID）' }) });

const PAYLOAD_DOC =
  '设备以 HTTP Basic 认证（用户名为设备编号，密码为设备密钥）提交一批读数。报文与 MQTT 主题 anzhi/{enterpriseId}/{deviceId}/data 相同：' +
  '{"readings":[{"sensor":"GT-101","ts":"2026-12-04T10:00:00+08:00","value":12.5}]} 或 {"ts":1796364000000,"values":{"GT-101":12.5}}。' +
  'ts 超前服务器时间 5 分钟以上或早于原始数据保存期的读数被丢弃并计数；一条报文最多 1000 个读数。';

const STREAM_DOC =
  '服务器推送事件流（SSE，EventSource 可直接订阅），范围与报警列表相同：企业用户只收到本企业的，街道收到本辖区的，成员单位收到其监管行业的，安委办与管理员收到全部。' +
  '事件：ready（连接建立，{"now":"ISO 时间","heartbeatSeconds":15}，客户端据此重新读取一张图以补上断线期间的变化）；' +
  'alarm（报警新建、重复、确认、恢复、指派、处置记录、转隐患、逐级上报：{"action":"opened|updated|acknowledged|cleared|assigned|commented|hazard|escalated","alarm":{与报警列表的一条相同}}）；' +
  'values（实时数值，每个连接每秒至多一批，同一传感器只保留最新值：{"values":[{"sensorId","deviceId","enterpriseId","value","at","band"}]}）；' +
  'end（会话失效，{"reason":"session"}，随后断开，客户端不应重连）。每 15 秒一行注释（: ping）保持连接。' +
  '请求头须含 Accept: text/event-stream 才保持连接；否则只返回 ready 事件后结束（便于调试与探测）。';

export const monitoringApi = defineApi('monitoring', {
  overview: { method: 'GET', path: '/api/monitoring/overview', permission: 'monitoring.read', summary: '监测预警一张图：设备在线、未关闭报警、实时数值', query: OverviewQuery, response: Overview },
  listDevices: { method: 'GET', path: '/api/monitoring/devices', permission: 'monitoring.read', summary: '监测设备列表', query: DeviceQuery, response: DevicePage },
  createDevice: {
    method: 'POST',
    path: '/api/monitoring/devices',
    permission: 'monitoring.manage',
    summary: '登记监测设备（生成设备密钥，仅显示一次）',
    body: DeviceCreateInput,
    response: DeviceCredentials,
    status: 201,
  },
  importDevices: {
    method: 'POST',
    path: '/api/monitoring/devices/import',
    permission: 'monitoring.manage',
    summary: '从 Excel 批量登记监测设备与传感器（逐行校验；有误时不写入，除非选择跳过有误的设备；新设备密钥仅显示一次）',
    body: { multipart: { files: { file: { description: '.xlsx 文件（表头同导入模板，每行一个传感器）' } }, fields: DeviceImportFields } },
    response: DeviceImportReport,
  },
  deviceTemplate: { method: 'GET', path: '/api/monitoring/devices/template.xlsx', permission: 'monitoring.read', summary: '监测设备导入模板', response: { file: [XLSX_MIME], description: '导入模板 .xlsx（每行一个传感器，含示例行）' } },
  targets: { method: 'GET', path: '/api/monitoring/targets', permission: 'monitoring.read', summary: '企业的重大危险源、装置与风险点（设备绑定用）', query: TargetsQuery, response: Targets },
  getDevice: { method: 'GET', path: '/api/monitoring/devices/:id', permission: 'monitoring.read', summary: '设备详情与传感器', params: Id, response: DeviceDetail },
  updateDevice: { method: 'PATCH', path: '/api/monitoring/devices/:id', permission: 'monitoring.manage', summary: '修改设备', params: Id, body: DeviceUpdateInput, response: DeviceView },
  setDeviceEnabled: { method: 'POST', path: '/api/monitoring/devices/:id/enabled', permission: 'monitoring.manage', summary: '启用或停用设备（停用后拒绝其连接和数据）', params: Id, body: EnabledInput, response: DeviceView },
  rotateSecret: { method: 'POST', path: '/api/monitoring/devices/:id/secret', permission: 'monitoring.manage', summary: '重新生成设备密钥（旧密钥立即失效，新密钥仅显示一次）', params: Id, body: NoBody, response: DeviceCredentials },
  addSensor: { method: 'POST', path: '/api/monitoring/devices/:id/sensors', permission: 'monitoring.manage', summary: '添加传感器（类型、量程、报警限值）', params: Id, body: SensorInput, response: SensorView, status: 201 },
  updateSensor: { method: 'PATCH', path: '/api/monitoring/sensors/:id', permission: 'monitoring.manage', summary: '修改传感器（报警限值、回差、变化率、冻结判定）', params: Id, body: SensorUpdateInput, response: SensorView },
  deleteSensor: { method: 'DELETE', path: '/api/monitoring/sensors/:id', permission: 'monitoring.manage', summary: '删除传感器（历史数据按保存期清理）', params: Id, response: Ok },
  series: {
    method: 'GET',
    path: '/api/monitoring/sensors/:id/series',
    permission: 'monitoring.read',
    summary: '传感器曲线（最近 N 小时或 N 天；按跨度自动选原始、1 分钟或 1 小时汇总）',
    params: Id,
    query: SeriesQuery,
    response: SeriesView,
  },
  ingest: { method: 'POST', path: '/api/monitoring/ingest', permission: null, summary: '设备/网关批量上报读数（HTTP）', description: PAYLOAD_DOC, body: IngestBody, response: IngestResult, status: 202 },
  ingestStats: { method: 'GET', path: '/api/monitoring/ingest-stats', permission: 'monitoring.config', summary: '接入统计（接收、入库、丢弃、拒绝、报警）', response: IngestStats },
  listAlarms: { method: 'GET', path: '/api/monitoring/alarms', permission: 'monitoring.read', summary: '报警列表', query: AlarmQuery, response: AlarmPage },
  getAlarm: { method: 'GET', path: '/api/monitoring/alarms/:id', permission: 'monitoring.read', summary: '报警详情与处置记录', params: Id, response: AlarmDetail },
  acknowledge: { method: 'POST', path: '/api/monitoring/alarms/:id/acknowledge', permission: 'monitoring.handle', summary: '确认报警（停止逐级上报）', params: Id, body: NoteInput, response: AlarmView },
  clear: { method: 'POST', path: '/api/monitoring/alarms/:id/clear', permission: 'monitoring.handle', summary: '人工恢复报警', params: Id, body: NoteInput, response: AlarmView },
  comment: { method: 'POST', path: '/api/monitoring/alarms/:id/comments', permission: 'monitoring.handle', summary: '添加处置记录', params: Id, body: CommentInput, response: AlarmView, status: 201 },
  assign: { method: 'POST', path: '/api/monitoring/alarms/:id/assign', permission: 'monitoring.handle', summary: '指派处置人', params: Id, body: AssignInput, response: AlarmView },
  toHazard: {
    method: 'POST',
    path: '/api/monitoring/alarms/:id/hazard',
    permission: 'monitoring.handle',
    summary: '报警转为隐患（登记到隐患台账）',
    params: Id,
    body: AlarmHazardInput,
    response: AlarmHazardResult,
    status: 201,
  },
  stream: {
    method: 'GET',
    path: '/api/monitoring/stream',
    permission: 'monitoring.read',
    summary: '实时推送：报警与最新数值（服务器推送事件 SSE）',
    description: STREAM_DOC,
    query: StreamQuery,
    response: { file: ['text/event-stream'], description: '事件流 text/event-stream：ready、alarm、values、end 事件，数据为 JSON（见接口说明）' },
  },
  getSettings: { method: 'GET', path: '/api/monitoring/settings', permission: 'monitoring.read', summary: '监测预警设置（数据保存期、逐级上报时限）', response: SettingsView },
  updateSettings: { method: 'PUT', path: '/api/monitoring/settings', permission: 'monitoring.config', summary: '修改监测预警设置', body: SettingsInput, response: SettingsView },
});

export type { AlarmView, DeviceView };
