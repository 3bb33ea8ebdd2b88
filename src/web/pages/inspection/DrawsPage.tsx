import { useState } from 'react';
import { useNavigate } from 'react-router';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import { CLASS_LABELS, TARGET_CLASSES } from '../../../shared/inspection/rules';
import { fmtTime } from './inspectionUi';

/** 双随机抽取: the list, and a new draw (commits to the seed's SHA-256 before anything is drawn). */
export default function DrawsPage() {
  const navigate = useNavigate();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, isFetching } = useApiQuery(inspectionApi.draws, { query: page }, { placeholderData: keepPreviousData });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useApiMutation(inspectionApi.createDraw, { invalidates: ['inspection'] });
  const isOffice = me?.scope.kind === 'region' || me?.scope.kind === 'all';
  const departments = (org?.units ?? []).filter((u) => (org?.sectors ?? []).some((s) => s.departmentUnitId === u.id));
  const [unitId, setUnitId] = useState<string | undefined>();
  const deptSectors = (org?.sectors ?? []).filter((s) => (isOffice ? s.departmentUnitId === unitId : me?.sectors.includes(s.code)));
  return (
    <Card
      title="双随机抽取"
      extra={
        can('inspection.draw') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            发起抽取
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        抽取前公布随机种子的 SHA-256 承诺并冻结检查对象库和执法人员库；抽取后公布种子，任何人都可按公开的算法重算核验（公示页：
        <a href="/public/inspections" target="_blank" rel="noreferrer">
          /public/inspections
        </a>
        ）。
      </Typography.Paragraph>
      <Table
        rowKey="id"
        loading={isFetching}
        dataSource={data?.items}
        onRow={(r) => ({ onClick: () => navigate(`/inspection/draws/${r.id}`), style: { cursor: 'pointer' } })}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '编号', dataIndex: 'code', width: 130 },
          { title: '名称', dataIndex: 'name', ellipsis: { showTitle: false }, render: (v: string) => <Tooltip title={v}>{v}</Tooltip> },
          { title: '部门', dataIndex: 'unitName', width: 130, ellipsis: true },
          { title: '抽取', width: 150, render: (_: unknown, r) => `${r.count} 户 / 库 ${r.poolTargets} 户，每户 ${r.perTarget} 人` },
          { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => (v === 'published' ? <Tag color="success">已公布</Tag> : <Tag color="processing">已承诺待抽取</Tag>) },
          { title: '时间', width: 160, render: (_: unknown, r) => fmtTime(r.drawnAt ?? r.createdAt) },
        ]}
      />
      <Modal open={open} title="发起双随机抽取" onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} width={560}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ mode: 'count', count: 5, ratio: 10, perTarget: 2 }}
          onFinish={async (v) => {
            try {
              const d = await create.mutateAsync({
                body: {
                  name: v.name,
                  unitId: isOffice ? v.unitId : undefined,
                  sector: v.sector,
                  regionCode: v.regionCode,
                  targetClasses: v.targetClasses?.length ? v.targetClasses : undefined,
                  ...(v.mode === 'count' ? { count: v.count } : { ratio: v.ratio / 100 }),
                  perTarget: v.perTarget,
                },
              });
              message.success(`已冻结对象库与人员库，种子承诺 ${d.seedHash.slice(0, 16)}…`);
              setOpen(false);
              navigate(`/inspection/draws/${d.id}`);
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="name" label="抽取名称" rules={[{ required: true, min: 2, message: '请填写名称' }]}>
            <Input maxLength={100} placeholder="如：2026年第四季度危险化学品企业双随机抽查" />
          </Form.Item>
          {isOffice && (
            <Form.Item name="unitId" label="实施部门" rules={[{ required: true, message: '请选择部门' }]}>
              <Select options={departments.map((u) => ({ value: u.id, label: u.shortName }))} onChange={setUnitId} />
            </Form.Item>
          )}
          <Form.Item name="sector" label="行业领域（不选为本部门全部监管领域）">
            <Select allowClear options={deptSectors.map((s) => ({ value: s.code, label: s.name }))} />
          </Form.Item>
          <Form.Item name="regionCode" label="属地（不选为全区）">
            <Select allowClear options={(org?.regions ?? []).filter((r) => r.kind !== 'district').map((r) => ({ value: r.code, label: r.name }))} />
          </Form.Item>
          <Form.Item name="targetClasses" label="分类（不选为全部）">
            <Select mode="multiple" allowClear options={TARGET_CLASSES.map((c) => ({ value: c, label: CLASS_LABELS[c] }))} />
          </Form.Item>
          <Form.Item name="mode" label="抽取方式">
            <Radio.Group options={[{ value: 'count', label: '按数量' }, { value: 'ratio', label: '按比例' }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.mode !== b.mode}>
            {({ getFieldValue }) =>
              getFieldValue('mode') === 'count' ? (
                <Form.Item name="count" label="抽取企业数">
                  <InputNumber min={1} max={1000} addonAfter="户" />
                </Form.Item>
              ) : (
                <Form.Item name="ratio" label="抽取比例">
                  <InputNumber min={1} max={100} addonAfter="%" />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="perTarget" label="每户执法人员数（不少于 2 人）">
            <InputNumber min={2} max={5} addonAfter="人" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
