import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Empty, Input, InputNumber, Popconfirm, Radio, Segmented, Space, Spin, Switch, Table, Tag, Timeline, Tooltip, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, PaperClipOutlined, RollbackOutlined, SaveOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, call, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { ITEM_STATUSES, ITEM_STATUS_COLORS, type ItemStatus } from '../../../shared/contracts/campaign';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { ReportEntryView, ReportView } from '../../../shared/contracts/campaign.views';
import { DUTY_ROLE_LABELS } from '../../../shared/campaign/duties';
import { formatDateTime } from '../../../shared/time';
import { formatTarget, itemLabel, nodeLabel } from '../../../shared/campaign/nodes';
import { StatusTag } from './ReportsTab';
import { periodLabel } from './campaignUi';

type Draft = Record<string, { status: ItemStatus | null; narrative: string; touched: boolean }>;
type Values = Record<string, number | string | boolean | null>;

const ACTION_TEXT: Record<string, string> = { submit: '提交', resubmit: '重新提交', withdraw: '撤回', return: '退回', accept: '采纳', reopen: '退回（撤销采纳）' };
const ROLE_COLORS: Record<string, string> = { lead: 'blue', co: 'cyan', territorial: 'green' };

/**
 * The monthly progress report of one unit (one form covering all its items). The unit fills it,
 * saves drafts, submits; the lead unit sees its co units' contributions and consolidates; the
 * office reviews it here (accept, or return with comments per item).
 */
