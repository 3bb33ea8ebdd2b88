import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { invalidate, useApiMutation } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg, type OrgTree } from '../../lib/reference';
import { applyServerErrors } from '../../components/forms';
import { UNIT_KIND_LABELS } from '../../../shared/access';
import { orgApi } from '../../../shared/contracts/org.api';

type Unit = OrgTree['units'][number];

/** The organisation: regions (属地), units with aliases, sectors with their supervising departments. */
export default function OrgPage() {
  const { data, isLoading } = useOrg();
  const { can } = useAuth();
  const [editing, setEditing] = useState<Unit | null>(null);
  const [kind, setKind] = useState<string | undefined>();
  const units = (data?.units ?? []).filter((u) => !kind || u.kind === kind);
  const unitName = (id: string | null) => data?.units.find((u) => u.id === id)?.shortName ?? '';
  return (
    <Card title="组织机构">
      <Tabs
        items={[
          {
            key: 'units',
            label: `单位（${data?.units.length ?? 0}）`,
            children: (
              <>
                <div className="page-toolbar">
                  <Select allowClear placeholder="单位类型" style={{ width: 160 }} value={kind} onChange={setKind} options={Object.entries(UNIT_KIND_LABELS).filter(([k]) => k !== 'enterprise').map(([value, label]) => ({ value, label }))} />
                </div>
                <Table<Unit>
                  rowKey="id"
                  size="small"
                  loading={isLoading}
                  dataSource={units}
                  pagination={{ pageSize: 50 }}
                  columns={[
                    { title: '简称', dataIndex: 'shortName', width: 200 },
                    { title: '全称', dataIndex: 'name', width: 260 },
                    { title: '类型', dataIndex: 'kind', width: 110, render: (k: string) => <Tag>{UNIT_KIND_LABELS[k] ?? k}</Tag> },
                    { title: '牵头部门', dataIndex: 'leadUnitId', width: 140, render: (id: string | null) => unitName(id) },
                    { title: '别名（方案中的其他写法）', dataIndex: 'aliases', render: (a: string[]) => [...new Set(a)].map((x) => <Tag key={x} style={{ marginBottom: 2 }}>{x}</Tag>) },
                    { title: '联络人', dataIndex: 'contactName', width: 100 },
                    { title: '联络电话', dataIndex: 'contactPhone', width: 130 },
                    ...(can('org.manage') ? [{ title: '', width: 60, render: (_: unknown, u: Unit) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} aria-label="编辑单位" /> }] : []),
                  ]}
                />
              </>
            ),
          },
          {
            key: 'regions',
            label: `属地（${(data?.regions.length ?? 1) - 1}）`,
            children: (
              <Table
                rowKey="code"
                size="small"
                dataSource={data?.regions.filter((r) => r.kind !== 'district')}
                pagination={false}
                columns={[
                  { title: '区划代码', dataIndex: 'code', width: 120 },
                  { title: '名称', dataIndex: 'name', width: 200 },
                  { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => (k === 'street' ? '街道' : '管理处（园区）') },
                  { title: '别名', dataIndex: 'aliases', render: (a: string[]) => a.map((x) => <Tag key={x}>{x}</Tag>) },
                ]}
              />
            ),
          },
          {
            key: 'sectors',
            label: `行业领域（${data?.sectors.length ?? 0}）`,
            children: (
              <Table
                rowKey="code"
                size="small"
                dataSource={data?.sectors}
                pagination={false}
                columns={[
                  { title: '行业领域', dataIndex: 'name', width: 200 },
                  { title: '监管部门（一企一执法主体）', dataIndex: 'departmentName', width: 220 },
                  { title: '牵头专委会', dataIndex: 'committeeUnitId', render: (id: string | null) => unitName(id) },
                ]}
              />
            ),
          },
        ]}
      />
      {editing && <UnitEditor unit={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function UnitEditor({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const update = useApiMutation(orgApi.updateUnit);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await update.mutateAsync({ params: { id: unit.id }, body: { ...v, contactPhone: v.contactPhone || null, contactName: v.contactName || null } });
      message.success('已保存');
      await invalidate(qc, orgApi.tree);
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message);
    }
  };
  return (
    <Modal open title={`编辑单位：${unit.shortName}`} onOk={save} onCancel={onClose} confirmLoading={update.isPending} okText="保存">
      <Form form={form} layout="vertical" initialValues={{ name: unit.name, shortName: unit.shortName, aliases: unit.aliases, contactName: unit.contactName, contactPhone: unit.contactPhone }}>
        <Form.Item name="name" label="全称" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label="简称" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="aliases" label="别名" extra="方案、文件中出现的其他写法，解析方案时据此识别同一单位">
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Space>
          <Form.Item name="contactName" label="联络人（一网）">
            <Input />
          </Form.Item>
          <Form.Item name="contactPhone" label="联络电话">
            <Input />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
