import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Drawer, Empty, Popconfirm, Popover, Result, Select, Spin, Splitter, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, EditOutlined, HistoryOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { ApiError } from '../../lib/api';
import { useOrg } from '../../lib/reference';
import { AuditHistory } from '../../components/AuditHistory';
import { call, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { planApi } from '../../../shared/contracts/plan.api';
import { PLAN_DRAFT_STATUS_LABELS, type PlanDraftView, type PlanEditOp } from '../../../shared/contracts/plan';
import type { PlanWarning } from '../../../shared/plan/types';
import { ancestorsOf, buildMarks, indexTree, reselect, SPAN_LABELS } from './planModel';
import { SourceText, type SourceTextHandle } from './SourceText';
import { PlanTree, useElementHeight } from './PlanTree';
import { EditorEmpty, NodeEditor } from './NodeEditor';
import { ImportDialog, MoveDialog, PlanInfoDialog } from './PlanDialogs';
import './plan.css';

/** Review a parsed plan beside its source text, correct it, import it as a campaign. */
export default function PlanReviewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const key = useMemo(() => keyOf(planApi.get, { params: { id } }), [id]);
  const { data, isLoading, error, refetch } = useApiQuery(planApi.get, { params: { id } });
  const org = useOrg();

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [moveOpen, setMoveOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [infoOpen, setInfoOpen] = useState(false);
  const source = useRef<SourceTextHandle>(null);
  const [treeBox, treeHeight] = useElementHeight<HTMLDivElement>();

  const nodes = useMemo(() => data?.plan.tasks ?? [], [data]);
  const text = data?.sourceText ?? '';
  const index = useMemo(() => indexTree(nodes), [nodes]);
  const marks = useMemo(() => buildMarks(nodes, text), [nodes, text]);
  const selected = selectedId ? index.byId.get(selectedId) : undefined;
  const readOnly = data?.status !== 'draft';
  const selection = useMemo(() => (selected ? { start: selected.start, end: selected.end, nodeId: selected.id } : null), [selected]);

  // sections and groups open, tasks closed: the 38 tasks of a plan fit on two screens
  useEffect(() => {
    if (data && expanded === null) setExpanded(nodes.filter((n) => n.kind === 'section' || n.kind === 'group').map((n) => n.id));
  }, [data, expanded, nodes]);

  const warningsByNode = useMemo(() => {
    const m = new Map<string, PlanWarning[]>();
    for (const w of data?.warnings ?? []) if (w.nodeId) m.set(w.nodeId, [...(m.get(w.nodeId) ?? []), w]);
    return m;
  }, [data]);

  const findOptions = useMemo(() => nodes.map((n) => ({ value: n.id, label: `${n.id} ${n.title}` })), [nodes]);
  const unitOptions = useMemo(() => (org.data?.units ?? []).filter((u) => u.active).map((u) => ({ value: u.shortName, label: u.shortName })), [org.data]);
  const knownUnits = useMemo(() => new Set((org.data?.units ?? []).flatMap((u) => [u.shortName, u.name, ...u.aliases])), [org.data]);

  const select = useCallback(
    (nodeId: string, opts: { scrollSource?: boolean } = {}) => {
      const n = index.byId.get(nodeId);
      if (!n) return;
      setSelectedId(nodeId);
      const up = ancestorsOf(index, nodeId);
      setExpanded((e) => (e && up.every((a) => e.includes(a)) ? e : [...new Set([...(e ?? []), ...up])]));
      if (opts.scrollSource !== false) source.current?.scrollTo(n.start);
    },
    [index],
  );
  const onMarkClick = useCallback((nodeId: string) => select(nodeId, { scrollSource: false }), [select]);

  const submit = useCallback(
    async (ops: PlanEditOp[]): Promise<boolean> => {
      if (!data) return false;
      setBusy(true);
      try {
        const next = await call(planApi.edit, { params: { id }, body: { version: data.version, ops } });
        qc.setQueryData<PlanDraftView>(key, { ...next, sourceText: data.sourceText });
        setSelectedId(reselect(next.plan.tasks, selected));
        message.success('已保存');
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          message.error(e.message);
          await refetch();
        } else message.error(e instanceof ApiError ? e.message : '保存失败');
        return false;
      } finally {
        setBusy(false);
      }
    },
    [data, id, key, qc, selected, message, refetch],
  );

  const onMove = useCallback((nodeId: string, parentId: string | null, position: number) => void submit([{ op: 'move', nodeId, parentId, position }]), [submit]);

  const reparse = async () => {
    if (!data) return;
    setBusy(true);
    try {
      const next = await call(planApi.reparse, { params: { id }, body: { version: data.version } });
      qc.setQueryData<PlanDraftView>(key, { ...next, sourceText: data.sourceText });
      setSelectedId(reselect(next.plan.tasks, selected));
      message.success('已按当前组织机构库重新解析');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '重新解析失败');
      if (e instanceof ApiError && e.status === 409) await refetch();
    } finally {
      setBusy(false);
    }
  };

  const doImport = async (name: string) => {
    if (!data) return;
    setBusy(true);
    setImportError(null);
    try {
      const r = await call(planApi.import, { params: { id }, body: { name, version: data.version } });
      qc.setQueryData<PlanDraftView>(key, { ...r.draft, sourceText: data.sourceText });
      await invalidate(qc, planApi.list, 'campaign');
      message.success(`已导入专项行动：${r.campaign.tasks} 项任务、${r.campaign.items} 条工作条目`);
      setImportOpen(false);
      navigate(`/campaigns/${r.campaign.id}`);
    } catch (e) {
      setImportError(e instanceof ApiError ? e.message : '导入失败，请稍后重试');
      if (e instanceof ApiError && e.status === 409) await refetch();
    } finally {
      setBusy(false);
    }
  };

  if (isLoading) return <Spin style={{ margin: 48 }} />;
  if (error || !data) {
    return <Result status="warning" title={error instanceof ApiError ? error.message : '无法加载方案草稿'} extra={<Button onClick={() => navigate('/plans')}>返回方案列表</Button>} />;
  }

  const s = data.summary;
  const { start: periodStart, end: periodEnd } = data.plan.campaign;
  const period = periodStart && periodEnd ? `${periodStart} 至 ${periodEnd}` : null;
  const warningList = (
    <div className="plan-warnings" data-testid="plan-warnings">
      {data.warnings.length === 0 ? (
        <Empty description="没有需要核对的提示" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        data.warnings.map((w, i) => (
          <button
            key={i}
            type="button"
            className="plan-warning"
            disabled={!w.nodeId && w.start === undefined}
            onClick={() => {
              if (w.nodeId) select(w.nodeId);
              else if (w.start !== undefined) source.current?.scrollTo(w.start);
            }}
          >
            <Tag color={w.code === 'UNRESOLVED_UNITS' ? 'orange' : w.code === 'TASK_WITHOUT_LEAD' ? 'red' : 'default'}>{w.nodeId ?? '全文'}</Tag>
            {w.message}
          </button>
        ))
      )}
    </div>
  );

  return (
    <div className="plan-review">
      <div className="plan-bar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/plans')} aria-label="返回方案列表" />
        <div className="plan-bar-title">
          <Typography.Text strong ellipsis title={data.title ?? data.fileName}>
            {data.title ?? data.fileName}
          </Typography.Text>
          <Typography.Text type="secondary" className="plan-bar-sub" title={period ? `行动期限 ${period}` : '行动期限未识别'}>
            {data.docNumber ?? data.fileName} · {period ?? '期限未识别'} · 第 {data.version} 版
          </Typography.Text>
        </div>
        <Tooltip title="方案信息（标题、文号、行动期限）">
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setInfoOpen(true)} aria-label="方案信息" />
        </Tooltip>
        <Tag color={data.status === 'imported' ? 'green' : data.status === 'importing' ? 'processing' : 'gold'}>{PLAN_DRAFT_STATUS_LABELS[data.status]}</Tag>
        <div className="plan-counts" data-testid="plan-summary">
          <span>
            任务 <b>{s.tasks}</b>
          </span>
          <span>
            条目 <b>{s.items}</b>
          </span>
          <Tooltip title={`${s.unitsResolved} 个单位已在组织机构库中识别；${s.unresolvedNames.length ? `未识别：${s.unresolvedNames.join('、')}` : '没有未识别的单位'}`}>
            <span>
              单位 <b>{s.unitsResolved}</b>/<b className={s.unitsUnresolved ? 'warn' : ''}>{s.unitsUnresolved}</b>未识别
            </span>
          </Tooltip>
          <span>
            时限 <b>{s.deadlines}</b>
          </span>
          <span>
            指标 <b>{s.targets}</b>
          </span>
        </div>
        <span className="spacer" />
        <Popover content={warningList} title="需要核对的提示" trigger="click" placement="bottomRight">
          <Badge count={data.warnings.length} size="small" overflowCount={999}>
            <Button icon={<WarningOutlined />}>提示</Button>
          </Badge>
        </Popover>
        <Tooltip title="修改记录">
          <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)} aria-label="修改记录" />
        </Tooltip>
        {!readOnly && (
          <Popconfirm title="按当前组织机构库重新解析原文？已做的修改将被替换。" onConfirm={reparse} okText="重新解析" cancelText="取消">
            <Tooltip title="重新解析（如组织机构库补充了别名）">
              <Button icon={<ReloadOutlined />} loading={busy && !importOpen} aria-label="重新解析" />
            </Tooltip>
          </Popconfirm>
        )}
        {data.status === 'imported' && data.campaignId ? (
          <Button type="primary" onClick={() => navigate(`/campaigns/${data.campaignId}`)}>
            查看专项行动
          </Button>
        ) : (
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={readOnly} onClick={() => setImportOpen(true)}>
            导入为专项行动
          </Button>
        )}
      </div>
      {data.status === 'imported' && <Alert type="success" showIcon className="plan-imported" title="该方案已导入为专项行动，草稿只读。" />}
      {data.status !== 'imported' && data.sameDocCampaigns.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="plan-imported"
          title={`文号“${data.docNumber}”已导入过：${data.sameDocCampaigns.map((c) => `《${c.name}》`).join('、')}。再次导入将产生重复的专项行动，请先确认。`}
        />
      )}

      <Splitter className="plan-split">
        <Splitter.Panel defaultSize={350} min={240} max="50%">
          <div className="plan-pane">
            <div className="plan-pane-head">
              任务树
              <Select
                size="small"
                className="plan-find"
                placeholder="查找编号或标题"
                showSearch={{ optionFilterProp: 'label' }}
                value={null}
                options={findOptions}
                onChange={(v: string) => select(v)}
                aria-label="查找节点"
                data-testid="plan-find"
                popupMatchSelectWidth={360}
              />
            </div>
            <div className="plan-pane-body" ref={treeBox} data-testid="plan-tree">
              <PlanTree
                index={index}
                warnings={warningsByNode}
                selectedId={selectedId}
                expandedKeys={expanded ?? []}
                onExpand={setExpanded}
                onSelect={select}
                onMove={onMove}
                readOnly={readOnly}
                height={treeHeight}
              />
            </div>
          </div>
        </Splitter.Panel>
        <Splitter.Panel min={300}>
          <div className="plan-pane">
            <div className="plan-pane-head">
              原文
              <span className="plan-legend">
                {(['lead', 'co', 'deadline', 'target', 'recurrence'] as const).map((k) => (
                  <span key={k} className={`ph ph-${k}`}>
                    {SPAN_LABELS[k]}
                  </span>
                ))}
              </span>
            </div>
            <SourceText
              ref={source}
              text={text}
              marks={marks}
              selection={selection}
              onMarkClick={onMarkClick}
              onCaret={setCaret}
            />
          </div>
        </Splitter.Panel>
        <Splitter.Panel defaultSize={320} min={260} max="45%" collapsible>
          <div className="plan-pane">
            <div className="plan-pane-head">{readOnly ? '节点详情' : '修改所选节点'}</div>
            <div className="plan-pane-body plan-pane-scroll">
              {selected ? (
                <NodeEditor
                  key={`${selected.id}:${data.version}`}
                  node={selected}
                  index={index}
                  text={text}
                  caret={caret}
                  unitOptions={unitOptions}
                  knownUnits={knownUnits}
                  readOnly={readOnly}
                  busy={busy}
                  onSubmit={submit}
                  onMove={() => setMoveOpen(true)}
                />
              ) : (
                <EditorEmpty />
              )}
            </div>
          </div>
        </Splitter.Panel>
      </Splitter>

      {selected && moveOpen && (
        <MoveDialog
          node={selected}
          index={index}
          nodes={nodes}
          open={moveOpen}
          busy={busy}
          onCancel={() => setMoveOpen(false)}
          onMove={async (parentId, position) => {
            if (await submit([{ op: 'move', nodeId: selected.id, parentId, position }])) setMoveOpen(false);
          }}
        />
      )}
      <ImportDialog
        open={importOpen}
        defaultName={data.title ?? data.fileName.replace(/\.[^.]+$/, '')}
        counts={{ tasks: s.tasks, items: s.items, unresolved: s.unitsUnresolved, withoutLead: s.tasksWithoutLead, period }}
        busy={busy}
        error={importError}
        onCancel={() => {
          setImportOpen(false);
          setImportError(null);
        }}
        onImport={doImport}
      />
      {infoOpen && (
        <PlanInfoDialog
          open={infoOpen}
          plan={data.plan}
          busy={busy}
          readOnly={readOnly}
          onCancel={() => setInfoOpen(false)}
          onSave={async (op) => {
            if (await submit([op])) setInfoOpen(false);
          }}
        />
      )}
      <Drawer title="修改记录" open={historyOpen} onClose={() => setHistoryOpen(false)} size="large" destroyOnHidden>
        <AuditHistory endpoint={planApi.history} params={{ id }} />
      </Drawer>
    </div>
  );
}
