import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ImportErrorTable } from '../../components/ImportErrorTable';
import { ApiError, call, download } from '../../lib/client';
import { monitoringApi } from '../../../shared/contracts/monitoring.api';
import type { DeviceImportReport } from '../../../shared/contracts/monitoring';

/** The new devices' credentials as a CSV the gateway installer keeps (UTF-8 with BOM for Excel). */
function saveCredentials(rows: DeviceImportReport['credentials']) {
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [['企业', '设备编码', '设备名称', 'MQTT 用户名', '设备密钥', '主题'].map(cell).join(','), ...rows.map((r) => [r.enterpriseName, r.code, r.name, r.username, r.secret, r.topic].map(cell).join(','))];
  const url = URL.createObjectURL(new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = '监测设备接入凭据.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Excel import of devices (one row per sensor): check, see the bad rows, import; the secrets are shown once. */
export function DeviceImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [skip, setSkip] = useState(false);
  const [report, setReport] = useState<DeviceImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    const fd = new FormData();
    fd.append('dryRun', String(dryRun));
    fd.append('skipInvalid', String(skip));
    fd.append('file', file);
    setBusy(true);
    try {
      const r = await call(monitoringApi.importDevices, { body: fd });
      setReport(r);
      if (r.committed) {
        message.success(`已登记 ${r.created} 台设备、${r.sensors} 个传感器${r.invalidDevices ? `，跳过有误的 ${r.invalidDevices} 台` : ''}`);
        void queryClient.invalidateQueries({ queryKey: ['monitoring'] });
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="导入监测设备" open={open} onCancel={onClose} footer={null} width={820} destroyOnHidden maskClosable={!report?.committed}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          每行一个传感器，同一企业、同一设备编码的各行为一台设备。先下载导入模板，按表头填写（带 * 的为必填）；检查无误后导入。有误的设备不会写入，除非勾选“跳过有误的设备”。
        </Typography.Text>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => download(monitoringApi.deviceTemplate).catch((e: Error) => message.error(e.message))}>
            下载导入模板
          </Button>
          <Upload accept=".xlsx" maxCount={1} beforeUpload={(f) => (setFile(f), setReport(null), false)} onRemove={() => setFile(null)}>
            <Button icon={<UploadOutlined />}>选择 Excel 文件</Button>
          </Upload>
          <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
            跳过有误的设备
          </Checkbox>
        </Space>
        <Space>
          <Button disabled={!file} loading={busy} onClick={() => run(true)}>
            检查
          </Button>
          <Button type="primary" disabled={!file || !!report?.committed} loading={busy} onClick={() => run(false)}>
            导入
          </Button>
        </Space>
        {report && (
          <>
            <Alert
              type={report.committed ? 'success' : report.invalidDevices ? 'warning' : 'info'}
              message={`共 ${report.rows} 行、${report.devices} 台设备，其中有误 ${report.invalidDevices} 台。${report.committed ? `已登记 ${report.created} 台设备、${report.sensors} 个传感器。` : report.dryRun ? '仅检查，未写入。' : '未写入任何数据。'}`}
            />
            <ImportErrorTable errors={report.errors} />
            {report.credentials.length > 0 && (
              <>
                <Alert type="warning" showIcon message="设备密钥仅此一次显示，平台只保存其摘要。请下载凭据文件交设备安装人员配置网关，关闭后无法再次查看（可在设备详情中重新生成）。" />
                <Button icon={<DownloadOutlined />} onClick={() => saveCredentials(report.credentials)}>
                  下载接入凭据（.csv）
                </Button>
                <Table
                  size="small"
                  rowKey="username"
                  dataSource={report.credentials}
                  pagination={{ pageSize: 8 }}
                  scroll={{ x: 760 }}
                  columns={[
                    { title: '企业', dataIndex: 'enterpriseName', width: 180, ellipsis: true },
                    { title: '设备编码', dataIndex: 'code', width: 100 },
                    { title: 'MQTT 用户名', dataIndex: 'username', width: 150, ellipsis: true },
                    { title: '设备密钥', dataIndex: 'secret', width: 200, render: (v: string) => <Typography.Text copyable code>{v}</Typography.Text> },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
