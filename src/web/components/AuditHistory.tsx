import { useQuery } from '@tanstack/react-query';
import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { call, keyOf } from '../lib/client';
import type { AuditListItem, Endpoint } from '../../shared/contracts/endpoint';
import { formatDateTime } from '../../shared/time';

export type AuditItem = AuditListItem;

/** Chinese names of audited actions; unknown actions show as written. Modules add theirs. */
export const ACTION_LABELS: Record<string, string> = {
  // 12350 举报 (report module)
  'report.submit': '收到举报',
  'report.accept': '受理举报',
  'report.recategorize': '调整举报类别',
  'report.verify': '举报核查结论',
  'report.reply': '答复举报人',
  'report.close': '办结举报',
  'report.hazard_create': '据举报登记隐患',
  'report.hazard_link': '举报关联隐患',
  'report.case_open': '据举报立案',
  'report.reward_propose': '提出举报奖励',
  'report.reward_decide': '审批举报奖励',
  'report.reward_pay': '发放举报奖励',
  'report.identity_view': '查看举报人身份',
  'report.export': '导出举报台账',
  'report.holiday_set': '设置节假日',
  'report.holiday_delete': '删除节假日',
  'report.api_key_create': '发放 Open311 密钥',
  'report.api_key_revoke': '吊销 Open311 密钥',
  'report.overdue_remind': '举报超期提醒',
  'report.seed': '举报演示数据',
  'campaign.import': '由方案创建专项行动',
  'campaign.create': '新建专项行动',
  'campaign.update': '修改专项行动',
  'campaign.settings': '修改报送与考核设置',
  'campaign.archive': '归档专项行动',
  'campaign.unarchive': '取消归档',
  'campaign.task_create': '新增任务/事项',
  'campaign.task_update': '修改任务/事项',
  'campaign.task_delete': '删除任务/事项',
  'campaign.assign': '调整责任单位',
  'campaign.milestones': '修改时间节点',
  'campaign.phases': '修改阶段',
  'campaign.indicator_create': '新增目标指标',
  'campaign.indicator_update': '修改目标指标',
  'campaign.indicator_delete': '删除目标指标',
  'campaign.period_close': '月度封账',
  'campaign.period_reopen': '解除封账',
  'campaign.veto': '一票否决',
  'campaign.veto_clear': '撤销一票否决',
  'campaign.seed': '演示数据（专项行动）',
  'campaign.reminders': '督办提醒',
  'campaign_report.save': '保存月度报告',
  'campaign_report.submit': '提交月度报告',
  'campaign_report.resubmit': '重新提交月度报告',
  'campaign_report.withdraw': '撤回月度报告',
  'campaign_report.accept': '采纳月度报告',
  'campaign_report.return': '退回月度报告',
  'campaign_report.attach': '上传报告附件',
  'campaign_report.detach': '删除报告附件',
  'campaign_list.create': '新增清单条目',
  'campaign_list.update': '修改清单条目',
  'campaign_list.delete': '删除清单条目',
  'campaign_summary.create': '生成总结草稿',
  'campaign_summary.update': '修改总结',
  'campaign_summary.recompile': '重新生成总结',
  'campaign_summary.finalize': '总结定稿',
  'campaign_summary.reopen': '总结退回草稿',
  'campaign_summary.delete': '删除总结',
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号锁定',
  'auth.password_change': '修改密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置密码',
  'user.unlock': '解除锁定',
  'enterprise.create': '登记企业',
  'enterprise.update': '修改企业',
  'enterprise.import_create': '导入新增',
  'enterprise.import_update': '导入更新',
  'enterprise.export': '导出名录',
  'enterprise.seed': '演示数据',
  'unit.update': '修改单位',
  'org.seed': '初始化组织机构',
  'file.upload': '上传附件',
  'enterprise.risk_level': '风险等级（自动判定）',
  'risk_point.create': '新增风险点',
  'risk_point.update': '修改风险点',
  'risk_point.assess': '风险评价',
  'risk_point.card_token': '重置告知卡二维码',
  'risk_point.seed': '演示数据',
  'risk_rules.update': '修改风险分级规则',
  'major_hazard.create': '登记重大危险源',
  'major_hazard.update': '修改重大危险源',
  'major_hazard.review': '复核重大危险源',
  'major_hazard.filing': '重大危险源备案',
  'major_hazard.seed': '演示数据',
  'plan.upload': '上传方案',
  'plan.set_units': '修改责任单位',
  'plan.set_deadlines': '修改完成时限',
  'plan.add_deadline': '添加完成时限',
  'plan.update_deadline': '修改完成时限',
  'plan.remove_deadline': '删除完成时限',
  'plan.set_targets': '修改目标指标',
  'plan.add_target': '添加目标指标',
  'plan.update_target': '修改目标指标',
  'plan.remove_target': '删除目标指标',
  'plan.edit_node': '修改标题/类型',
  'plan.split': '拆分条目',
  'plan.merge': '合并条目',
  'plan.move': '移动条目',
  'plan.delete_node': '删除条目',
  'plan.reparse': '重新解析方案',
  'plan.import': '导入为专项行动',
  'plan.delete': '删除方案草稿',
  'plan.edit_document': '修改方案信息',
  'hazard.create': '登记隐患',
  'hazard.seed': '演示隐患',
  'hazard.confirm': '确认定级',
  'hazard.dismiss': '不予确认',
  'hazard.fix_on_spot': '立查立改销号',
  'hazard.start_rectification': '落实五落实',
  'hazard.update_rectification': '修改五落实',
  'hazard.request_acceptance': '申请验收',
  'hazard.accept': '验收销号',
  'hazard.reject': '验收不通过',
  'hazard.request_extension': '申请延期',
  'hazard.decide_extension': '审批延期',
  'hazard.regrade': '重新定级',
  'hazard.action_add': '新增整改措施',
  'hazard.action_done': '完成整改措施',
  'hazard.action_reopen': '重开整改措施',
  'hazard.action_delete': '删除整改措施',
  'hazard.set_plan': '治理方案',
  'hazard.supervise': '挂牌督办',
  'hazard.order_stop': '责令停产',
  'hazard.apply_resume': '申请复产',
  'hazard.decide_resume': '复产审批',
  'hazard.photo_add': '上传照片',
  'hazard.export': '导出隐患台账',
  'hazard.report': '导出统计分析表',
  'hazard.report_submit': '报送统计分析表',
  'hazard.overdue_sweep': '超期标记',
  'checklist.create': '新建清单',
  'checklist.edit': '编辑草稿',
  'checklist.draft': '新建版本',
  'checklist.publish': '发布版本',
  'checklist.discard': '删除草稿',
  'checklist.import': '导入清单',
  'checklist.export': '导出清单',
  'checklist.seed': '内置清单',
  'checklist.install': '安装内置清单',
  'selfcheck.plan_create': '新建自查计划',
  'selfcheck.plan_update': '修改自查计划',
  'selfcheck.plan_stop': '停用自查计划',
  'selfcheck.start': '开始自查',
  'selfcheck.record': '填写检查结果',
  'selfcheck.submit': '提交自查',
  'selfcheck.missed': '标记逾期自查',
  'selfcheck.seed': '演示自查数据',
};

