import { useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Collapse, Image, Input, Modal, Progress, Result, Segmented, Space, Spin, Switch, Tag, Typography } from 'antd';
import { CameraOutlined, CheckOutlined, CloseOutlined, LeftOutlined, MinusOutlined, RightOutlined } from '@ant-design/icons';
import { ApiError, call, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { runItemLabel } from '../../../shared/checklist/rates';
import { formatDateTime } from '../../../shared/time';
import { CHECK_RESULT_LABELS, type CheckResult, type ResultInput, type RunItemView, type RunView } from '../../../shared/contracts/checklist';
import { MajorTag, RunStatusTag, useNarrow } from './checklistUi';
import './checklist.css';

const RESULT_COLORS: Record<CheckResult, string> = { pass: '#16a34a', fail: '#dc2626', na: '#6b7280' };

/**
 * One self-inspection run. On a phone it fills the screen: one item at a time (or a compact list),
 * big 合格 / 不合格 / 不适用 buttons, photos from the camera, saved as you go, then 提交 — every
 * 不合格 becomes a hazard. Submitted runs (and government viewers) see it read-only.
 */
export default function SelfInspectionRunPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const narrow = useNarrow();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const runKey = keyOf(checklistApi.getRun, { params: { id } });
  const { data: run, isLoading, error } = useApiQuery(checklistApi.getRun, id ? { params: { id } } : null);
  const [mode, setMode] = useState<'one' | 'list'>('one');
  const [idx, setIdx] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [justSubmitted, setJustSubmitted] = useState(false);

  const items = useMemo(() => run?.items ?? [], [run]);
  const answered = items.filter((i) => i.result).length;
  const current = idx ?? Math.max(0, items.findIndex((i) => !i.result));
  const item = items[current];

  const setItem = (v: RunItemView) => qc.setQueryData<RunView>(runKey, (old) => (old ? { ...old, items: old.items.map((x) => (x.id === v.id ? v : x)) } : old));
  const save = useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: ResultInput }) => call(checklistApi.saveResult, { params: { id: id!, itemId }, body }),
    onSuccess: (v) => setItem(v),
    onError: (e) => {
      message.error(e instanceof ApiError ? e.message : '保存失败');
      if (e instanceof ApiError && e.status === 409) void invalidate(qc, checklistApi.getRun);
    },
  });
  const submit = useMutation({
    mutationFn: () => call(checklistApi.submitRun, { params: { id: id! }, body: {} }),
    onSuccess: (v) => {
      qc.setQueryData(runKey, v);
      setConfirming(false);
      setJustSubmitted(true);
      void invalidate(qc, checklistApi.listPlans, checklistApi.listRuns, checklistApi.tally, 'hazard');
    },
    onError: (e) => {
      setConfirming(false);
      message.error(e instanceof ApiError ? e.message : '提交失败');
    },
  });

  const shell = (children: React.ReactNode) => <div className={narrow ? 'cl-run cl-run-full' : 'cl-run'}>{children}</div>;
  if (isLoading) return shell(<Spin style={{ margin: 48 }} />);
  if (error || !run) return shell(<Result status="404" title="自查记录不存在或无权访问" extra={<Button onClick={() => navigate('/self-inspection')}>返回</Button>} />);

  const header = (
    <div className="cl-run-header">
      <Button type="text" icon={<LeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="cl-run-title">{run.planName}</div>
        <div className="cl-run-sub">
          {run.enterpriseName} · {run.periodLabel} · 第 {run.version} 版清单
        </div>
      </div>
      <RunStatusTag status={run.status} />
    </div>
  );

  if (!run.editable) {
    const failed = items.filter((i) => i.result === 'fail');
    return shell(
      <>
        {header}
        <div className="cl-run-body">
          {justSubmitted && (
            <Result
              status="success"
              title="自查已提交"
              subTitle={failed.length ? `${failed.length} 个不合格项已生成隐患并上报` : '全部合格，无隐患上报'}
              style={{ padding: '16px 0' }}
            />
          )}
          <Space wrap style={{ marginBottom: 8 }}>
            <Tag color="green">合格 {run.passCount || items.filter((i) => i.result === 'pass').length}</Tag>
            <Tag color="red">不合格 {run.failCount || failed.length}</Tag>
            <Tag>不适用 {run.naCount || items.filter((i) => i.result === 'na').length}</Tag>
            {run.fixedCount > 0 && <Tag color="blue">立查立改 {run.fixedCount}</Tag>}
            {run.inspectorName && <span>检查人：{run.inspectorName}</span>}
            {run.submittedAt && <span>提交于 {formatDateTime(run.submittedAt)}</span>}
          </Space>
          {failed.length > 0 && (
            <Alert
              type={run.status === 'submitted' ? 'warning' : 'info'}
              showIcon
              style={{ marginBottom: 8 }}
              message={run.status === 'submitted' ? '已生成的隐患' : '不合格项'}
              description={
                <div data-testid="created-hazards">
                  {failed.map((f) => (
                    <div key={f.id} style={{ marginBottom: 4 }}>
                      {runItemLabel(items.indexOf(f), items.length)} {f.project}：
                      {f.hazardId ? (
                        <a onClick={() => navigate(`/hazards/${f.hazardId}`)}>{f.hazardCode}</a>
                      ) : (
                        '—'
                      )}
                      {f.confirmMajor && <Tag color="red" style={{ marginLeft: 4 }}>重大</Tag>}
                      {f.fixedOnSpot && <Tag color="blue" style={{ marginLeft: 4 }}>立查立改</Tag>}
                    </div>
                  ))}
                </div>
              }
            />
          )}
          {items.map((it, k) => (
            <ReadOnlyItem key={it.id} item={it} label={runItemLabel(k, items.length)} />
          ))}
          {run.status === 'in_progress' && <Alert type="info" showIcon message="该次自查尚未提交（只有本企业人员可以填写）。" />}
        </div>
      </>,
    );
  }

  const go = (d: number) => setIdx(Math.min(items.length - 1, Math.max(0, current + d)));
  const nextOpen = () => {
    const after = items.findIndex((x, k) => k > current && !x.result);
    setIdx(after >= 0 ? after : Math.min(items.length - 1, current + 1));
  };

  return shell(
    <>
      {header}
      <div className="cl-run-progress">
        <Progress percent={Math.round((answered / Math.max(1, items.length)) * 100)} size="small" format={() => `${answered}/${items.length}`} />
        <Segmented
          size="small"
          value={mode}
          onChange={(v) => setMode(v as 'one' | 'list')}
          options={[
            { value: 'one', label: '逐项' },
            { value: 'list', label: '列表' },
          ]}
        />
      </div>
      <div className="cl-run-body">
        {mode === 'one' && item && (
          <ItemEditor
            key={item.id}
            runId={run.id}
            item={item}
            index={current}
            total={items.length}
            saving={save.isPending}
            onSave={(body, advance) => {
              // Pin the item on screen: "first unanswered" moves as soon as this one is saved.
              setIdx(current);
              save.mutate(
                { itemId: item.id, body },
                {
                  onSuccess: () => {
                    if (advance) nextOpen();
                  },
                },
              );
            }}
          />
        )}
        {mode === 'list' &&
          items.map((it, k) => (
            <div key={it.id} className="cl-list-row">
              <div
                style={{ flex: 1, minWidth: 0, cursor: 'pointer' }}
                onClick={() => {
                  setIdx(k);
                  setMode('one');
                }}
              >
                <div className="cl-list-point">
                  {k + 1}. {it.point}
                </div>
                <div className="cl-run-sub">
                  {it.category} › {it.project} {it.major && <MajorTag major={it.major} compact />}
                </div>
              </div>
              <Segmented
                size="small"
                value={it.result ?? ''}
                onChange={(v) => {
                  setIdx(k);
                  if (v === 'fail') {
                    setIdx(k);
                    setMode('one');
                  }
                  save.mutate({ itemId: it.id, body: { result: v as CheckResult } });
                }}
                options={[
                  { value: 'pass', label: '合格' },
                  { value: 'fail', label: '不合格' },
                  { value: 'na', label: '不适用' },
                ]}
              />
            </div>
          ))}
      </div>
      <div className="cl-run-footer">
        {mode === 'one' && (
          <>
            <Button size="large" icon={<LeftOutlined />} disabled={current === 0} onClick={() => go(-1)} aria-label="上一项" />
            <Button size="large" icon={<RightOutlined />} disabled={current >= items.length - 1} onClick={() => go(1)} aria-label="下一项" />
          </>
        )}
        <Button size="large" type="primary" block disabled={answered < items.length} onClick={() => setConfirming(true)}>
          {answered < items.length ? `还有 ${items.length - answered} 项未检查` : '提交自查'}
        </Button>
      </div>
      <Modal
        title="提交自查"
        open={confirming}
        onCancel={() => setConfirming(false)}
        onOk={() => submit.mutate()}
        confirmLoading={submit.isPending}
        okText="确认提交"
        width={narrow ? '92vw' : 520}
      >
        <p>
          合格 {items.filter((i) => i.result === 'pass').length} 项，不合格 {items.filter((i) => i.result === 'fail').length} 项，不适用 {items.filter((i) => i.result === 'na').length} 项。
        </p>
        {items.some((i) => i.result === 'fail') && <p>每个不合格项将登记为一条隐患（自查自报），重大隐患判定项经确认的登记为重大隐患；立查立改的直接销号。</p>}
        <p>提交后不能再修改。</p>
      </Modal>
    </>,
  );
}