export default function ReportPage() {
  const { id, period } = useParams();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const input = id && period ? { params: { id, period }, query: { unitId } } : null;
  const { data: r, isLoading, error } = useApiQuery(campaignApi.reportForm, input);
  const [summary, setSummary] = useState({ summary: '', problems: '', nextPlan: '' });
  const [draft, setDraft] = useState<Draft>({});
  const [values, setValues] = useState<Values>({});
  const [itemComments, setItemComments] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState('all');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** Every invalid item of the last check, in the user's words (shown above the items). */
  const [problems, setProblems] = useState<{ key: string; label: string; message: string }[]>([]);
  const [active, setActive] = useState<string[] | null>(null);
  const opened = useRef('');

  useEffect(() => {
    if (!r) return;
    setSummary({ summary: r.summary, problems: r.problems, nextPlan: r.nextPlan });
    setDraft(Object.fromEntries(r.entries.map((e) => [e.itemId, { status: e.status, narrative: e.narrative, touched: false }])));
    setValues(Object.fromEntries(r.indicators.map((i) => [i.id, i.value])));
    setItemComments({});
    setErrors({});
    setProblems([]);
    // Large forms (many 配合/属地 items) open on the unit's own lead items first, once per report.
    const k = `${r.unitId}|${r.period}`;
    if (opened.current !== k) {
      opened.current = k;
      setFilter(r.entries.length > 40 && r.entries.some((e) => e.role === 'lead') ? 'lead' : 'all');
      setActive(null);
    }
  }, [r]);

  const groups = useMemo(() => {
    const out = new Map<string, { title: string; nodeId: string; entries: ReportEntryView[] }>();
    for (const e of r?.entries ?? []) {
      const k = e.taskNodeId ?? e.nodeId;
      if (!out.has(k)) out.set(k, { title: e.taskTitle, nodeId: k, entries: [] });
      out.get(k)!.entries.push(e);
    }
    return [...out.values()];
  }, [r]);

  if (isLoading) return <Spin style={{ margin: 48 }} />;
  if (error || !r || !input) return <Alert type="error" showIcon message={error?.message ?? '无法加载报告'} />;
  const path = input.params;

  const editable = r.editable;
  const reviewing = can('campaign.review') && !editable && (r.status === 'submitted' || r.status === 'accepted');
  const filled = (e: ReportEntryView) => draft[e.itemId]?.status != null;
  const visible = (e: ReportEntryView) =>
    filter === 'all' ||
    (filter === 'filled' && filled(e)) ||
    (filter === 'unfilled' && !filled(e)) ||
    (filter === 'comment' && !!e.reviewComment) ||
    e.role === filter;
  const setItem = (itemId: string, patch: Partial<Draft[string]>) => {
    setDraft((d) => ({ ...d, [itemId]: { ...d[itemId], ...patch, touched: true } }));
    if (errors[itemId]) setErrors(({ [itemId]: _, ...rest }) => rest);
  };
  const groupOf = (e: ReportEntryView) => e.taskNodeId ?? e.nodeId;
  /** Name the invalid items above the list, open their groups (all of them visible) and scroll to the first. */
  const showProblems = (list: { e: ReportEntryView; message: string }[], extra: { key: string; label: string; message: string }[] = []) => {
    setErrors(Object.fromEntries(list.map((x) => [x.e.itemId, x.message])));
    setProblems([...list.map((x) => ({ key: x.e.itemId, label: itemLabel(x.e.nodeId, x.e.title), message: x.message })), ...extra]);
    if (!list.length) return;
    if (list.some((x) => !visible(x.e))) setFilter('all');
    setActive((a) => [...new Set([...(a ?? defaultOpen), ...list.map((x) => groupOf(x.e))])]);
    const first = list[0].e;
    setTimeout(() => document.querySelector(`[data-testid="item-${first.nodeId}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }), 150);
  };
  /** 滞后 needs a reason: every such item without one. */
  const unexplained = (d: Draft) => r.entries.filter((e) => d[e.itemId]?.status === '滞后' && !d[e.itemId].narrative.trim());
  const carryOver = () => {
    // An item lagging last month is not copied blindly: 滞后 needs this month's reason, so the user
    // chooses its status and explains it; every other unfilled item takes last month's status.
    const lagging = r.entries.filter((e) => draft[e.itemId]?.status == null && e.previousStatus === '滞后' && !draft[e.itemId]?.narrative.trim());
    const copied = r.entries.filter((e) => draft[e.itemId]?.status == null && !lagging.includes(e));
    setDraft((d) => {
      const next = { ...d };
      for (const e of copied) next[e.itemId] = { status: e.previousStatus ?? '未开始', narrative: next[e.itemId]?.narrative ?? '', touched: true };
      return next;
    });
    if (lagging.length) {
      showProblems(lagging.map((e) => ({ e, message: '上月滞后：请选择本月状态，仍滞后的请说明原因和措施' })));
      message.warning(`已沿用 ${copied.length} 个事项的上月状态；${lagging.length} 个上月滞后的事项需要您填写本月情况：${lagging.slice(0, 3).map((e) => nodeLabel(e.nodeId)).join('、')}${lagging.length > 3 ? ' 等' : ''}`, 6);
    } else message.success(copied.length ? `已沿用 ${copied.length} 个事项的上月状态` : '没有未填事项');
  };

  const body = () => ({
    summary: summary.summary,
    problems: summary.problems,
    nextPlan: summary.nextPlan,
    version: r.version || undefined,
    entries: r.entries
      .filter((e) => draft[e.itemId]?.status != null && (draft[e.itemId].touched || e.status !== null))
      .map((e) => ({ itemId: e.itemId, status: draft[e.itemId].status!, narrative: draft[e.itemId].narrative })),
    indicatorValues: r.indicators.filter((i) => values[i.id] !== i.value).map((i) => ({ indicatorId: i.id, value: values[i.id] ?? null })),
  });
  /** Server errors in the user's words: field paths (entries.20.narrative) become the item's 编号 + 标题. */
  const showError = (e: unknown, sent?: ReturnType<typeof body>) => {
    if (!(e instanceof ApiError)) return void message.error('操作失败，请稍后重试');
    const items: { e: ReportEntryView; message: string }[] = [];
    const others: { key: string; label: string; message: string }[] = [];
    for (const f of e.fieldIssues) {
      const m = /^entries\.(\d+)\./.exec(f.path);
      const v = /^indicatorValues\.(\d+)\./.exec(f.path);
      const entry = m && sent ? r.entries.find((x) => x.itemId === sent.entries[Number(m[1])]?.itemId) : undefined;
      const ind = v && sent ? r.indicators.find((x) => x.id === sent.indicatorValues[Number(v[1])]?.indicatorId) : undefined;
      if (entry) items.push({ e: entry, message: humanMessage(f.message) });
      else if (ind) others.push({ key: ind.id, label: `指标“${ind.name}”`, message: humanMessage(f.message) });
    }
    if (items.length || others.length) {
      showProblems(items, others);
      setErrors((x) => ({ ...x, ...Object.fromEntries(others.map((o) => [o.key, o.message])) }));
    }
    message.error(humanMessage(e.message), 6);
  };
  const run = async (fn: () => Promise<ReportView>, ok: string) => {
    setBusy(true);
    try {
      const next = await fn();
      qc.setQueryData(keyOf(campaignApi.reportForm, input), next);
      await invalidate(qc, campaignApi.periodStatus, campaignApi.periods, campaignApi.reports, campaignApi.myTasks, campaignApi.dashboard);
      message.success(ok);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const b = body();
    await run(() => call(campaignApi.saveReport, { params: path, body: b }), '草稿已保存').catch((e) => showError(e, b));
  };
  const submit = () => {
    const bad = unexplained(draft);
    if (bad.length) {
      showProblems(bad.map((e) => ({ e, message: '标为滞后，请说明原因和采取的措施' })));
      message.error(`${bad.length} 个事项标为滞后但未说明原因，请补充后再提交：${bad.slice(0, 3).map((e) => nodeLabel(e.nodeId)).join('、')}${bad.length > 3 ? ' 等' : ''}`, 6);
      return;
    }
    setProblems([]);
    setErrors({});
    const unfilled = r.entries.filter((e) => !filled(e)).length;
    modal.confirm({
      title: `提交${periodLabel(r.period)}进展报告？`,
      content: unfilled ? `有 ${unfilled} 个事项本月未填写，将沿用上月（已采纳）的状态。提交后等待区安委办审核，审核前可撤回。` : '提交后等待区安委办审核，审核前可撤回。',
      okText: '提交',
      onOk: async () => {
        const b = body();
        await run(() => call(campaignApi.submitReport, { params: path, body: b }), '已提交，等待审核').catch((e) => showError(e, b));
      },
    });
  };
  const withdraw = () => run(() => call(campaignApi.withdrawReport, { params: path }), '已撤回，可继续修改').catch((e) => showError(e));
  const accept = () =>
    modal.confirm({
      title: `采纳${r.unitName}${periodLabel(r.period)}进展报告？`,
      content: '采纳后该报告的事项状态计入台账、驾驶舱和考核。',
      okText: '采纳',
      onOk: () => run(() => call(campaignApi.acceptReport, { params: { reportId: r.id! }, body: {} }), '已采纳').catch((e) => showError(e)),
    });
  const reject = () => {
    let comment = '';
    modal.confirm({
      title: '退回修改',
      width: 520,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">逐项意见（{Object.values(itemComments).filter((c) => c.trim()).length} 条）已在事项中填写；请填写总体退回意见：</Typography.Text>
          <Input.TextArea rows={4} placeholder="如：请补充隐患整改数量、附现场照片" onChange={(e) => (comment = e.target.value)} data-testid="return-comment" />
        </Space>
      ),
      okText: '退回',
      okButtonProps: { danger: true },
      onOk: async () => {
        const ic = Object.fromEntries(Object.entries(itemComments).filter(([itemId, c]) => c.trim() && r.entries.find((e) => e.itemId === itemId)?.status !== null));
        if (!comment.trim() && !Object.keys(ic).length) {
          message.error('请填写退回意见');
          throw new Error('comment required');
        }
        await run(() => call(campaignApi.returnReport, { params: { reportId: r.id! }, body: { comment: comment.trim() || undefined, itemComments: ic } }), '已退回').catch((e) => {
          showError(e);
          throw e;
        });
      },
    });
  };

  const upload = async (e: ReportEntryView, file: File) => {
    const fd = new FormData();
    fd.append('itemId', e.itemId);
    fd.append('file', file);
    try {
      await call(campaignApi.addAttachment, { params: path, body: fd });
      await invalidate(qc, campaignApi.reportForm);
      message.success(`已上传：${file.name}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '上传失败');
    }
    return false;
  };
  const removeAttachment = async (e: ReportEntryView, fileId: string) => {
    try {
      await call(campaignApi.removeAttachment, { params: { ...path, fileId }, query: { itemId: e.itemId } });
      await invalidate(qc, campaignApi.reportForm);
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const counts = {
    lead: r.entries.filter((e) => e.role === 'lead').length,
    co: r.entries.filter((e) => e.role === 'co').length,
    territorial: r.entries.filter((e) => e.role === 'territorial').length,
    filled: r.entries.filter(filled).length,
  };
  const shown = groups.map((g) => ({ ...g, entries: g.entries.filter(visible) })).filter((g) => g.entries.length);
  const defaultOpen = shown.reduce((n, g) => n + g.entries.length, 0) <= 60 ? shown.map((g) => g.nodeId) : shown.slice(0, 2).map((g) => g.nodeId);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/campaigns/${id}?tab=reports`)} aria-label="返回" />
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="report-title">
              {r.unitName} · {periodLabel(r.period)}工作进展报告
            </Typography.Title>
            <StatusTag status={r.status} late={r.late} />
            {r.periodState === 'closed' && <Tag>已封账</Tag>}
          </Space>
          <Typography.Text type="secondary">
            {r.campaignName} · 截止 {r.dueDate}
            {r.submittedAt ? ` · 提交于 ${formatDateTime(r.submittedAt)}` : ''}
          </Typography.Text>
        </Space>
        {r.status === 'returned' && <Alert style={{ marginTop: 8 }} type="warning" showIcon message="区安委办退回了本报告，请按意见修改后重新提交" description={r.reviewComment} data-testid="returned-alert" />}
        {r.status === 'submitted' && !reviewing && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            message="已提交，等待区安委办审核"
            action={
              can('campaign.report') && (
                <Popconfirm title="撤回后可继续修改，需重新提交。" onConfirm={withdraw}>
                  <Button size="small">撤回</Button>
                </Popconfirm>
              )
            }
          />
        )}
        {r.status === 'accepted' && <Alert style={{ marginTop: 8 }} type="success" showIcon message={`已采纳${r.reviewComment ? `：${r.reviewComment}` : ''}`} />}
        {!editable && r.status === 'missing' && r.periodState === 'open' && !can('campaign.report') && <Alert style={{ marginTop: 8 }} type="error" showIcon message="该单位尚未报送本月报告" />}
      </Card>

      <Card size="small" title="本月总体情况">
        {(['summary', 'problems', 'nextPlan'] as const).map((k) => (
          <div key={k} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{{ summary: '本月工作开展情况', problems: '存在的问题', nextPlan: '下月工作计划' }[k]}</Typography.Text>
            {editable ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} value={summary[k]} onChange={(e) => setSummary((s) => ({ ...s, [k]: e.target.value }))} data-testid={`report-${k}`} />
            ) : (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{summary[k] || '—'}</Typography.Paragraph>
            )}
          </div>
        ))}
      </Card>

      <Card
        size="small"
        title={`事项进展（共 ${r.entries.length} 项：牵头 ${counts.lead}、配合 ${counts.co}、属地 ${counts.territorial}；本月已填 ${counts.filled}）`}
        extra={
          editable && (
            <Tooltip title="未填写的事项按上月已采纳的状态填入（可再逐项修改）">
              <Button size="small" onClick={carryOver}>
                未填事项沿用上月状态
              </Button>
            </Tooltip>
          )
        }
      >
        <Segmented
          size="small"
          style={{ marginBottom: 8 }}
          value={filter}
          onChange={(v) => {
            setFilter(String(v));
            setActive(null);
          }}
          options={[
            { value: 'all', label: '全部' },
            ...(counts.lead ? [{ value: 'lead', label: `牵头 ${counts.lead}` }] : []),
            ...(counts.co ? [{ value: 'co', label: `配合 ${counts.co}` }] : []),
            ...(counts.territorial ? [{ value: 'territorial', label: `属地 ${counts.territorial}` }] : []),
            { value: 'filled', label: '本月已填' },
            { value: 'unfilled', label: '未填' },
            ...(r.entries.some((e) => e.reviewComment) ? [{ value: 'comment', label: '有退回意见' }] : []),
          ]}
        />
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="form-problems"
            message={`请修改以下 ${problems.length} 项后再提交`}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p) => (
                  <li key={p.key}>
                    <a
                      onClick={() => {
                        const e = r.entries.find((x) => x.itemId === p.key);
                        if (e) showProblems([{ e, message: p.message }, ...problems.filter((q) => q.key !== p.key).flatMap((q) => {
                          const o = r.entries.find((x) => x.itemId === q.key);
                          return o ? [{ e: o, message: q.message }] : [];
                        })]);
                      }}
                    >
                      {p.label}
                    </a>
                    ：{p.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        {shown.length ? (
          <Collapse
            size="small"
            destroyOnHidden
            activeKey={active ?? defaultOpen}
            onChange={(k) => setActive(Array.isArray(k) ? k.map(String) : [String(k)])}
            items={shown.map((g) => ({
              key: g.nodeId,
              label: (
                <Space>
                  <Typography.Text strong>
                    {nodeLabel(g.nodeId)} {g.title}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {g.entries.filter(filled).length}/{g.entries.length} 已填
                  </Typography.Text>
                </Space>
              ),
              children: g.entries.map((e) => (
                <ItemRow
                  key={e.itemId}
                  e={e}
                  d={draft[e.itemId]}
                  editable={editable}
                  reviewing={reviewing && r.status === 'submitted'}
                  error={errors[e.itemId]}
                  comment={itemComments[e.itemId] ?? ''}
                  onComment={(c) => setItemComments((x) => ({ ...x, [e.itemId]: c }))}
                  onChange={(p) => setItem(e.itemId, p)}
                  onUpload={(f) => upload(e, f)}
                  onRemove={(fid) => removeAttachment(e, fid)}
                  today={r.today}
                />
              )),
            }))}
          />
        ) : (
          <Empty description="没有符合条件的事项" />
        )}
      </Card>

      {r.indicators.length > 0 && (
        <Card size="small" title="目标指标填报">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.indicators}
            columns={[
              { title: '编号', dataIndex: 'nodeId', width: 90, render: (v: string) => nodeLabel(v) },
              { title: '指标', dataIndex: 'name' },
              { title: '目标', width: 130, render: (_: unknown, i) => formatTarget(i) },
              { title: '上次填报', width: 100, render: (_: unknown, i) => (i.previous === null ? '—' : `${String(i.previous)}${i.valueType === 'number' ? i.unit : ''}`) },
              {
                title: '本月数值',
                width: 200,
                render: (_: unknown, i) => {
                  const v = values[i.id];
                  const err = errors[i.id];
                  const input =
                    i.valueType === 'number' ? (
                      <InputNumber disabled={!editable} value={v as number | null} min={0} max={i.unit === '%' ? 100 : undefined} addonAfter={i.unit || undefined} onChange={(x) => setValues((s) => ({ ...s, [i.id]: x }))} status={err ? 'error' : undefined} />
                    ) : i.valueType === 'boolean' ? (
                      <Switch disabled={!editable} checked={!!v} onChange={(x) => setValues((s) => ({ ...s, [i.id]: x }))} />
                    ) : (
                      <Input disabled={!editable} value={(v as string) ?? ''} onChange={(x) => setValues((s) => ({ ...s, [i.id]: x.target.value }))} />
                    );
                  return (
                    <Space direction="vertical" size={0}>
                      {input}
                      {err && <Typography.Text type="danger">{err}</Typography.Text>}
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      )}

      {r.reviews.length > 0 && (
        <Card size="small" title="报送与审核记录">
          <Timeline
            items={r.reviews.map((v) => ({
              color: v.action === 'accept' ? 'green' : v.action === 'return' || v.action === 'reopen' ? 'orange' : 'blue',
              children: (
                <span>
                  {formatDateTime(v.at)} {v.actorName} {ACTION_TEXT[v.action] ?? v.action}
                  {v.comment ? `：${v.comment}` : ''}
                  {v.itemComments ? `（逐项意见 ${Object.keys(v.itemComments).length} 条）` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}

      {(editable || reviewing) && (
        <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 5, boxShadow: '0 -2px 8px rgba(0,0,0,0.08)' }}>
          <Space>
            {editable && (
              <>
                <Button icon={<SaveOutlined />} loading={busy} onClick={save}>
                  保存草稿
                </Button>
                <Button type="primary" icon={<SendOutlined />} loading={busy} onClick={submit}>
                  {r.status === 'returned' ? '重新提交' : '提交'}
                </Button>
              </>
            )}
            {reviewing && r.status === 'submitted' && (
              <>
                <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={accept}>
                  采纳
                </Button>
                <Button danger icon={<RollbackOutlined />} loading={busy} onClick={reject}>
                  退回修改
                </Button>
              </>
            )}
            {reviewing && r.status === 'accepted' && r.periodState === 'open' && (
              <Button danger icon={<RollbackOutlined />} loading={busy} onClick={reject}>
                撤销采纳并退回
              </Button>
            )}
            <Typography.Text type="secondary">{editable ? '草稿随时可保存；提交后等待审核。' : '请逐项查看后采纳或退回（可在事项中填写逐项意见）。'}</Typography.Text>
          </Space>
        </Card>
      )}
    </Space>
  );
}

function ItemRow(props: {
  e: ReportEntryView;
  d: Draft[string] | undefined;
  editable: boolean;
  reviewing: boolean;
  error?: string;
  comment: string;
  onComment: (c: string) => void;
  onChange: (p: Partial<Draft[string]>) => void;
  onUpload: (f: File) => Promise<boolean>;
  onRemove: (fileId: string) => void;
  today: string;
}) {
  const { e, d, editable } = props;
  const status = d?.status ?? null;
  const overdue = e.dueDate && e.dueDate < props.today && status !== '已完成' && (e.previousStatus ?? '') !== '已完成';
  return (
    <div data-testid={`item-${e.nodeId}`} style={{ borderBottom: '1px solid #f0f0f0', padding: '8px 0' }}>
      <Space wrap size={6} style={{ marginBottom: 4 }}>
        <Typography.Text code>{nodeLabel(e.nodeId)}</Typography.Text>
        <Tooltip title={<div style={{ maxHeight: 320, overflow: 'auto' }}>{e.text}</div>} placement="topLeft">
          <Typography.Text strong>{e.title.length > 48 ? `${e.title.slice(0, 48)}…` : e.title}</Typography.Text>
        </Tooltip>
        <Tag color={ROLE_COLORS[e.role]}>{DUTY_ROLE_LABELS[e.role]}</Tag>
        {e.dueDate ? <Tag color={overdue ? 'red' : undefined}>时限 {e.dueDate}</Tag> : <Tag>长期坚持</Tag>}
        <Typography.Text type="secondary">上月：{e.previousStatus ?? '未报'}</Typography.Text>
      </Space>
      {e.reviewComment && <Alert type="warning" showIcon style={{ marginBottom: 6 }} message={`退回意见：${e.reviewComment}`} />}
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        {editable ? (
          <Radio.Group size="small" optionType="button" buttonStyle="solid" value={status} onChange={(x) => props.onChange({ status: x.target.value })} options={ITEM_STATUSES.map((s) => ({ value: s, label: s }))} />
        ) : status ? (
          <Tag color={ITEM_STATUS_COLORS[status]}>{status}</Tag>
        ) : (
          <Typography.Text type="secondary">本月未填（沿用上月状态）</Typography.Text>
        )}
        {editable ? (
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 6 }}
            maxLength={5000}
            placeholder={status === '滞后' ? '请说明滞后原因和采取的措施（必填）' : '本月进展情况（做了什么、数量、成效）'}
            value={d?.narrative ?? ''}
            status={props.error ? 'error' : undefined}
            onChange={(x) => props.onChange({ narrative: x.target.value, status: status ?? e.previousStatus ?? '推进中' })}
          />
        ) : (
          d?.narrative && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.narrative}</Typography.Paragraph>
        )}
        {props.error && <Typography.Text type="danger">{props.error}</Typography.Text>}
        <Space wrap size={4}>
          {e.attachments.map((a) => (
            <Tag key={a.id} icon={<PaperClipOutlined />} closable={editable} onClose={(ev) => (ev.preventDefault(), props.onRemove(a.id))}>
              <a href={`/api/files/${a.id}`} target="_blank" rel="noreferrer">
                {a.name}
              </a>
            </Tag>
          ))}
          {editable && (
            <Upload showUploadList={false} beforeUpload={(f) => props.onUpload(f)} accept=".jpg,.jpeg,.png,.webp,.gif,.pdf,.docx,.xlsx">
              <Button size="small" type="dashed" icon={<UploadOutlined />}>
                附件
              </Button>
            </Upload>
          )}
        </Space>
        {e.contributions && e.contributions.length > 0 && (
          <div style={{ background: '#fafafa', padding: 8, borderRadius: 4 }}>
            <Typography.Text type="secondary">配合/属地单位本月报送（{e.contributions.length}）：</Typography.Text>
            {e.contributions.map((c) => (
              <div key={c.unitId} style={{ marginTop: 4 }}>
                <Space size={4} wrap>
                  <Tag>{c.unitName}</Tag>
                  {c.status && <Tag color={ITEM_STATUS_COLORS[c.status]}>{c.status}</Tag>}
                  <span>{c.narrative || '（无说明）'}</span>
                  {c.attachments.map((a) => (
                    <a key={a.id} href={`/api/files/${a.id}`} target="_blank" rel="noreferrer">
                      <PaperClipOutlined /> {a.name}
                    </a>
                  ))}
                  {editable && c.narrative && (
                    <Button size="small" type="link" onClick={() => props.onChange({ narrative: `${d?.narrative ? `${d.narrative}\n` : ''}${c.unitName}：${c.narrative}`, status: status ?? e.previousStatus ?? '推进中' })}>
                      汇总引用
                    </Button>
                  )}
                </Space>
              </div>
            ))}
          </div>
        )}
        {props.reviewing && e.status && <Input size="small" placeholder="逐项审核意见（退回时一并发给单位）" value={props.comment} onChange={(x) => props.onComment(x.target.value)} />}
      </Space>
    </div>
  );
}

/** A server message without a leading field path ("entries.20.narrative：…" → "…"). */
function humanMessage(m: string): string {
  return m.replace(/^[A-Za-z_][\w.[\]]*：/, '');
}
