import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ApiError, call, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView } from '../../../shared/contracts/campaign.views';
import { periodLabel } from './campaignUi';

/** 专项行动: every campaign the user takes part in; the office creates one by hand or from a plan file. */
export default function CampaignListPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { data, isLoading } = useApiQuery(campaignApi.list, {});
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  return (
    <Card
      title="专项行动"
      extra={
        can('campaign.manage') && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              上传方案创建
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建专项行动
            </Button>
          </Space>
        )
      }
    >
      <Table<CampaignView>
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/campaigns/${r.id}`) })}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <a onClick={() => navigate(`/campaigns/${r.id}`)}>{v}</a>
                {r.docNumber && <Typography.Text type="secondary">{r.docNumber}</Typography.Text>}
              </Space>
            ),
          },
          { title: '期限', width: 200, render: (_: unknown, r) => `${r.startDate} 至 ${r.endDate}` },
          { title: '阶段', width: 260, render: (_: unknown, r) => r.phases.map((p) => <Tag key={p.id}>{p.name}</Tag>) },
          { title: '任务 / 事项 / 责任单位', width: 180, render: (_: unknown, r) => `${r.counts.tasks} / ${r.counts.items} / ${r.counts.units}` },
          { title: '当前报送月份', width: 120, render: (_: unknown, r) => periodLabel(r.currentPeriod) },
          { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => (v === 'active' ? <Tag color="green">进行中</Tag> : <Tag>已归档</Tag>) },
        ]}
      />
      {creating && <CreateModal onClose={() => setCreating(false)} />}
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </Card>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { name: string; docNumber?: string; range: [Dayjs, Dayjs]; dueDay: number }) => {
    setBusy(true);
    try {
      const c = await call(campaignApi.create, {
        body: {
          name: v.name,
          docNumber: v.docNumber || null,
          startDate: v.range[0].format('YYYY-MM-DD'),
          endDate: v.range[1].format('YYYY-MM-DD'),
          settings: { dueDay: v.dueDay },
        },
      });
      await invalidate(qc, campaignApi.list);
      message.success('已创建，请在“任务分解”中添加任务和责任单位');
      navigate(`/campaigns/${c.id}?tab=tree`);
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新建专项行动" onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText="创建">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ dueDay: 25 }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input placeholder="如：2024年城镇燃气安全专项整治" />
        </Form.Item>
        <Form.Item name="docNumber" label="文号">
          <Input placeholder="如：东安〔2024〕3号" />
        </Form.Item>
        <Form.Item name="range" label="期限" rules={[{ required: true, message: '请选择起止日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="dueDay" label="每月报送截止日" extra="各单位每月该日前报送本月进展，逾期报送记为迟报">
          <InputNumber min={1} max={31} addonAfter="日" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportModal({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!file) return setError('请选择方案文件');
    setBusy(true);
    setError(null);
    const fd = new FormData();
    if (name.trim()) fd.append('name', name.trim());
    fd.append('file', file);
    try {
      const r = await call(campaignApi.importPlan, { body: fd });
      await invalidate(qc, campaignApi.list);
      message.success(`已创建：${r.tasks} 项任务、${r.items} 个事项${r.unresolvedUnits.length ? `；未识别单位：${r.unresolvedUnits.join('、')}` : ''}`, 6);
      navigate(`/campaigns/${r.id}?tab=tree`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="上传方案创建专项行动" onCancel={onClose} onOk={submit} confirmLoading={busy} okText="解析并创建">
      <Typography.Paragraph type="secondary">
        支持 .txt（任意中文编码）和 .docx。系统自动识别任务、牵头和配合单位、时间节点、目标指标和阶段；创建后可在“任务分解”中逐项核对修改。需要逐条审核的，请使用“方案导入”。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input placeholder="名称（留空则用方案标题）" value={name} onChange={(e) => setName(e.target.value)} />
        <Upload beforeUpload={(f) => (setFile(f), false)} maxCount={1} accept=".txt,.docx" onRemove={() => setFile(null)}>
          <Button icon={<UploadOutlined />}>选择方案文件</Button>
        </Upload>
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Modal>
  );
}
