import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, download, useApiMutation, useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import { applyServerErrors } from '../../components/forms';
import './checklist.css';
import type { TemplateSummary } from '../../../shared/contracts/checklist';

/** 检查清单: reference and custom checklists by sector; editors create, import, version and publish. */
export default function ChecklistListPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const sector = params.get('sector') ?? undefined;
  const { can, me } = useAuth();
  const { data: org } = useOrg();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const { data, isLoading } = useApiQuery(checklistApi.listTemplates, { query: { sector } });
  const canManage = can('checklist.manage');
  // Departments create checklists for the sectors they supervise; the office for all.
  const creatable = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));
  const create = useApiMutation(checklistApi.createTemplate, {
    invalidates: [checklistApi.listTemplates],
    onSuccess: (v) => {
      setCreating(false);
      navigate(`/checklists/${v.templateId}?version=${v.id}`);
    },
    onError: (e) => applyServerErrors(form, e, message),
  });
  const install = useApiMutation(checklistApi.installReference, {
    invalidates: [checklistApi.listTemplates],
    onSuccess: (r) => {
      message.success(r.installed.length ? `已安装 ${r.installed.length} 份内置清单` : '内置清单均已安装');
    },
    onError: (e) => message.error(e instanceof ApiError ? e.message : '安装失败'),
  });

  return (
    <Card
      title="检查清单"
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => download(checklistApi.importTemplate).catch((e: Error) => message.error(e.message))}>
            下载导入模板
          </Button>
          {canManage && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => navigate('/checklists/import')}>
                导入清单
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                新建清单
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        三级目录（类别 → 项目 → 检查要点），每个检查要点附“检查依据”和“检查方法及判定标准”两个说明；标注的重大隐患判定项对照行业重大事故隐患判定标准原文。
      </Typography.Paragraph>
      <div className="page-toolbar">
        <Select
          allowClear
          placeholder="全部行业领域"
          style={{ width: 200 }}
          value={sector}
          options={(org?.sectors ?? []).map((s) => ({ value: s.code, label: s.name }))}
          onChange={(v) => setParams(v ? { sector: v } : {})}
        />
        <span className="spacer" />
        {can('checklist.install') && (
          <Button icon={<CloudDownloadOutlined />} loading={install.isPending} onClick={() => install.mutate({})}>
            安装内置参考清单
          </Button>
        )}
      </div>
      <Table<TemplateSummary>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        tableLayout="fixed"
        columns={[
          {
            title: '清单名称',
            dataIndex: 'name',
            ellipsis: true,
            render: (v: string, r) => (
              <div style={{ minWidth: 0 }}>
                <Tooltip title={v}>
                  <a className="cell-ellipsis" onClick={() => navigate(`/checklists/${r.id}`)}>
                    {v}
                  </a>
                </Tooltip>
                <div className="cell-ellipsis" style={{ fontSize: 12, color: '#888' }} title={r.applicability}>
                  {r.applicability}
                </div>
              </div>
            ),
          },
          { title: '行业领域', dataIndex: 'sectorName', width: 110, ellipsis: { showTitle: true } },
          { title: '现行版本', dataIndex: 'currentVersion', width: 90, render: (v: number | null) => (v ? `第 ${v} 版` : <Tag>未发布</Tag>) },
          { title: '检查项', dataIndex: 'itemCount', width: 72, align: 'right' },
          { title: '重大判定项', dataIndex: 'majorCount', width: 96, align: 'right', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : '—') },
          {
            title: '来源',
            width: 150,
            render: (_: unknown, r) => (
              <Space size={4}>
                {r.builtin ? <Tag color="blue">内置参考</Tag> : <Tag>自定义</Tag>}
                {r.hasDraft && <Tag color="orange">有草稿</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Modal title="新建检查清单" open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} okText="创建草稿" destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate({ body: { ...v, items: [] } })}>
          <Form.Item name="sector" label="行业领域" rules={[{ required: true, message: '请选择行业领域' }]}>
            <Select options={creatable.map((s) => ({ value: s.code, label: s.name }))} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="name" label="清单名称" rules={[{ required: true, min: 2, message: '请填写清单名称' }]}>
            <Input placeholder="如：仓储物流企业安全检查清单" maxLength={100} />
          </Form.Item>
          <Form.Item name="applicability" label="适用范围">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
