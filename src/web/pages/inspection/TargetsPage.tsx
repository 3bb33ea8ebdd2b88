import { useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { inspectionApi } from '../../../shared/contracts/inspection.api';
import type { TargetView } from '../../../shared/contracts/inspection';
import { CLASS_FREQUENCY, CLASS_LABELS, TARGET_CLASSES, type TargetClass } from '../../../shared/inspection/rules';
import { ClassTag } from './inspectionUi';
import { CreditFlag } from '../../components/CreditFlag';

/** 检查对象名录: the registry with 分类分级 (computed, overridable with a reason) and the yearly frequency. */
export default function TargetsPage() {
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: org } = useOrg();
  const [q, setQ] = useState<{ q?: string; sector?: string; regionCode?: string; targetClass?: TargetClass; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useApiQuery(inspectionApi.targets, { query: q }, { placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<TargetView | null>(null);
  const [form] = Form.useForm();
  const save = useApiMutation(inspectionApi.setClass, { invalidates: ['inspection'] });
  const sectors = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));
  const regions = (org?.regions ?? []).filter((r) => r.kind !== 'district');
  return (
    <Card title="检查对象名录（分类分级）">
      <Space wrap style={{ marginBottom: 12 }}>
        {TARGET_CLASSES.map((c) => (
          <Card key={c} size="small" hoverable onClick={() => setQ({ ...q, targetClass: q.targetClass === c ? undefined : c, page: 1 })} style={{ minWidth: 150, borderColor: q.targetClass === c ? '#1677ff' : undefined }}>
            <Statistic title={`${CLASS_LABELS[c]} · 每年 ${CLASS_FREQUENCY[c]} 次`} value={data?.classCounts[c] ?? 0} suffix="户" />
          </Card>
        ))}
      </Space>
      <div className="page-toolbar">
        <Input.Search allowClear placeholder="企业名称或信用代码" onSearch={(v) => setQ({ ...q, q: v.trim() || undefined, page: 1 })} style={{ width: 240 }} aria-label="搜索企业" />
        <Select allowClear placeholder="行业领域" style={{ width: 160 }} options={sectors.map((s) => ({ value: s.code, label: s.name }))} onChange={(v) => setQ({ ...q, sector: v, page: 1 })} />
        <Select allowClear placeholder="属地" style={{ width: 160 }} options={regions.map((r) => ({ value: r.code, label: r.name }))} onChange={(v) => setQ({ ...q, regionCode: v, page: 1 })} />
      </div>
      <Table<TargetView>
        rowKey="enterpriseId"
        size="middle"
        loading={isFetching}
        dataSource={data?.items}
        pagination={{ current: q.page, pageSize: q.pageSize, total: data?.total, showTotal: (n) => `共 ${n} 户`, onChange: (page, pageSize) => setQ({ ...q, page, pageSize }) }}
        columns={[
          {
            title: '企业名称',
            dataIndex: 'name',
            ellipsis: { showTitle: false },
            render: (v: string, r) => (
              <>
                <CreditFlag flag={r.dishonest} />
                <Tooltip title={v}>
                  <span>{v}</span>
                </Tooltip>
              </>
            ),
          },
          { title: '行业领域', dataIndex: 'sectorName', width: 120, ellipsis: true },
          { title: '属地', dataIndex: 'regionName', width: 120, ellipsis: true },
          { title: '风险等级', dataIndex: 'riskLevel', width: 90, render: (v: string | null) => v ?? '未评估' },
          {
            title: '分类',
            width: 170,
            render: (_: unknown, r) => (
              <Tooltip title={r.override ? `调整理由：${r.override.reason}（${r.override.byName}）` : r.computedReasons.join('；')}>
                <span>
                  <ClassTag value={r.targetClass} />
                  {r.override && <Typography.Text type="secondary">已调整</Typography.Text>}
                </span>
              </Tooltip>
            ),
          },
          { title: '本年检查', width: 110, render: (_: unknown, r) => `${r.inspectionsThisYear} / ${r.frequency}` },
          ...(can('inspection.directory')
            ? [
                {
                  title: '操作',
                  width: 90,
                  render: (_: unknown, r: TargetView) => (
                    <Button
                      size="small"
                      onClick={() => {
                        setEditing(r);
                        form.setFieldsValue({ targetClass: r.targetClass, reason: r.override?.reason });
                      }}
                    >
                      调整分类
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={`调整分类：${editing?.name ?? ''}`}
        onCancel={() => setEditing(null)}
        footer={[
          editing?.override && (
            <Button
              key="reset"
              onClick={async () => {
                await save.mutateAsync({ params: { enterpriseId: editing.enterpriseId }, body: { targetClass: null } });
                message.success('已恢复为计算分类');
                setEditing(null);
              }}
            >
              恢复计算分类
            </Button>
          ),
          <Button key="cancel" onClick={() => setEditing(null)}>
            取消
          </Button>,
          <Button key="ok" type="primary" loading={save.isPending} onClick={() => form.submit()}>
            保存
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">计算分类：{editing && CLASS_LABELS[editing.computedClass]}（{editing?.computedReasons.join('；')}）</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await save.mutateAsync({ params: { enterpriseId: editing!.enterpriseId }, body: { targetClass: v.targetClass, reason: v.reason } });
              message.success('分类已调整');
              setEditing(null);
            } catch (e) {
              message.error((e as Error).message);
            }
          }}
        >
          <Form.Item name="targetClass" label="调整为" rules={[{ required: true, message: '请选择分类' }]}>
            <Select options={TARGET_CLASSES.map((c) => ({ value: c, label: CLASS_LABELS[c] }))} />
          </Form.Item>
          <Form.Item name="reason" label="调整理由" rules={[{ required: true, min: 4, message: '请说明理由（至少 4 个字）' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
