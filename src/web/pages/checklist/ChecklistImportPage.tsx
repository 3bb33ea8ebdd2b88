import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError, call, download, invalidate, useApiQuery } from '../../lib/client';
import { checklistApi } from '../../../shared/contracts/checklist.api';
import { useAuth } from '../../lib/auth';
import { useOrg } from '../../lib/reference';
import type { ChecklistImportReport as ImportReport } from '../../../shared/contracts/checklist';

/**
 * Import a checklist from Excel (office layout: 序号 | 类别 | 项目 | 检查要点 | 检查依据 | 检查方法及判定标准 |
 * 是否重大隐患判定项). Every row is checked first; a new checklist, or the draft of an existing one.
 */
export default function ChecklistImportPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { me } = useAuth();
  const { data: org } = useOrg();
  const [templateId, setTemplateId] = useState<string | undefined>(params.get('templateId') ?? undefined);
  const [sector, setSector] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: templates } = useApiQuery(checklistApi.listTemplates, {});
  const editable = (templates ?? []).filter((t) => t.editable);
  const sectors = (org?.sectors ?? []).filter((s) => me?.scope.kind !== 'sectors' || me.sectors.includes(s.code));

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const query = { templateId, sector: templateId ? undefined : sector, name: templateId ? undefined : name || undefined, dryRun: dryRun ? ('true' as const) : ('false' as const) };
      const r = await call(checklistApi.import, { query, body: fd });
      setReport(r);
      if (r.committed) {
        message.success(`已导入 ${r.valid} 项到草稿，请核对后发布`);
        await invalidate(qc, 'checklist');
        navigate(`/checklists/${r.templateId}?version=${r.versionId}`);
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setBusy(false);
    }
  };

  const step = !file ? 0 : !report ? 1 : report.committed ? 3 : 2;
  return (
    <Card title="导入检查清单" extra={<Button onClick={() => navigate(-1)}>返回</Button>}>
      <Steps current={step} items={[{ title: '选择文件' }, { title: '逐行校验' }, { title: '导入为草稿' }, { title: '核对发布' }]} style={{ marginBottom: 24 }} />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert
          type="info"
          showIcon
          message="按市安委办清单格式：第 5 行（或前 15 行中）为表头“序号、类别、项目、检查要点、检查依据、检查方法及判定标准、是否重大隐患判定项”；类别、项目可合并单元格。“是否重大隐患判定项”填“否”，或“是：《判定标准名称》第×条第×项”。导出的清单可直接修改后导入。"
          action={
            <Button size="small" icon={<DownloadOutlined />} onClick={() => download(checklistApi.importTemplate).catch((e: Error) => message.error(e.message))}>
              下载模板
            </Button>
          }
        />
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="导入到">
            <Select
              style={{ width: 320 }}
              allowClear
              placeholder="新建清单"
              value={templateId}
              onChange={(v) => {
                setTemplateId(v);
                setReport(null);
              }}
              options={editable.map((t) => ({ value: t.id, label: `${t.name}（${t.sectorName}）` }))}
            />
          </Form.Item>
          {!templateId && (
            <>
              <Form.Item label="行业领域" tooltip="不选则读取表格第 2 行“行业领域：××”">
                <Select style={{ width: 160 }} allowClear value={sector} onChange={setSector} options={sectors.map((s) => ({ value: s.code, label: s.name }))} />
              </Form.Item>
              <Form.Item label="清单名称" tooltip="不填则读取表格第 1 行标题">
                <Input style={{ width: 240 }} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
              </Form.Item>
            </>
          )}
        </Form>
        {templateId && <Typography.Text type="secondary">将替换该清单草稿中的全部检查项（没有草稿时以现行版本新建草稿）；现行版本不受影响。</Typography.Text>}
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setReport(null);
          }}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入 Excel 文件（.xlsx）</p>
        </Upload.Dragger>
        <Space>
          <Button type="primary" disabled={!file} loading={busy && !report} onClick={() => run(true)}>
            校验
          </Button>
          {report && !report.committed && (
            <Button type="primary" disabled={report.invalid > 0 || report.valid === 0} loading={busy} onClick={() => run(false)}>
              导入为草稿（{report.valid} 项）
            </Button>
          )}
        </Space>
        {report && (
          <>
            <Space size="large" wrap>
              <Statistic title="检查项" value={report.total} />
              <Statistic title="通过校验" value={report.valid} valueStyle={{ color: '#389e0d' }} />
              <Statistic title="有错误的行" value={report.invalid} valueStyle={{ color: report.invalid ? '#cf1322' : undefined }} />
              <Statistic title="重大隐患判定项" value={report.majorCount} />
            </Space>
            {report.name && (
              <div>
                清单：{report.name}，类别：{report.categories.map((c) => <Tag key={c}>{c}</Tag>)}
              </div>
            )}
            {report.errors.length > 0 ? (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
                dataSource={report.errors}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: '行号', dataIndex: 'row', width: 70 },
                  { title: '列', dataIndex: 'column', width: 160 },
                  { title: '单元格内容', dataIndex: 'value', width: 240, ellipsis: true },
                  { title: '问题', dataIndex: 'reason' },
                ]}
              />
            ) : (
              !report.committed && <Alert type="success" showIcon message="全部行校验通过，可以导入" />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
