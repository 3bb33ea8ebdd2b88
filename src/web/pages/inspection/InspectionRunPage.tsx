import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Input, Segmented, Select, Space, Tag, Typography, Upload } from 'antd';
import { AimOutlined, CameraOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { call, download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import type { InspectionSubmitInput } from '../../../shared/contracts/inspection';
import { docLabel, fmtTime, InspectionStatusTag } from './inspectionUi';
import { SignaturePad } from './SignaturePad';

type Answer = InspectionSubmitInput['answers'][number];
interface Draft {
  clientKey: string;
  answers: Record<string, Answer>;
  signerName?: string;
  lat?: number;
  lng?: number;
  locationNote?: string;
  summary?: string;
}

const KEY = (id: string) => `anzhi.inspection.${id}`;
const load = (id: string): Draft => {
  try {
    const s = localStorage.getItem(KEY(id));
    if (s) return JSON.parse(s) as Draft;
  } catch {
    /* a broken draft starts again */
  }
  return { clientKey: `${id.slice(0, 8)}-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`, answers: {} };
};

/**
 * 现场检查 on a phone: start on arrival, answer each checklist item (photos for failed ones), the
 * position from the browser (or typed), the enterprise's person signs on the screen, submit once.
 * Answers live in the browser (localStorage) until the server has them: a dropped connection loses
 * nothing, and the client key makes a resend count once.
 */
export default function InspectionRunPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { data: v, isLoading } = useApiQuery(inspectionApi.inspection, { params: { id: id! } });
  const start = useApiMutation(inspectionApi.startInspection, { invalidates: ['inspection'] });
  const submit = useApiMutation(inspectionApi.submitInspection, { invalidates: ['inspection', 'hazard'] });
  const [draft, setDraft] = useState<Draft>(() => load(id!));
  const [signature, setSignature] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  useEffect(() => {
    localStorage.setItem(KEY(id!), JSON.stringify(draft));
  }, [draft, id]);
  const onTeam = !!v && v.team.some((t) => t.id === me?.id);
  const answered = useMemo(() => Object.keys(draft.answers).length, [draft]);
  if (isLoading || !v) return <Card loading />;
  const setAnswer = (itemId: string, patch: Partial<Answer>) =>
    setDraft((d) => ({ ...d, answers: { ...d.answers, [itemId]: { ...(d.answers[itemId] ?? { itemId, result: 'pass' }), ...patch } as Answer } }));
  const locate = () => {
    if (!navigator.geolocation) {
      message.warning('浏览器不支持定位，请手工填写检查地点');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setDraft((d) => ({ ...d, lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }));
        setLocating(false);
      },
      () => {
        setLocating(false);
        message.warning('无法获取定位，请手工填写检查地点');
      },
      { timeout: 10_000 },
    );
  };
  const send = async () => {
    if (!signature) return message.error('请企业现场负责人在签名区签字');
    if (!draft.signerName) return message.error('请填写签字人姓名');
    const answers = v.items.map((it) => draft.answers[it.itemId]).filter((a): a is Answer => !!a);
    if (answers.length === 0) return message.error('请至少检查一项');
    try {
      await submit.mutateAsync({
        params: { id: v.id },
        body: { clientKey: draft.clientKey, answers, signerName: draft.signerName, signature, lat: draft.lat, lng: draft.lng, locationNote: draft.locationNote || undefined, summary: draft.summary || undefined },
      });
      localStorage.removeItem(KEY(v.id));
      message.success('检查结果已提交，不合格项已登记为隐患');
      window.scrollTo(0, 0);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (!status || status >= 500) message.warning('网络不可用：检查结果已保存在本机，联网后再次点击提交即可（只会记录一次）');
      else message.error((e as Error).message);
    }
  };
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Card size="small" title={v.enterpriseName} extra={<InspectionStatusTag value={v.status} />}>
        <Space wrap size={4} style={{ marginBottom: 6 }}>
          {v.unannounced && <Tag color="magenta">四不两直</Tag>}
          <Tag>{v.code}</Tag>
          <Tag>{v.regionName}</Tag>
        </Space>
        <div style={{ fontSize: 13, color: '#475569' }}>
          <div>检查组：{v.team.map((t) => t.name).join('、')}</div>
          <div>清单：{v.checklistName}</div>
          {v.startedAt && <div>开始：{fmtTime(v.startedAt)}</div>}
          {v.completedAt && <div>完成：{fmtTime(v.completedAt)}（企业签字：{v.signerName}）</div>}
        </div>
        {v.status === 'planned' && onTeam && (
          <Button
            type="primary"
            block
            style={{ marginTop: 12 }}
            loading={start.isPending}
            onClick={async () => {
              try {
                await start.mutateAsync({ params: { id: v.id } });
              } catch (e) {
                message.error((e as Error).message);
              }
            }}
          >
            到达现场，开始检查
          </Button>
        )}
        {v.status === 'completed' && (
          <Space wrap style={{ marginTop: 12 }}>
            {v.documents.map((d) => (
              <Button key={d.id} icon={<DownloadOutlined />} onClick={() => download(inspectionApi.documentFile, { params: { id: d.id } })}>
                {docLabel(d.kind)}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {v.status === 'in_progress' && onTeam && (
        <Alert style={{ margin: '8px 0' }} type="info" showIcon message={`已检查 ${answered} / ${v.items.length} 项（保存在本机，提交前断网不丢失）`} />
      )}
      {v.items.map((it) => {
        const a = draft.answers[it.itemId];
        const done = v.status === 'completed';
        const editable = v.status === 'in_progress' && onTeam;
        if (!editable && !done) return null;
        return (
          <Card key={it.itemId} size="small" style={{ marginTop: 8 }} data-testid="inspection-check-item" title={<span style={{ whiteSpace: 'normal', fontWeight: 500 }}>{`${it.seq}. ${it.category} › ${it.project}`}</span>}>
            <Typography.Paragraph style={{ marginBottom: 6 }}>{it.point}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>
              依据：{it.basis}；方法：{it.method}
            </Typography.Paragraph>
            {done ? (
              <Space wrap>
                <Tag color={it.result === 'fail' ? 'red' : it.result === 'pass' ? 'green' : 'default'}>{it.result === 'fail' ? '不合格' : it.result === 'pass' ? '合格' : it.result === 'na' ? '不涉及' : '未检查'}</Tag>
                {it.note && <span>{it.note}</span>}
                {it.hazardId && (
                  <a onClick={() => navigate(`/hazards/${it.hazardId}`)}>
                    隐患 {it.hazardCode}
                    {it.hazardGrade === '重大' ? '（重大）' : ''}
                  </a>
                )}
              </Space>
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Segmented
                  block
                  value={a?.result ?? ''}
                  onChange={(r) => setAnswer(it.itemId, { result: r as Answer['result'] })}
                  options={[
                    { value: 'pass', label: '合格' },
                    { value: 'fail', label: '不合格' },
                    { value: 'na', label: '不涉及' },
                  ]}
                />
                {a?.result === 'fail' && (
                  <>
                    <Input.TextArea rows={2} placeholder="存在的问题（必填）" value={a.note} onChange={(e) => setAnswer(it.itemId, { note: e.target.value })} aria-label="存在的问题" />
                    <Space wrap>
                      <Select
                        value={a.grade ?? '一般'}
                        style={{ width: 140 }}
                        onChange={(g) => setAnswer(it.itemId, { grade: g, standardRef: g === '重大' && it.majorRef ? it.majorRef : undefined })}
                        options={[{ value: '一般', label: '一般隐患' }, ...(it.majorRef ? [{ value: '重大', label: '重大隐患' }] : [])]}
                      />
                      <DatePicker placeholder="整改期限" value={a.deadline ? dayjs(a.deadline) : null} onChange={(d) => setAnswer(it.itemId, { deadline: d ? d.format('YYYY-MM-DD') : undefined })} />
                    </Space>
                    <Upload
                      accept="image/*"
                      capture="environment"
                      showUploadList={false}
                      customRequest={async ({ file, onSuccess, onError }) => {
                        try {
                          const fd = new FormData();
                          fd.append('file', file as Blob);
                          const f = await call(inspectionApi.uploadPhoto, { params: { id: v.id }, body: fd });
                          setAnswer(it.itemId, { photoFileIds: [...(draft.answers[it.itemId]?.photoFileIds ?? []), f.id] });
                          onSuccess?.(f);
                        } catch (e) {
                          message.error((e as Error).message);
                          onError?.(e as Error);
                        }
                      }}
                    >
                      <Button icon={<CameraOutlined />}>拍照取证（{a.photoFileIds?.length ?? 0}）</Button>
                    </Upload>
                  </>
                )}
              </Space>
            )}
          </Card>
        );
      })}
      {v.status === 'in_progress' && onTeam && (
        <Card size="small" title="定位与签字" style={{ marginTop: 8 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
                获取定位
              </Button>
              {draft.lat !== undefined && (
                <span>
                  {draft.lat}, {draft.lng}
                </span>
              )}
            </Space>
            <Input placeholder="检查地点（无法定位时必填）" value={draft.locationNote} onChange={(e) => setDraft((d) => ({ ...d, locationNote: e.target.value }))} aria-label="检查地点" />
            <Input.TextArea rows={2} placeholder="检查情况小结（选填）" value={draft.summary} onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))} />
            <Input placeholder="企业现场负责人姓名" value={draft.signerName} onChange={(e) => setDraft((d) => ({ ...d, signerName: e.target.value }))} aria-label="签字人姓名" />
            <SignaturePad onChange={setSignature} />
            <Button type="primary" block size="large" loading={submit.isPending} onClick={send}>
              提交检查结果
            </Button>
          </Space>
        </Card>
      )}
    </div>
  );
}
