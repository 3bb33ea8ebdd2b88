import { useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Modal, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ImportErrorTable, type ImportIssue } from './ImportErrorTable';
import { ApiError } from '../lib/client';

/** What every Excel import answers: whether it wrote, whether it was a check only, and the bad rows. */
export interface ImportOutcome {
  committed: boolean;
  dryRun: boolean;
  errors: ImportIssue[];
}

/**
 * The Excel import dialog of every register: download the template, choose a file, 检查 (a dry run
 * that writes nothing), see the bad rows, 导入 (nothing is written while a row is wrong unless the
 * importer chooses to skip the wrong ones). The endpoint, the wording and the summary are the caller's;
 * `extra` shows what only one import has (e.g. the devices' one-time credentials).
 */
export function ExcelImportDialog<R extends ImportOutcome>(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  hint: string;
  /** "跳过有误的行" or, where rows group into records, e.g. "跳过有误的设备" */
  skipLabel: string;
  width?: number;
  downloadTemplate: () => Promise<void>;
  submit: (form: FormData) => Promise<R>;
  /** the line above the bad rows, e.g. "共 12 行：有效 10 行，有误 2 行。已导入 10 条。" */
  summary: (r: R) => { type: 'success' | 'warning' | 'info'; text: string };
  /** the success message once written */
  committedMessage: (r: R) => string;
  /** query keys to refresh once written (the register's lists) */
  invalidates: string[];
  extra?: (r: R) => ReactNode;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    const fd = new FormData();
    fd.append('dryRun', String(dryRun));
    fd.append('skipInvalid', String(skip));
    fd.append('file', file);
    setBusy(true);
    try {
      const r = await props.submit(fd);
      setReport(r);
      if (r.committed) {
        message.success(props.committedMessage(r));
        for (const key of props.invalidates) void queryClient.invalidateQueries({ queryKey: [key] });
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setBusy(false);
    }
  };
  const summary = report && props.summary(report);
  return (
    <Modal title={props.title} open={props.open} onCancel={props.onClose} footer={null} width={props.width ?? 760} destroyOnHidden maskClosable={!report?.committed}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{props.hint}</Typography.Text>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => props.downloadTemplate().catch((e: Error) => message.error(e.message))}>
            下载导入模板
          </Button>
          <Upload accept=".xlsx" maxCount={1} beforeUpload={(f) => (setFile(f), setReport(null), false)} onRemove={() => (setFile(null), setReport(null))}>
            <Button icon={<UploadOutlined />}>选择 Excel 文件</Button>
          </Upload>
          <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
            {props.skipLabel}
          </Checkbox>
        </Space>
        <Space>
          <Button disabled={!file} loading={busy} onClick={() => run(true)}>
            检查
          </Button>
          {/* Once written, the same file is not imported twice by a second click. */}
          <Button type="primary" disabled={!file || !!report?.committed} loading={busy} onClick={() => run(false)}>
            导入
          </Button>
        </Space>
        {report && summary && (
          <>
            <Alert type={summary.type} message={summary.text} />
            <ImportErrorTable errors={report.errors} />
            {props.extra?.(report)}
          </>
        )}
      </Space>
    </Modal>
  );
}