/** Chinese names of the audited record types (audit_log.entity). Modules add theirs. */
export const ENTITY_LABELS: Record<string, string> = {
  user: '用户',
  enterprise: '企业',
  unit: '单位',
  organisation: '组织机构',
  file: '附件',
  notification: '通知',
  plan_draft: '方案草稿',
  campaign: '专项行动',
  campaign_list: '三个清单',
  campaign_reminders: '督办提醒',
  campaign_report: '月度报告',
  campaign_summary: '工作总结',
  hazard: '隐患',
  hazard_report: '统计分析表',
  risk_point: '风险点',
  risk_rules: '风险分级规则',
  major_hazard_source: '重大危险源',
  checklist_template: '检查清单',
  self_inspection_plan: '自查计划',
  self_inspection_run: '企业自查',
  self_inspection: '企业自查',
};

/** Chinese name of an action: its own label, else the record type's with the verb's. */
export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const [entity, verb = ''] = action.split('.');
  const verbs: Record<string, string> = { create: '新建', update: '修改', delete: '删除', seed: '演示数据', export: '导出', import: '导入', read: '标为已读', read_all: '全部标为已读' };
  return `${ENTITY_LABELS[entity] ?? '记录'}${verbs[verb] ? ` · ${verbs[verb]}` : ' · 其他操作'}`;
}

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? '其他记录';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const looksInternal = (v: string) => UUID.test(v) || /^[0-9a-f]{32,}$/i.test(v);

/** The human key a snapshot carries: enterprise name, hazard code, user name, title… */
function keyOfSnapshot(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ['code', 'name', 'title', 'displayName', 'username', 'enterpriseName', 'fileName', 'shortName']) {
    const x = o[k];
    if (typeof x === 'string' && x.trim() && !looksInternal(x)) return x.trim();
  }
  return undefined;
}

/**
 * How each row names its record: the human key of its own snapshots, else of another row of the
 * same record on the page, else just the record type (never a UUID).
 */
export function auditSubjects(items: AuditListItem[]): Map<number, string> {
  const byRecord = new Map<string, string>();
  for (const r of items) {
    const k = keyOfSnapshot(r.after) ?? keyOfSnapshot(r.before);
    if (k && r.entityId && !byRecord.has(`${r.entity}:${r.entityId}`)) byRecord.set(`${r.entity}:${r.entityId}`, k);
  }
  const out = new Map<number, string>();
  for (const r of items) {
    const k = keyOfSnapshot(r.after) ?? keyOfSnapshot(r.before) ?? (r.entityId ? byRecord.get(`${r.entity}:${r.entityId}`) : undefined);
    out.set(r.id, k ?? (r.entityId ? `（${entityLabel(r.entity)}记录）` : '—'));
  }
  return out;
}

