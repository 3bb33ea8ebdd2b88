import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Input, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, FileWordOutlined, MinusCircleOutlined, PlusOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, call, download, invalidate, keyOf, useApiQuery } from '../../lib/client';
import type { SummarySection } from '../../../shared/contracts/campaign';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { SummaryView } from '../../../shared/contracts/campaign.views';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const marker = (level: number, i: number) => (level === 1 ? `${CN[i] ?? i + 1}、` : level === 2 ? `（${CN[i] ?? i + 1}）` : level === 3 ? `${i + 1}.` : `（${i + 1}）`);

/** The office edits a compiled summary section by section (一、（一）1.（1）) before issuing it as Word. */
export default function SummaryEditPage() {
  const { id, sid } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const input = id && sid ? { params: { id, sid } } : null;
  const { data: s, isLoading } = useApiQuery(campaignApi.summary, input);
  const [doc, setDoc] = useState<SummaryView | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (s) setDoc(structuredClone(s));
  }, [s]);
  if (isLoading || !doc || !s || !input) return <Spin style={{ margin: 48 }} />;
  const params = input.params;
  const editable = s.status === 'draft';
  const act = async (fn: () => Promise<SummaryView>, ok: string) => {
    setBusy(true);
    try {
      const next = await fn();
      qc.setQueryData(keyOf(campaignApi.summary, input), next);
      await invalidate(qc, campaignApi.summaries);
      message.success(ok);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(() => call(campaignApi.updateSummary, { params, body: { title: doc.title, recipient: doc.recipient, docNumber: doc.docNumber, issuer: doc.issuer, issuedOn: doc.issuedOn, sections: doc.sections, version: s.version } }), '已保存');
  const update = (path: number[], fn: (x: SummarySection) => SummarySection | null) => {
    const clone = structuredClone(doc);
    let list = clone.sections;
    for (let i = 0; i < path.length - 1; i++) list = list[path[i]].children ??= [];
    const last = path[path.length - 1];
    const next = fn(list[last]);
    if (next === null) list.splice(last, 1);
    else list[last] = next;
    setDoc(clone);
  };
  const addSection = (path: number[]) => {
    const clone = structuredClone(doc);
    let list = clone.sections;
    for (const i of path) list = list[i].children ??= [];
    list.push({ heading: '新的部分', paragraphs: [''] });
    setDoc(clone);
  };
  const renderSections = (list: SummarySection[], level: number, path: number[]) =>
    list.map((sec, i) => (
      <div key={`${path.join('.')}.${i}`} style={{ marginLeft: level > 1 ? 24 : 0, marginBottom: 12 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Input addonBefore={marker(level, i)} value={sec.heading} disabled={!editable} onChange={(e) => update([...path, i], (x) => ({ ...x, heading: e.target.value }))} style={{ fontWeight: level === 1 ? 600 : 400 }} />
          {editable && (
            <Popconfirm title="删除这一部分？" onConfirm={() => update([...path, i], () => null)}>
              <Button icon={<DeleteOutlined />} aria-label="删除部分" />
            </Popconfirm>
          )}
        </Space.Compact>
        {sec.paragraphs.map((p, k) => (
          <Space key={k} align="start" style={{ display: 'flex', marginTop: 6 }}>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 12 }}
              value={p}
              disabled={!editable}
              style={{ width: 'min(920px, 70vw)', fontFamily: 'FangSong, STFangsong, serif', fontSize: 15 }}
              onChange={(e) => update([...path, i], (x) => ({ ...x, paragraphs: x.paragraphs.map((q, j) => (j === k ? e.target.value : q)) }))}
            />
            {editable && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => update([...path, i], (x) => ({ ...x, paragraphs: x.paragraphs.filter((_q, j) => j !== k) }))} aria-label="删除段落" />}
          </Space>
        ))}
        {editable && (
          <Space style={{ marginTop: 6 }}>
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => update([...path, i], (x) => ({ ...x, paragraphs: [...x.paragraphs, ''] }))}>
              段落
            </Button>
            {level < 4 && (
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addSection([...path, i])}>
                下级标题
              </Button>
            )}
          </Space>
        )}
        {sec.children?.length ? renderSections(sec.children, level + 1, [...path, i]) : null}
      </div>
    ));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/campaigns/${id}?tab=summaries`)} aria-label="返回" />
            <Typography.Title level={4} style={{ margin: 0 }}>
              {s.kindLabel} · {s.periodLabel} · {s.unitName ?? '全区'}
            </Typography.Title>
            {s.status === 'final' ? <Tag color="green">已定稿</Tag> : <Tag>草稿</Tag>}
          </Space>
          <Space wrap>
            {editable && (
              <>
                <Button icon={<SaveOutlined />} type="primary" loading={busy} onClick={save}>
                  保存
                </Button>
                <Popconfirm title="按最新报送数据重新生成，本页的修改将被覆盖。" onConfirm={() => act(() => call(campaignApi.recompileSummary, { params }), '已重新生成')}>
                  <Button icon={<ReloadOutlined />}>重新生成</Button>
                </Popconfirm>
                <Popconfirm title="定稿后不能再修改（可退回草稿）。请先保存修改。" onConfirm={() => act(() => call(campaignApi.finalizeSummary, { params }), '已定稿')}>
                  <Button>定稿</Button>
                </Popconfirm>
              </>
            )}
            {!editable && <Button onClick={() => act(() => call(campaignApi.reopenSummary, { params }), '已退回草稿')}>退回草稿</Button>}
            <Button icon={<FileWordOutlined />} onClick={() => download(campaignApi.summaryDocx, { params }).catch((e: Error) => message.error(e.message))}>
              下载 Word（公文格式）
            </Button>
          </Space>
        </Space>
      </Card>
      {editable && <Alert type="info" showIcon message="草稿由月度报送和台账数据自动汇编，请核实数据、补充措施成效后保存；下载的 Word 按 GB/T 9704 公文格式排版（标题 2 号小标宋，正文 3 号仿宋，一、（一）1.（1）层次）。" />}
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input addonBefore="发文字号" value={doc.docNumber} disabled={!editable} onChange={(e) => setDoc({ ...doc, docNumber: e.target.value })} placeholder="如：东安办〔2021〕5号" />
          <Input addonBefore="标题" value={doc.title} disabled={!editable} onChange={(e) => setDoc({ ...doc, title: e.target.value })} style={{ fontWeight: 600 }} />
          <Input addonBefore="主送机关" value={doc.recipient} disabled={!editable} onChange={(e) => setDoc({ ...doc, recipient: e.target.value })} />
          {renderSections(doc.sections, 1, [])}
          {editable && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => addSection([])}>
              添加一级标题
            </Button>
          )}
          <Space wrap>
            <Input addonBefore="发文机关署名" value={doc.issuer} disabled={!editable} onChange={(e) => setDoc({ ...doc, issuer: e.target.value })} style={{ width: 420 }} />
            <DatePicker value={doc.issuedOn ? dayjs(doc.issuedOn) : null} disabled={!editable} onChange={(d) => setDoc({ ...doc, issuedOn: d ? d.format('YYYY-MM-DD') : null })} placeholder="成文日期" />
          </Space>
        </Space>
      </Card>
    </Space>
  );
}
