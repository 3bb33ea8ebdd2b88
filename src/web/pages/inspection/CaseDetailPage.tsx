import { useState } from 'react';
import { useParams } from 'react-router';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Timeline, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { CASE_DOCUMENTS, CASE_SOURCE_LABELS, CIRCUMSTANCES, DOCUMENT_LABELS, MAJOR_DECISION_FINE, type DocumentKind } from '../../../shared/inspection/rules';
import { CaseStatusTag, fmtDate, fmtTime, money } from './inspectionUi';

const STEP_LABELS: Record<string, string> = { file: '立案', investigate: '调查取证', propose: '拟处罚意见', legal_review: '法制审核', decide: '作出决定', execute: '执行', close: '结案', document: '制作文书' };

/** A case: every step, actor, time and document (执法全过程记录); the next steps; 法制审核 for 重大执法决定. */
export default function CaseDetailPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data: c, isLoading } = useApiQuery(inspectionApi.case, { params: { id: id! } });
  const { data: table } = useApiQuery(inspectionApi.discretion, {});
  const step = useApiMutation(inspectionApi.caseStep, { invalidates: ['inspection'] });
  const review = useApiMutation(inspectionApi.legalReview, { invalidates: ['inspection'] });
  const issue = useApiMutation(inspectionApi.issueDocument, { invalidates: ['inspection'] });
  const [dialog, setDialog] = useState<null | 'investigate' | 'propose' | 'execute' | 'close' | 'review'>(null);
  const [form] = Form.useForm();
  const code = Form.useWatch('violationCode', form);
  const circ = Form.useWatch('circumstance', form);
  if (isLoading || !c) return <Card loading />;
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      setDialog(null);
      form.resetFields();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const row = table?.find((r) => r.code === code);
  const range = row && circ ? row.ranges[circ as (typeof CIRCUMSTANCES)[number]] : undefined;
  const handler = can('inspection.case');
  const docs = (Object.entries(CASE_DOCUMENTS) as [DocumentKind, string[]][]).filter(([, s]) => s.includes(c.status));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${c.code} · ${c.enterpriseName}`} extra={<CaseStatusTag value={c.status} />}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="案由" span={2}>{c.summary}</Descriptions.Item>
          <Descriptions.Item label="来源">{CASE_SOURCE_LABELS[c.source]}{c.sourceRef ? `（${c.sourceRef}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="承办">{c.unitName} · {c.handlerName}</Descriptions.Item>
          <Descriptions.Item label="违法行为" span={2}>{c.violation ?? '—'}{c.circumstance ? `（情节${c.circumstance}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="罚款">{money(c.fineAmount)} {c.major && <Tag color="purple">重大执法决定</Tag>}</Descriptions.Item>
          <Descriptions.Item label="法制审核">{c.reviewPassed === null ? (c.major ? '待审核' : '不需要') : `${c.reviewPassed ? '通过' : '不通过'}（${c.reviewerName}：${c.reviewOpinion}）`}</Descriptions.Item>
          <Descriptions.Item label="立案日期">{fmtDate(c.filedOn)}</Descriptions.Item>
          <Descriptions.Item label="决定日期">{fmtDate(c.decidedOn)}</Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          {handler && ['filed', 'investigating'].includes(c.status) && <Button onClick={() => setDialog('investigate')}>记录调查取证</Button>}
          {handler && ['investigating', 'legal_review'].includes(c.status) && c.reviewPassed !== true && <Button onClick={() => setDialog('propose')}>拟处罚意见</Button>}
          {handler && ['investigating', 'legal_review'].includes(c.status) && c.fineAmount !== null && (!c.major || c.reviewPassed) && (
            <Button type="primary" loading={step.isPending} onClick={() => run(() => step.mutateAsync({ params: { id: c.id }, body: { step: 'decide' } }), '已作出处罚决定')}>作出决定</Button>
          )}
          {can('inspection.legal') && c.status === 'legal_review' && c.reviewPassed !== true && <Button type="primary" onClick={() => setDialog('review')}>法制审核</Button>}
          {handler && c.status === 'decided' && <Button onClick={() => setDialog('execute')}>记录执行</Button>}
          {handler && ['decided', 'executing'].includes(c.status) && <Button onClick={() => setDialog('close')}>结案</Button>}
          {handler &&
            docs.map(([k]) => (
              <Button key={k} loading={issue.isPending} onClick={() => run(() => issue.mutateAsync({ params: { id: c.id }, body: { kind: k } }), `已制作${DOCUMENT_LABELS[k]}`)}>
                制作{DOCUMENT_LABELS[k]}
              </Button>
            ))}
        </Space>
      </Card>
      <Card title="执法文书" size="small">
        {c.documents.length === 0 ? (
          <Typography.Text type="secondary">暂无文书</Typography.Text>
        ) : (
          <Space wrap>
            {c.documents.map((d) => (
              <Button key={d.id} icon={<DownloadOutlined />} onClick={() => download(inspectionApi.documentFile, { params: { id: d.id } })}>
                {DOCUMENT_LABELS[d.kind]} {d.number}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Card title="执法全过程记录" size="small">
        <Timeline
          items={c.events.map((e) => ({
            children: (
              <div>
                <b>{STEP_LABELS[e.step] ?? e.step}</b> · {e.actorName} · {fmtTime(e.at)}
                {e.note && <div style={{ color: '#475569' }}>{e.note}</div>}
                {e.documentId && (
                  <a onClick={() => download(inspectionApi.documentFile, { params: { id: e.documentId! } })}>下载文书</a>
                )}
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={!!dialog}
        title={dialog === 'review' ? '重大执法决定法制审核' : dialog === 'propose' ? '拟处罚意见（裁量基准）' : dialog ? STEP_LABELS[dialog] : ''}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={step.isPending || review.isPending}
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            dialog === 'review'
              ? run(() => review.mutateAsync({ params: { id: c.id }, body: { passed: v.passed, opinion: v.note } }), '审核意见已记录')
              : dialog === 'propose'
                ? run(() => step.mutateAsync({ params: { id: c.id }, body: { step: 'propose', violationCode: v.violationCode, circumstance: v.circumstance, fineAmount: v.fineAmount, note: v.note } }), '已提出拟处罚意见')
                : run(() => step.mutateAsync({ params: { id: c.id }, body: { step: dialog as 'investigate' | 'execute' | 'close', note: v.note } }), '已记录')
          }
        >
          {dialog === 'propose' && (
            <>
              <Form.Item name="violationCode" label="违法行为" rules={[{ required: true, message: '请选择违法行为' }]}>
                <Select showSearch optionFilterProp="label" options={(table ?? []).map((r) => ({ value: r.code, label: `${r.violation}（${r.basis}）` }))} />
              </Form.Item>
              <Form.Item name="circumstance" label="情节" rules={[{ required: true, message: '请选择情节' }]}>
                <Select options={CIRCUMSTANCES.map((x) => ({ value: x, label: x }))} />
              </Form.Item>
              <Form.Item
                name="fineAmount"
                label={range ? `罚款金额（裁量范围 ${money(range[0])} 至 ${money(range[1])}；${MAJOR_DECISION_FINE.toLocaleString('zh-CN')} 元及以上为重大执法决定，须法制审核）` : '罚款金额'}
                rules={[{ required: true, message: '请填写罚款金额' }]}
              >
                <InputNumber min={0} style={{ width: '100%' }} addonAfter="元" />
              </Form.Item>
            </>
          )}
          {dialog === 'review' && (
            <Form.Item name="passed" label="审核结论" rules={[{ required: true, message: '请选择结论' }]}>
              <Select options={[{ value: true, label: '通过' }, { value: false, label: '不通过，退回调查' }]} />
            </Form.Item>
          )}
          <Form.Item name="note" label={dialog === 'review' ? '审核意见' : '说明'} rules={dialog === 'propose' ? [] : [{ required: true, min: 2, message: '请填写' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
