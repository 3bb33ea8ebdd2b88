import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError } from '../../lib/api';
import { call, download, invalidate } from '../../lib/client';
import { orgApi } from '../../../shared/contracts/org.api';
import type { EnterpriseImportReport as ImportReport } from '../../../shared/contracts/org';

/** Excel import: check every row first (nothing written), then import all or skip the bad rows. */
export default function EnterpriseImportPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (opts: { dryRun: boolean; skipInvalid: boolean }) => {
    if (!file) return;
    setBusy(true);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const r = await call(orgApi.importEnterprises, { query: { dryRun: String(opts.dryRun) as 'true' | 'false', skipInvalid: String(opts.skipInvalid) as 'true' | 'false' }, body: fd });
      setReport(r);
      if (r.committed) {
        message.success(`导入完成：新增 ${r.created} 家，更新 ${r.updated} 家${r.skipped ? `，跳过 ${r.skipped} 行` : ''}`);
        await invalidate(qc, 'org');
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setBusy(false);
    }
  };

  const step = !file ? 0 : !report ? 1 : report.committed ? 3 : 2;
  return (
    <Card title="导入企业名录" extra={<Button onClick={() => navigate('/enterprises')}>返回名录</Button>}>
      <Steps current={step} items={[{ title: '选择文件' }, { title: '逐行校验' }, { title: '确认导入' }, { title: '完成' }]} style={{ marginBottom: 24 }} />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert
          type="info"
          showIcon
          message="按模板填写：第 1 行为表头，统一社会信用代码列请设为“文本”格式。已登记的信用代码将按表格内容更新，未出现的列保持不变。"
          action={
            <Button size="small" icon={<DownloadOutlined />} onClick={() => download(orgApi.importTemplate).catch((e: Error) => message.error(e.message))}>
              下载导入模板
            </Button>
          }
        />
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
          <Button type="primary" disabled={!file} loading={busy && step === 1} onClick={() => run({ dryRun: true, skipInvalid: false })}>
            校验
          </Button>
          {report && !report.committed && (
            <>
              <Button type="primary" disabled={report.invalid > 0 || report.valid === 0} loading={busy} onClick={() => run({ dryRun: false, skipInvalid: false })}>
                全部导入（{report.valid} 行）
              </Button>
              {report.invalid > 0 && report.valid > 0 && (
                <Button danger loading={busy} onClick={() => run({ dryRun: false, skipInvalid: true })}>
                  跳过 {report.invalid} 行错误，导入其余 {report.valid} 行
                </Button>
              )}
            </>
          )}
        </Space>
        {report && (
          <>
            <Space size="large" wrap>
              <Statistic title="数据行" value={report.total} />
              <Statistic title="通过校验" value={report.valid} valueStyle={{ color: '#389e0d' }} />
              <Statistic title="有错误的行" value={report.invalid} valueStyle={{ color: report.invalid ? '#cf1322' : undefined }} />
              <Statistic title="将新增 / 更新" value={`${report.toCreate} / ${report.toUpdate}`} />
              {report.committed && <Statistic title="已新增 / 已更新" value={`${report.created} / ${report.updated}`} />}
            </Space>
            {report.errors.length > 0 ? (
              <>
                <Typography.Title level={5}>错误明细（{report.errors.length} 处）</Typography.Title>
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
                  dataSource={report.errors}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    { title: '行号', dataIndex: 'row', width: 70 },
                    { title: '列', dataIndex: 'column', width: 150 },
                    { title: '单元格内容', dataIndex: 'value', width: 220, ellipsis: true },
                    { title: '问题', dataIndex: 'reason' },
                  ]}
                />
              </>
            ) : (
              !report.committed && <Alert type="success" showIcon message="全部数据行校验通过，可以导入" />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
