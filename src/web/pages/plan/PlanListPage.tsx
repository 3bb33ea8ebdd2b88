import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../../lib/api';
import { call, invalidate, useApiQuery } from '../../lib/client';
import { planApi } from '../../../shared/contracts/plan.api';
import { PLAN_DRAFT_STATUS_LABELS, type PlanDraftListItem } from '../../../shared/contracts/plan';

const MAX_MB = 10;

/** 方案导入: upload a plan (.docx / .pdf / .txt), then review the parsed task tree. */
export default function PlanListPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const { data, isFetching } = useApiQuery(planApi.list, { query: { page, pageSize: 20 } });

  const upload = async (file: File) => {
    setUploadError(null);
    if (file.size > MAX_MB * 1024 * 1024) {
      setUploadError(`文件超过 ${MAX_MB} MB 上限，请拆分后上传。`);
      return;
    }
    setUploading(true);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const d = await call(planApi.upload, { body: fd });
      await invalidate(qc, planApi.list);
      message.success(`已解析：${d.summary.tasks} 项任务、${d.summary.items} 条工作条目`);
      navigate(`/plans/${d.id}`);
    } catch (e) {
      setUploadError(e instanceof ApiError ? e.message : '上传失败，请稍后重试');
    } finally {
      setUploading(false);
    }
  };

  const remove = async (id: string) => {
    try {
      await call(planApi.remove, { params: { id } });
      message.success('已删除草稿');
      await invalidate(qc, planApi.list);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '删除失败');
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="上传方案">
        <Upload.Dragger
          accept=".docx,.pdf,.txt,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          multiple={false}
          showUploadList={false}
          disabled={uploading}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{uploading ? '正在上传并解析…' : '点击或拖入方案文件'}</p>
          <p className="ant-upload-hint">支持 Word（.docx）、带文字层的 PDF 和纯文本（.txt，UTF-8 或 GBK 编码），不超过 {MAX_MB} MB。解析后可逐项核对任务、责任单位、时限和指标，再导入为专项行动。</p>
        </Upload.Dragger>
        {uploadError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={uploadError} data-testid="plan-upload-error" />}
      </Card>
      <Card title="方案草稿">
        <Table<PlanDraftListItem>
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={data?.items}
          pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage, showTotal: (t) => `共 ${t} 份` }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/plans/${r.id}`) })}
          columns={[
            {
              title: '方案',
              render: (_: unknown, r) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Link onClick={() => navigate(`/plans/${r.id}`)}>{r.title ?? r.fileName}</Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.docNumber ? `${r.docNumber} · ` : ''}
                    {r.fileName}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '任务 / 条目', width: 110, render: (_: unknown, r) => `${r.summary.tasks} / ${r.summary.items}` },
            {
              title: '待核对',
              width: 170,
              render: (_: unknown, r) =>
                r.summary.unitsUnresolved || r.summary.tasksWithoutLead ? (
                  <Space size={4} wrap>
                    {r.summary.unitsUnresolved > 0 && <Tag color="orange">{r.summary.unitsUnresolved} 个单位未识别</Tag>}
                    {r.summary.tasksWithoutLead > 0 && <Tag color="red">{r.summary.tasksWithoutLead} 项无牵头</Tag>}
                  </Space>
                ) : (
                  <Tag color="green">已全部识别</Tag>
                ),
            },
            {
              title: '状态',
              width: 100,
              render: (_: unknown, r) =>
                r.status === 'imported' && r.campaignId ? (
                  <Typography.Link onClick={() => navigate(`/campaigns/${r.campaignId}`)}>
                    <Tag color="green">{PLAN_DRAFT_STATUS_LABELS[r.status]}</Tag>
                  </Typography.Link>
                ) : (
                  <Tag color={r.status === 'importing' ? 'processing' : 'gold'}>{PLAN_DRAFT_STATUS_LABELS[r.status]}</Tag>
                ),
            },
            { title: '上传人', dataIndex: 'createdByName', width: 130 },
            { title: '上传时间', dataIndex: 'createdAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            {
              title: '操作',
              width: 130,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => navigate(`/plans/${r.id}`)}>
                    {r.status === 'draft' ? '审核' : '查看'}
                  </Button>
                  {r.status === 'draft' && (
                    <Popconfirm title="删除该草稿？" onConfirm={() => remove(r.id)} okText="删除" okButtonProps={{ danger: true }} cancelText="取消">
                      <Button size="small" type="link" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
