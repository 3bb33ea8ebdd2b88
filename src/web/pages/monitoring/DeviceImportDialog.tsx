import { Alert, Button, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ExcelImportDialog } from '../../components/ExcelImportDialog';
import { call, download } from '../../lib/client';
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
  return (
    <ExcelImportDialog<DeviceImportReport>
      open={open}
      onClose={onClose}
      title="导入监测设备"
      width={820}
      hint="每行一个传感器，同一企业、同一设备编码的各行为一台设备。先下载导入模板，按表头填写（带 * 的为必填）；检查无误后导入。有误的设备不会写入，除非勾选“跳过有误的设备”。"
      skipLabel="跳过有误的设备"
      downloadTemplate={() => download(monitoringApi.deviceTemplate)}
      submit={(body) => call(monitoringApi.importDevices, { body })}
      invalidates={['monitoring']}
      committedMessage={(r) => `已登记 ${r.created} 台设备、${r.sensors} 个传感器${r.invalidDevices ? `，跳过有误的 ${r.invalidDevices} 台` : ''}`}
      summary={(r) => ({
        type: r.committed ? 'success' : r.invalidDevices ? 'warning' : 'info',
        text: `共 ${r.rows} 行、${r.devices} 台设备，其中有误 ${r.invalidDevices} 台。${r.committed ? `已登记 ${r.created} 台设备、${r.sensors} 个传感器。` : r.dryRun ? '仅检查，未写入。' : '未写入任何数据。'}`,
      })}
      extra={(r) =>
        r.credentials.length > 0 && (
          <>
            <Alert type="warning" showIcon message="设备密钥仅此一次显示，平台只保存其摘要。请下载凭据文件交设备安装人员配置网关，关闭后无法再次查看（可在设备详情中重新生成）。" />
            <Button icon={<DownloadOutlined />} onClick={() => saveCredentials(r.credentials)}>
              下载接入凭据（.csv）
            </Button>
            <Table
              size="small"
              rowKey="username"
              dataSource={r.credentials}
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
        )
      }
    />
  );
}