function Photos({ ids, onRemove }: { ids: string[]; onRemove?: (id: string) => void }) {
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6}>
        {ids.map((p) => (
          <div key={p} style={{ position: 'relative' }}>
            <Image src={`/api/files/${p}`} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} alt="检查照片" />
            {onRemove && (
              <Button size="small" shape="circle" danger icon={<CloseOutlined />} style={{ position: 'absolute', top: -6, right: -6 }} onClick={() => onRemove(p)} aria-label="删除照片" />
            )}
          </div>
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

function PhotoButton({ runId, label, onUploaded, testId }: { runId: string; label: string; onUploaded: (id: string) => void; testId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid={testId}
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          setBusy(true);
          try {
            for (const f of files) {
              const fd = new FormData();
              fd.append('file', f);
              const r = await call(checklistApi.uploadPhoto, { params: { id: runId }, body: fd });
              onUploaded(r.id);
            }
          } catch (err) {
            message.error(err instanceof ApiError ? err.message : '上传失败');
          } finally {
            setBusy(false);
          }
        }}
      />
      <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}

/** One item: the three big buttons; a 不合格 opens its details (description, place, photos, 立查立改, 重大). */
function ItemEditor({ runId, item, index, total, saving, onSave }: { runId: string; item: RunItemView; index: number; total: number; saving: boolean; onSave: (body: ResultInput, advance: boolean) => void }) {
  const [result, setResult] = useState<CheckResult | null>(item.result);
  const [note, setNote] = useState(item.note ?? '');
  const [place, setPlace] = useState(item.place ?? '');
  const [photos, setPhotos] = useState<string[]>(item.photoFileIds);
  const [fixed, setFixed] = useState(item.fixedOnSpot);
  const [afterPhotos, setAfterPhotos] = useState<string[]>(item.afterPhotoFileIds);
  const [fixNote, setFixNote] = useState(item.fixNote ?? '');
  const [major, setMajor] = useState(item.confirmMajor);
  const failBody = (over: Partial<ResultInput> = {}): ResultInput => ({
    result: 'fail',
    note: note || undefined,
    place: place || undefined,
    photoFileIds: photos,
    fixedOnSpot: fixed && !major,
    afterPhotoFileIds: fixed && !major ? afterPhotos : [],
    fixNote: fixed && !major ? fixNote || undefined : undefined,
    confirmMajor: !!item.major && major,
    ...over,
  });
  const choose = (r: CheckResult) => {
    setResult(r);
    if (r === 'fail') onSave(failBody({ fixedOnSpot: false, afterPhotoFileIds: [] }), false);
    else onSave({ result: r }, true);
  };
  const big = (r: CheckResult, icon: React.ReactNode) => (
    <Button
      size="large"
      block
      icon={icon}
      className="cl-big"
      aria-label={CHECK_RESULT_LABELS[r]}
      aria-pressed={result === r}
      style={result === r ? { background: RESULT_COLORS[r], borderColor: RESULT_COLORS[r], color: '#fff' } : { borderColor: RESULT_COLORS[r], color: RESULT_COLORS[r] }}
      onClick={() => choose(r)}
      loading={saving && result === r}
    >
      {CHECK_RESULT_LABELS[r]}
    </Button>
  );
  const fixedIncomplete = fixed && !major && afterPhotos.length === 0;
  return (
    <div className="cl-item">
      <div className="cl-run-sub">
        {runItemLabel(index, total)} · {item.category} › {item.project}
      </div>
      <div className="cl-item-point">{item.point}</div>
      {item.major && (
        <div style={{ marginBottom: 8 }}>
          <MajorTag major={item.major} compact />
        </div>
      )}
      <Collapse
        size="small"
        ghost
        items={[
          { key: 'm', label: '检查方法及判定标准', children: <Typography.Paragraph style={{ fontSize: 13, margin: 0 }}>{item.method}</Typography.Paragraph> },
          { key: 'b', label: '检查依据', children: <Typography.Paragraph style={{ fontSize: 13, margin: 0 }}>{item.basis}</Typography.Paragraph> },
          ...(item.major ? [{ key: 's', label: `重大隐患判定标准 ${item.major.label}`, children: <Typography.Paragraph style={{ fontSize: 13, margin: 0 }}>《{item.major.standardName}》{item.major.label}：{item.major.text}</Typography.Paragraph> }] : []),
        ]}
      />
      <div className="cl-big-row">
        {big('pass', <CheckOutlined />)}
        {big('fail', <CloseOutlined />)}
        {big('na', <MinusOutlined />)}
      </div>
      {result === 'fail' && (
        <div className="cl-fail">
          <Input.TextArea rows={2} placeholder="发现的问题（如：安全出口被货物堵塞）" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
          <Input placeholder={`部位/场所（默认：${item.category}·${item.project}）`} value={place} maxLength={200} onChange={(e) => setPlace(e.target.value)} />
          <div>
            <Photos ids={photos} onRemove={(p) => setPhotos(photos.filter((x) => x !== p))} />
            <div style={{ marginTop: 6 }}>
              <PhotoButton
                runId={runId}
                label="拍照 / 上传照片"
                testId="photo-input"
                onUploaded={(pid) => {
                  const next = [...photos, pid];
                  setPhotos(next);
                  onSave(failBody({ photoFileIds: next, fixedOnSpot: false, afterPhotoFileIds: [] }), false);
                }}
              />
            </div>
          </div>
          {item.major && (
            <Checkbox checked={major} onChange={(e) => setMajor(e.target.checked)}>
              确认符合判定标准 {item.major.label}，按<b>重大事故隐患</b>上报
            </Checkbox>
          )}
          {!major && (
            <div>
              <Space>
                <Switch checked={fixed} onChange={setFixed} />
                立查立改（现场已整改，上传整改后照片）
              </Space>
              {fixed && (
                <div style={{ marginTop: 6, display: 'grid', gap: 6 }}>
                  <Photos ids={afterPhotos} onRemove={(p) => setAfterPhotos(afterPhotos.filter((x) => x !== p))} />
                  <PhotoButton runId={runId} label="整改后照片" testId="after-photo-input" onUploaded={(pid) => setAfterPhotos([...afterPhotos, pid])} />
                  <Input placeholder="整改措施（如：已清理通道）" value={fixNote} maxLength={1000} onChange={(e) => setFixNote(e.target.value)} />
                </div>
              )}
            </div>
          )}
          <Button type="primary" size="large" block loading={saving} disabled={fixedIncomplete} onClick={() => onSave(failBody(), true)}>
            {fixedIncomplete ? '请上传整改后照片' : '保存，下一项'}
          </Button>
        </div>
      )}
    </div>
  );
}

function ReadOnlyItem({ item, label }: { item: RunItemView; label: string }) {
  return (
    <div className="cl-list-row" style={{ alignItems: 'flex-start' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="cl-list-point">
          {label} {item.point}
        </div>
        <div className="cl-run-sub">
          {item.category} › {item.project} {item.major && <MajorTag major={item.major} compact />}
        </div>
        {item.note && <div style={{ fontSize: 13 }}>问题：{item.note}</div>}
        {item.place && <div style={{ fontSize: 13 }}>部位：{item.place}</div>}
        <Photos ids={item.photoFileIds} />
        {item.fixedOnSpot && (
          <div style={{ fontSize: 13, marginTop: 4 }}>
            立查立改：{item.fixNote ?? '已整改'} <Photos ids={item.afterPhotoFileIds} />
          </div>
        )}
      </div>
      {item.result ? <Tag color={item.result === 'pass' ? 'green' : item.result === 'fail' ? 'red' : 'default'}>{CHECK_RESULT_LABELS[item.result]}</Tag> : <Tag>未填</Tag>}
    </div>
  );
}
