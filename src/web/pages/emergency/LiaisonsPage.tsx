import { useUrlFilters } from '../../lib/urlFilters';
import { useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Grid, Input, List, Modal, Select, Space, Table, Tag, Tooltip } from 'antd';
import { CheckOutlined, DownloadOutlined, EditOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { download, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { applyServerErrors } from '../../components/forms';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { LiaisonView } from '../../../shared/contracts/emergency';
import { formatDate } from '../../../shared/time';
import { telLink } from './emergencyUi';

const KIND_OPTIONS = [
  { value: 'street', label: '街道' },
  { value: 'department', label: '成员单位' },
  { value: 'park', label: '管理处（园区）' },
  { value: 'enterprise', label: '企业' },
  { value: 'office', label: '安委办' },
];

/** 一网: the liaison network; own liaisons editable and confirmable; one tap to call on a phone. */
export default function LiaisonsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const { params, set } = useUrlFilters();
  const [editing, setEditing] = useState<LiaisonView | 'new' | null>(null);
  const [form] = Form.useForm();
  const q = params.get('q') ?? undefined;
  const ownerKind = (params.get('ownerKind') ?? undefined) as 'street' | undefined;
  const stale = params.get('stale') ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const filter = { q, ownerKind, stale: stale as 'true' | undefined };
  const { data, isFetching } = useApiQuery(emergencyApi.liaisons, { query: { ...filter, page, pageSize: 20 } }, { placeholderData: keepPreviousData });
  const create = useApiMutation(emergencyApi.liaisonCreate, { invalidates: ['emergency'] });
  const update = useApiMutation(emergencyApi.liaisonUpdate, { invalidates: ['emergency'] });
  const confirm = useApiMutation(emergencyApi.liaisonConfirm, { invalidates: ['emergency'] });
  const canWrite = can('emergency.liaison');
  const save = (v: Record<string, string>) => {
    const body = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as { name: string; mobile: string };
    const done = { onSuccess: () => (message.success('已保存'), setEditing(null)), onError: (e: unknown) => applyServerErrors(form, e, message) };
    if (editing === 'new') create.mutate({ body }, done);
    else if (editing) update.mutate({ params: { id: editing.id }, body }, done);
  };
  const confirmBtn = (r: LiaisonView) =>
    r.canEdit && (
      <Tooltip title="信息仍然有效">
        <Button size="small" icon={<CheckOutlined />} onClick={() => confirm.mutate({ params: { id: r.id } }, { onSuccess: () => message.success('已确认') })}>
          确认
        </Button>
      </Tooltip>
    );
  const flag = (r: LiaisonView) => (r.stale ? <Tag color="orange">{r.daysSinceConfirmed} 天未确认</Tag> : <span>{formatDate(r.confirmedAt)}</span>);
  return (
    <Card
      title="应急联络网（一网）"
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => download(emergencyApi.liaisonExport, { query: filter }).catch((e: Error) => message.error(e.message))}>
            导出花名册
          </Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => (form.resetFields(), setEditing('new'))}>
              登记本单位联络员
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search allowClear placeholder="姓名、单位、职务" defaultValue={q} style={{ width: 220 }} onSearch={(v) => set({ q: v || undefined })} />
        <Select allowClear placeholder="全部单位类别" style={{ width: 150 }} value={ownerKind} options={KIND_OPTIONS} onChange={(v) => set({ ownerKind: v })} />
        <Select allowClear placeholder="确认情况" style={{ width: 150 }} value={stale} options={[{ value: 'true', label: '超过 90 天未确认' }, { value: 'false', label: '90 天内已确认' }]} onChange={(v) => set({ stale: v })} />
      </div>
      {!!data?.staleCount && <Alert type="warning" showIcon message={`${data.staleCount} 名联络员超过 90 天未确认，请各单位核实电话后点击“确认”。`} style={{ marginBottom: 12 }} />}
      {data?.items.some((i) => i.phonesMasked) && <Alert type="info" message="您的角色无需查看联络员电话，号码已部分隐藏。" style={{ marginBottom: 12 }} />}
      {screens.md === false ? (
        <List
          loading={isFetching}
          dataSource={data?.items}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: (p) => set({ page: String(p) }), size: 'small' }}
          renderItem={(r) => (
            <List.Item actions={[confirmBtn(r)].filter(Boolean)}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    {r.name}
                    <span style={{ color: '#888', fontWeight: 'normal' }}>{r.ownerName}</span>
                    {r.stale && <Tag color="orange">待确认</Tag>}
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    {r.mobile && !r.phonesMasked ? (
                      <a href={`tel:${r.mobile}`}>
                        <PhoneOutlined /> {r.mobile}
                      </a>
                    ) : (
                      r.mobile
                    )}
                    {r.dutyPhone && <span>值班 {telLink(r.dutyPhone)}</span>}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<LiaisonView>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items}
          tableLayout="fixed"
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (n) => `共 ${n} 人`, showSizeChanger: false, onChange: (p) => set({ page: String(p) }) }}
          columns={[
            { title: '单位', dataIndex: 'ownerName', ellipsis: { showTitle: true } },
            { title: '类别', dataIndex: 'ownerKindLabel', width: 100 },
            { title: '姓名', dataIndex: 'name', width: 90 },
            { title: '职务', dataIndex: 'position', width: 120, ellipsis: true, responsive: ['xxl'], render: (v: string | null) => v ?? '—' },
            { title: '手机', dataIndex: 'mobile', width: 130, render: telLink },
            { title: '值班电话', dataIndex: 'dutyPhone', width: 140, render: telLink },
            { title: '办公电话', dataIndex: 'officePhone', width: 140, responsive: ['xxl'], render: telLink },
            { title: '最近确认', dataIndex: 'confirmedAt', width: 130, render: (_: string, r) => flag(r) },
            {
              title: '操作',
              width: 150,
              render: (_: unknown, r) =>
                r.canEdit && (
                  <Space size={4}>
                    {confirmBtn(r)}
                    <Button size="small" icon={<EditOutlined />} onClick={() => (form.setFieldsValue({ ...r }), setEditing(r))}>
                      修改
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      )}
      <Modal title={editing === 'new' ? '登记联络员' : '修改联络员（保存即视为确认）'} open={!!editing} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="position" label="职务">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="mobile" label="手机" rules={[{ required: true, message: '请填写手机' }]}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="dutyPhone" label="值班电话">
            <Input inputMode="tel" maxLength={20} placeholder="如 027-83891234" />
          </Form.Item>
          <Form.Item name="officePhone" label="办公电话">
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
