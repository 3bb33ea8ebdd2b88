import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { EnterprisePicker as EnterpriseSelect } from '../../components/EnterprisePicker';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import type { InspectorView } from '../../../shared/contracts/inspection';
import { fmtDate } from './inspectionUi';

/** 执法检查人员名录: 执法证 (number, expiry — an expired one cannot be drawn or sign) and 回避 relations. */
export default function InspectorsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, isFetching } = useApiQuery(inspectionApi.inspectors, {});
  const [cert, setCert] = useState<InspectorView | null>(null);
  const [conflictOf, setConflictOf] = useState<InspectorView | null>(null);
  const save = useApiMutation(inspectionApi.saveInspector, { invalidates: ['inspection'] });
  const addConflict = useApiMutation(inspectionApi.addConflict, { invalidates: ['inspection'] });
  const removeConflict = useApiMutation(inspectionApi.removeConflict, { invalidates: ['inspection'] });
  const manage = can('inspection.directory');
  const [certForm] = Form.useForm();
  const [conflictForm] = Form.useForm();
  return (
    <Card title="执法检查人员名录">
      <Table<InspectorView>
        rowKey="userId"
        loading={isFetching}
        dataSource={data}
        pagination={false}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 180, ellipsis: true },
          { title: '所属部门', dataIndex: 'unitName', width: 140, ellipsis: true },
          { title: '执法证号', dataIndex: 'certNo', width: 130, render: (v) => v ?? <Tag>未录入</Tag> },
          { title: '有效期至', dataIndex: 'certExpiry', width: 140, render: (v: string | null, r) => (v ? <span>{fmtDate(v)} {!r.certValid && <Tag color="red">已过期</Tag>}</span> : '—') },
          {
            title: '回避关系',
            render: (_: unknown, r) => (
              <Space wrap size={4}>
                {r.conflicts.map((c) => (
                  <Tooltip key={c.id} title={c.note || undefined}>
                    <Tag
                      closable={manage}
                      onClose={(e) => {
                        e.preventDefault();
                        removeConflict.mutate({ params: { userId: r.userId, conflictId: c.id } });
                      }}
                    >
                      {c.kind === 'relative' ? '近亲属' : '本人'}：{c.enterpriseName}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          { title: '本年抽中', dataIndex: 'assignmentsThisYear', width: 90 },
          ...(manage
            ? [
                {
                  title: '操作',
                  width: 190,
                  render: (_: unknown, r: InspectorView) => (
                    <Space>
                      <Button
                        size="small"
                        onClick={() => {
                          setCert(r);
                          certForm.setFieldsValue({ certNo: r.certNo, certExpiry: r.certExpiry ? dayjs(r.certExpiry) : undefined });
                        }}
                      >
                        执法证
                      </Button>
                      <Button size="small" disabled={!r.registered} onClick={() => setConflictOf(r)}>
                        登记回避
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={!!cert} title={`执法证：${cert?.name ?? ''}`} onCancel={() => setCert(null)} onOk={() => certForm.submit()} confirmLoading={save.isPending}>
        <Form
          form={certForm}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await save.mutateAsync({ params: { userId: cert!.userId }, body: { certNo: v.certNo, certExpiry: v.certExpiry.format('YYYY-MM-DD') } });
              message.success('已保存');
              setCert(null);
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="certNo" label="行政执法证号" rules={[{ required: true, min: 4, message: '请填写执法证号' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="certExpiry" label="有效期至" rules={[{ required: true, message: '请选择有效期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!conflictOf} title={`登记回避：${conflictOf?.name ?? ''}`} onCancel={() => setConflictOf(null)} onOk={() => conflictForm.submit()} confirmLoading={addConflict.isPending}>
        <Form
          form={conflictForm}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await addConflict.mutateAsync({ params: { userId: conflictOf!.userId }, body: v });
              message.success('已登记，抽取和检查时将自动回避');
              setConflictOf(null);
              conflictForm.resetFields();
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]}>
            <EnterpriseSelect />
          </Form.Item>
          <Form.Item name="kind" label="回避类型" initialValue="relative">
            <Select options={[{ value: 'enterprise', label: '本人与企业有利害关系' }, { value: 'relative', label: '近亲属在该企业任职或有利害关系' }]} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
