import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { call, download, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { summaryKeyLabel, summaryKeys } from '../../../shared/campaign/periods';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView, SummaryView } from '../../../shared/contracts/campaign.views';
import { formatDateTime } from '../../../shared/time';

/** Quarterly / half-year / annual summaries and the final evaluation: compiled drafts the office edits, then Word. */
export default function SummariesTab({ campaign }: { campaign: CampaignView }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [creating, setCreating] = useState(false);
  const { data, isLoading } = useApiQuery(campaignApi.summaries, { params: { id: campaign.id } });
  return (
    <div>
      <div className="page-toolbar">
        <span className="spacer" />
        {(can('campaign.manage') || can('campaign.report')) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            生成总结
          </Button>
        )}
      </div>
      <Table<SummaryView>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: '标题', dataIndex: 'title', render: (v: string, s) => <a onClick={() => navigate(`/campaigns/${campaign.id}/summaries/${s.id}`)}>{v}</a> },
          { title: '类型', dataIndex: 'kindLabel', width: 130 },
          { title: '期间', dataIndex: 'periodLabel', width: 140 },
          { title: '范围', width: 130, render: (_: unknown, s) => s.unitName ?? '全区' },
          { title: '状态', dataIndex: 'status', width: 80, render: (v: string) => (v === 'final' ? <Tag color="green">已定稿</Tag> : <Tag>草稿</Tag>) },
          { title: '更新', dataIndex: 'updatedAt', width: 140, render: (v: string) => formatDateTime(v) },
          {
            title: '操作',
            width: 150,
            render: (_: unknown, s) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => navigate(`/campaigns/${campaign.id}/summaries/${s.id}`)}>
                  {s.status === 'draft' ? '编辑' : '查看'}
                </Button>
                <Button type="link" size="small" icon={<FileWordOutlined />} onClick={() => download(campaignApi.summaryDocx, { params: { id: campaign.id, sid: s.id } }).catch((e: Error) => message.error(e.message))}>
                  Word
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {creating && <CreateModal campaign={campaign} onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateModal({ campaign, onClose }: { campaign: CampaignView; onClose: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { can, me } = useAuth();
  const office = can('campaign.manage');
  const [busy, setBusy] = useState(false);
  const { data: tree } = useApiQuery(campaignApi.tree, office ? { params: { id: campaign.id } } : null);
  const keys = summaryKeys(campaign.startDate, campaign.endDate);
  const submit = async (v: { periodKey: string; scope: 'district' | 'unit'; unitId?: string }) => {
    setBusy(true);
    try {
      const s = await call(campaignApi.createSummary, { params: { id: campaign.id }, body: { periodKey: v.periodKey, unitId: v.scope === 'district' ? null : office ? v.unitId : me?.unitId } });
      await invalidate(qc, campaignApi.summaries);
      navigate(`/campaigns/${campaign.id}/summaries/${s.id}`);
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="生成总结草稿" onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} okText="生成">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ scope: office ? 'district' : 'unit' }}>
        <Form.Item name="periodKey" label="总结期间" rules={[{ required: true, message: '请选择期间' }]}>
          <Select
            showSearch
            options={[
              { label: '季度', options: keys.filter((k) => k.includes('-Q')).map((k) => ({ value: k, label: summaryKeyLabel(k) })) },
              { label: '半年', options: keys.filter((k) => k.includes('-H')).map((k) => ({ value: k, label: summaryKeyLabel(k) })) },
              { label: '年度', options: keys.filter((k) => /^\d{4}$/.test(k)).map((k) => ({ value: k, label: summaryKeyLabel(k) })) },
              { label: '全面总结评估', options: [{ value: 'final', label: '全面总结评估报告（行动期末）' }] },
            ]}
          />
        </Form.Item>
        {office && (
          <Form.Item name="scope" label="范围">
            <Radio.Group
              options={[
                { value: 'district', label: '全区' },
                { value: 'unit', label: '某单位' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item noStyle shouldUpdate={(a, b) => a.scope !== b.scope}>
          {({ getFieldValue }) =>
            office && getFieldValue('scope') === 'unit' ? (
              <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
                <Select showSearch optionFilterProp="label" options={(tree?.units ?? []).map((u) => ({ value: u.unitId, label: u.name }))} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
      </Form>
    </Modal>
  );
}
