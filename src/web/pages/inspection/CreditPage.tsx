import { useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { DISHONEST_STATUSES, DISHONEST_STATUS_LABELS, type DishonestStatus } from '../../../shared/inspection/rules';
import { EnterprisePicker as EnterpriseSelect } from '../../components/EnterprisePicker';
import { fmtDate } from './inspectionUi';

const COLORS: Record<DishonestStatus, string> = { listed: 'red', repair_pending: 'gold', repaired: 'success', expired: 'default' };
export function DishonestTag() {
  return <Tag color="red">失信</Tag>;
}

/** 严重失信主体名单: list (列入 with reason, basis, period), 信用修复 application and review. */
export default function CreditPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [q, setQ] = useState<{ status?: DishonestStatus; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useApiQuery(inspectionApi.dishonestList, { query: q }, { placeholderData: keepPreviousData });
  const add = useApiMutation(inspectionApi.addDishonest, { invalidates: ['inspection'] });
  const apply = useApiMutation(inspectionApi.applyRepair, { invalidates: ['inspection'] });
  const review = useApiMutation(inspectionApi.reviewRepair, { invalidates: ['inspection'] });
  const [dialog, setDialog] = useState<null | { kind: 'add' } | { kind: 'apply' | 'review'; id: string; name: string }>(null);
  const [form] = Form.useForm();
  const close = () => {
    setDialog(null);
    form.resetFields();
  };
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      close();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card
      title="严重失信主体名单"
      extra={
        can('inspection.credit') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })}>
            列入名单
          </Button>
        )
      }
    >
      <div className="page-toolbar">
        <Select allowClear placeholder="状态" style={{ width: 180 }} options={DISHONEST_STATUSES.map((s) => ({ value: s, label: DISHONEST_STATUS_LABELS[s] }))} onChange={(v) => setQ({ ...q, status: v, page: 1 })} />
      </div>
      <Table
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items}
        pagination={{ current: q.page, pageSize: q.pageSize, total: data?.total, onChange: (page, pageSize) => setQ({ ...q, page, pageSize }) }}
        columns={[
          { title: '企业', dataIndex: 'enterpriseName', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '列入事由', dataIndex: 'reason', ellipsis: { showTitle: false }, render: (v: string, r) => <Tooltip title={`${v}（依据：${r.basis}）`}>{v}</Tooltip> },
          { title: '期限', width: 200, render: (_: unknown, r) => `${fmtDate(r.startsOn)} 至 ${fmtDate(r.endsOn)}` },
          { title: '列入单位', dataIndex: 'unitName', width: 120, ellipsis: true },
          {
            title: '状态',
            dataIndex: 'status',
            width: 150,
            render: (v: DishonestStatus, r) => (
              <Tooltip title={r.repairOpinion ? `审核意见：${r.repairOpinion}` : r.repairReason ? `修复申请：${r.repairReason}` : undefined}>
                <Tag color={COLORS[v]}>{DISHONEST_STATUS_LABELS[v]}</Tag>
              </Tooltip>
            ),
          },
          {
            title: '操作',
            width: 120,
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.status === 'listed' && can('inspection.credit_repair') && (
                  <Button size="small" onClick={() => setDialog({ kind: 'apply', id: r.id, name: r.enterpriseName })}>
                    信用修复
                  </Button>
                )}
                {r.status === 'repair_pending' && can('inspection.credit') && (
                  <Button size="small" type="primary" onClick={() => setDialog({ kind: 'review', id: r.id, name: r.enterpriseName })}>
                    审核修复
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!dialog}
        title={dialog?.kind === 'add' ? '列入严重失信主体名单' : dialog?.kind === 'apply' ? `申请信用修复：${dialog.name}` : dialog ? `审核信用修复：${dialog.name}` : ''}
        onCancel={close}
        onOk={() => form.submit()}
        confirmLoading={add.isPending || apply.isPending || review.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ approved: true, period: [dayjs(), dayjs().add(3, 'year')] }}
          onFinish={async (v) => {
            if (dialog?.kind === 'add') {
              const [s, e] = v.period as [dayjs.Dayjs, dayjs.Dayjs];
              await run(() => add.mutateAsync({ body: { enterpriseId: v.enterpriseId, reason: v.reason, basis: v.basis, startsOn: s.format('YYYY-MM-DD'), endsOn: e.format('YYYY-MM-DD') } }), '已列入名单');
            } else if (dialog?.kind === 'apply') {
              await run(() => apply.mutateAsync({ params: { id: dialog.id }, body: { reason: v.reason } }), '信用修复申请已提交');
            } else if (dialog?.kind === 'review') {
              await run(() => review.mutateAsync({ params: { id: dialog.id }, body: { approved: v.approved, opinion: v.opinion } }), v.approved ? '已同意修复，移出名单' : '已驳回修复申请');
            }
          }}
        >
          {dialog?.kind === 'add' && (
            <>
              <Form.Item name="enterpriseId" label="企业" rules={[{ required: true, message: '请选择企业' }]}>
                <EnterpriseSelect />
              </Form.Item>
              <Form.Item name="reason" label="列入事由" rules={[{ required: true, min: 4, message: '请填写列入事由（至少 4 个字）' }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="basis" label="列入依据" rules={[{ required: true, min: 4, message: '请填写依据' }]} initialValue="《安全生产严重失信主体名单管理办法》第六条">
                <Input />
              </Form.Item>
              <Form.Item name="period" label="列入期限" rules={[{ required: true, message: '请选择期限' }]}>
                <DatePicker.RangePicker style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'apply' && (
            <Form.Item name="reason" label="修复理由" rules={[{ required: true, min: 4, message: '请说明已履行处罚、完成整改等情况' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog?.kind === 'review' && (
            <>
              <Form.Item name="approved" label="审核结论">
                <Radio.Group options={[{ value: true, label: '同意修复，移出名单' }, { value: false, label: '不予修复' }]} />
              </Form.Item>
              <Form.Item name="opinion" label="审核意见" rules={[{ required: true, min: 2, message: '请填写审核意见' }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