/** Field names of snapshots, in Chinese (common ones; a record's page may pass its own). */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  shortName: '简称',
  code: '编号',
  title: '标题',
  status: '状态',
  username: '用户名',
  displayName: '姓名',
  roles: '角色',
  unitId: '所属单位',
  enterpriseId: '所属企业',
  active: '启用',
  phoneSet: '电话已填',
  idNumberSet: '身份证号已填',
  aliases: '别名',
  contactName: '联络人',
  contactPhone: '联系电话',
  fileName: '文件名',
  fileSize: '文件大小',
  docNumber: '文号',
  summary: '解析结果',
  mime: '文件类型',
  size: '大小',
  purpose: '用途',
  count: '条数',
  rows: '行数',
  filter: '筛选条件',
  withPii: '含个人信息',
  grade: '等级',
  deadline: '整改期限',
  description: '描述',
  place: '部位',
  category: '类别',
  campaignId: '专项行动',
  lockedUntil: '锁定至',
  period: '月份',
  problems: '存在问题',
  nextPlan: '下步计划',
  entries: '填报事项',
  entriesUnchanged: '未改动的事项数',
  indicatorValues: '指标数值',
};

/** Field-by-field difference of two snapshots. */
export function diffRows(before: unknown, after: unknown): { field: string; from: string; to: string }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !['version', 'updatedAt', 'createdAt'].includes(k));
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('、');
    if (typeof v === 'object') return JSON.stringify(v);
    const s = String(v);
    return looksInternal(s) ? '（内部编号）' : s;
  };
  return keys.filter((k) => show(b[k]) !== show(a[k])).map((k) => ({ field: k, from: show(b[k]), to: show(a[k]) }));
}

export function DiffView({ before, after, labels = {} }: { before: unknown; after: unknown; labels?: Record<string, string> }) {
  const rows = diffRows(before, after).filter((r) => !/Id$|Enc$|Hash$|^id$|^sha256$|^lane$|^seq$/.test(r.field));
  if (!rows.length) return <Typography.Text type="secondary">无字段变化</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      columns={[
        { title: '字段', dataIndex: 'field', width: 160, render: (f: string) => labels[f] ?? FIELD_LABELS[f] ?? f },
        { title: '修改前', dataIndex: 'from', render: (v: string) => (v ? <span className="diff-del">{v}</span> : '—') },
        { title: '修改后', dataIndex: 'after', render: (_: unknown, r) => (r.to ? <span className="diff-add">{r.to}</span> : '—') },
      ]}
    />
  );
}

const ENTERPRISE_FIELD_LABELS: Record<string, string> = {
  name: '企业名称',
  creditCode: '信用代码',
  sector: '行业领域',
  sectors: '兼营领域',
  regionCode: '属地',
  address: '地址',
  lng: '经度',
  lat: '纬度',
  legalRepName: '法定代表人',
  legalRepPhoneSet: '法人电话已填',
  safetyManagerName: '安全负责人',
  safetyManagerPhoneSet: '安全负责人电话已填',
  scale: '规模',
  aboveScale: '规上',
  status: '状态',
  employees: '从业人数',
  establishedOn: '成立日期',
  businessScope: '经营范围',
  riskLevel: '风险等级',
};

/**
 * The audit trail of one record, newest first, with field differences:
 * `<AuditHistory endpoint={orgApi.enterpriseHistory} params={{ id }} />` (a module's history endpoint).
 */
export function AuditHistory(props: { endpoint: Endpoint; params: Record<string, string>; labels?: Record<string, string> }) {
  const { data, isLoading } = useQuery({
    queryKey: keyOf(props.endpoint, { params: props.params }),
    queryFn: () => call(props.endpoint, { params: props.params } as never) as Promise<AuditItem[]>,
  });
  const labels = { ...FIELD_LABELS, ...ENTERPRISE_FIELD_LABELS, ...props.labels };
  if (!isLoading && !data?.length) return <Empty description="暂无变更记录" />;
  return (
    <Table<AuditItem>
      size="small"
      rowKey="id"
      loading={isLoading}
      dataSource={data}
      pagination={{ pageSize: 10 }}
      expandable={{ expandedRowRender: (r) => <DiffView before={r.before} after={r.after} labels={labels} />, rowExpandable: (r) => !!(r.before || r.after) }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
        { title: '操作', dataIndex: 'action', width: 150, ellipsis: true, render: (v: string) => <Tag>{actionLabel(v)}</Tag> },
        { title: '操作人', dataIndex: 'actorUsername', width: 110, ellipsis: true },
        { title: '来源 IP', dataIndex: 'ip', width: 120, responsive: ['xl'] },
        {
          title: '变更字段',
          ellipsis: { showTitle: false },
          render: (_: unknown, r) => {
            const text = diffRows(r.before, r.after).map((d) => labels[d.field] ?? d.field).filter((f) => !/Id$|Enc$|Hash$/.test(f)).join('、') || '—';
            return <Tooltip title={text}>{text}</Tooltip>;
          },
        },
      ]}
    />
  );
}
