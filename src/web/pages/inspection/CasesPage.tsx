import { useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { CASE_SOURCES, CASE_SOURCE_LABELS, CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '../../../shared/inspection/rules';
import { EnterprisePicker as EnterpriseSelect } from '../../components/EnterprisePicker';
import { CaseStatusTag, fmtDate, money } from './inspectionUi';

/** 行政执法案件 list and 立案. */
export default function CasesPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [q, setQ] = useState<{ status?: CaseStatus; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useApiQuery(inspectionApi.cases, { query: q }, { placeholderData: keepPreviousData });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useApiMutation(inspectionApi.openCase, { invalidates: ['inspection'] });
  return (
    <Card
      title="行政执法案件"
      extra={
        can('inspection.case') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            立案
          </Button>
        )
      }
    >
      <div className="page-toolbar">
        <Select allowClear placeholder="办理阶段" style={{ width: 160 }} options={CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }))} onChange={(v) => setQ({ ...q, status: v, page: 1 })} />
      </div>
      <Table
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items}
        onRow={(r) => ({ onClick: () => navigate(`/inspection/cases/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: q.page, pageSize: q.pageSize, total: data?.total, onChange: (page, pageSize) => setQ({ ...q, page, pageSize }) }}
        columns={[
          { title: '案件编号', dataIndex: 'code', width: 130 },
          { title: '当事人', dataIndex: 'enterpriseName', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '案由', dataIndex: 'summary', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '来源', dataIndex: 'source', width: 90, render: (v: keyof typeof CASE_SOURCE_LABELS) => CASE_SOURCE_LABELS[v] },
          { title: '阶段', dataIndex: 'status', width: 110, render: (v: CaseStatus, r) => <span><CaseStatusTag value={v} />{r.major && <Tag color="purple">重大</Tag>}</span> },
          { title: '罚款', dataIndex: 'fineAmount', width: 110, render: money },
          { title: '立案日期', dataIndex: 'filedOn', width: 120, render: fmtDate },
        ]}
      />
      <Modal open={open} title="立案" onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ source: 'inspection' }}
          onFinish={async (v) => {
            try {
              const c = await create.mutateAsync({ body: v });
              setOpen(false);
              navigate(`/inspection/cases/${c.id}`);
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="enterpriseId" label="当事人（企业）" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterpriseSelect />
          </Form.Item>
          <Form.Item name="source" label="案件来源">
            <Select options={CASE_SOURCES.map((s) => ({ value: s, label: CASE_SOURCE_LABELS[s] }))} />
          </Form.Item>
          <Form.Item name="sourceRef" label="来源编号（检查编号、举报编号等）">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="summary" label="案情摘要" rules={[{ required: true, min: 4, message: '请填写案情摘要' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
