import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Collapse, Form, Input, Result, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { AimOutlined, CameraOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { ApiError, call, useApiQuery } from '../../lib/client';
import { reportApi } from '../../../shared/contracts/report.api';
import type { ReportSubmitted } from '../../../shared/contracts/report';
import { REPORT_PHOTO_MAX, REPORT_PHOTO_MAX_BYTES } from '../../../shared/report/categories';
import { formatDate } from '../../../shared/time';

/** A random id of this browser, kept locally: the server counts submissions per device (rate limit). */
function deviceId(): string {
  const KEY = 'anzhi-report-device';
  try {
    let v = localStorage.getItem(KEY);
    if (!v) {
      const b = new Uint8Array(16);
      crypto.getRandomValues(b);
      v = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      localStorage.setItem(KEY, v);
    }
    return v;
  } catch {
    return 'no-storage-device';
  }
}

const ACCEPT = ['image/jpeg', 'image/png', 'image/webp'];
const CODE_RE = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/i;

export function PublicShell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f1f5f9' }}>
      <div style={{ background: '#b91c1c', color: '#fff', padding: '14px 16px 10px' }}>
        <div style={{ maxWidth: 640, margin: '0 auto' }}>
          <Space align="center">
            <SafetyCertificateOutlined style={{ fontSize: 22 }} />
            <span style={{ fontSize: 18, fontWeight: 600 }}>{title}</span>
          </Space>
          <div style={{ opacity: 0.9, fontSize: 13, marginTop: 4 }}>东西湖区安全生产委员会办公室 · 举报电话 12350</div>
        </div>
      </div>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>{children}</div>
    </div>
  );
}

/**
 * /public/report: 安全生产隐患和违法行为举报 — no login, made for a phone on a weak connection (one
 * request; photos checked before sending). Anonymous unless the reporter fills in name or phone.
 */
export default function PublicReportPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const { data: categories } = useApiQuery(reportApi.categories, {});
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<ReportSubmitted | null>(null);
  const [lookup, setLookup] = useState('');
  const category = Form.useWatch('category', form) as string | undefined;

  const locate = () => {
    if (!navigator.geolocation) {
      message.warning('此浏览器不支持定位，请填写地址');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setPoint({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 });
      },
      () => {
        setLocating(false);
        message.warning('未能获取位置（可能未授权），请填写地址');
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (v: { category: string; description: string; address?: string; enterpriseName?: string; name?: string; phone?: string }) => {
    const fd = new FormData();
    fd.set('category', v.category);
    fd.set('description', v.description);
    if (v.address) fd.set('address', v.address);
    if (point) {
      fd.set('lat', String(point.lat));
      fd.set('lng', String(point.lng));
    }
    if (v.enterpriseName) fd.set('enterpriseName', v.enterpriseName);
    if (v.name) fd.set('name', v.name);
    if (v.phone) fd.set('phone', v.phone);
    fd.set('deviceId', deviceId());
    for (const f of files) if (f.originFileObj) fd.append('photos', f.originFileObj, f.name);
    setSending(true);
    try {
      setDone(await call(reportApi.submit, { body: fd }));
      window.scrollTo(0, 0);
    } catch (e) {
      const err = e as ApiError;
      const issues = err.fieldIssues ?? [];
      if (issues.length) form.setFields(issues.filter((i) => ['category', 'description', 'address', 'enterpriseName', 'name', 'phone'].includes(i.path)).map((i) => ({ name: i.path, errors: [i.message] })));
      message.error(err.message);
    } finally {
      setSending(false);
    }
  };

  if (done) {
    return (
      <PublicShell title="举报已提交">
        <Card>
          <Result
            status="success"
            title="举报已提交，感谢您的监督"
            subTitle={`受理编号 ${done.caseNo}。将于 ${formatDate(done.acknowledgeBy)} 前受理，${formatDate(done.replyBy)} 前核查答复。`}
          />
          <Alert
            type="warning"
            showIcon
            message="请保存查询码"
            description={
              <div>
                <div data-testid="tracking-code" style={{ fontSize: 22, fontWeight: 700, letterSpacing: 2, margin: '8px 0', fontFamily: 'monospace' }}>
                  {done.trackingCode}
                </div>
                凭查询码查看办理进度和答复。查询码只显示这一次，遗失后无法找回。
              </div>
            }
          />
          <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Button block type="primary" onClick={() => navigator.clipboard?.writeText(done.trackingCode).then(() => message.success('已复制查询码'), () => undefined)}>
              复制查询码
            </Button>
            <Button block onClick={() => navigate(`/public/report/${done.trackingCode}`)}>
              查看办理进度
            </Button>
          </Space>
        </Card>
      </PublicShell>
    );
  }

  const cat = categories?.find((c) => c.code === category);
  return (
    <PublicShell title="安全生产隐患和违法行为举报">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Input placeholder="已举报？输入查询码查看进度" value={lookup} onChange={(e) => setLookup(e.target.value.trim().toUpperCase())} aria-label="查询码" />
          <Button icon={<SearchOutlined />} disabled={!CODE_RE.test(lookup)} onClick={() => navigate(`/public/report/${lookup}`)}>
            查询
          </Button>
        </Space.Compact>
      </Card>
      <Card>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="默认匿名举报。照片中的位置信息会在保存前去除；您填写的姓名、电话仅承办人可见，依法保密。" />
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" disabled={sending}>
          <Form.Item name="category" label="举报类别" rules={[{ required: true, message: '请选择举报类别' }]} extra={cat?.description}>
            <Select placeholder="请选择" options={(categories ?? []).map((c) => ({ value: c.code, label: c.name }))} aria-label="举报类别" />
          </Form.Item>
          <Form.Item name="description" label="举报内容" rules={[{ required: true, message: '请描述隐患或违法行为' }, { min: 10, message: '请至少写 10 个字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="时间、地点、具体情况（如：仓库内堆放大量油漆，无防火措施）" aria-label="举报内容" />
          </Form.Item>
          <Form.Item name="address" label="地点" extra={point ? `已定位：北纬 ${point.lat}，东经 ${point.lng}` : '填写地址，或使用当前位置（至少一项）'}>
            <Input maxLength={200} placeholder="如：将军路街道 金山大道 100 号" aria-label="地点" />
          </Form.Item>
          <Space wrap style={{ marginTop: -8, marginBottom: 16 }}>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
              使用当前位置
            </Button>
            {point && (
              <Button type="link" onClick={() => setPoint(null)}>
                清除位置
              </Button>
            )}
          </Space>
          <Form.Item name="enterpriseName" label="被举报单位（如知道）">
            <Input maxLength={100} aria-label="被举报单位" />
          </Form.Item>
          <Form.Item label={`现场照片（最多 ${REPORT_PHOTO_MAX} 张，每张 ${REPORT_PHOTO_MAX_BYTES / 1024 / 1024} MB 以内）`}>
            <Upload
              listType="picture-card"
              accept={ACCEPT.join(',')}
              fileList={files}
              maxCount={REPORT_PHOTO_MAX}
              beforeUpload={(f) => {
                if (!ACCEPT.includes(f.type)) {
                  message.error(`“${f.name}”不是 JPG、PNG 或 WebP 图片`);
                  return Upload.LIST_IGNORE;
                }
                if (f.size > REPORT_PHOTO_MAX_BYTES) {
                  message.error(`“${f.name}”超过 ${REPORT_PHOTO_MAX_BYTES / 1024 / 1024} MB`);
                  return Upload.LIST_IGNORE;
                }
                return false;
              }}
              onChange={({ fileList }) => setFiles(fileList.slice(0, REPORT_PHOTO_MAX))}
            >
              {files.length < REPORT_PHOTO_MAX && (
                <div>
                  <CameraOutlined />
                  <div style={{ marginTop: 4 }}>拍照/选图</div>
                </div>
              )}
            </Upload>
          </Form.Item>
          <Collapse
            size="small"
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'named',
                label: '实名举报（可选，便于核查和发放奖励）',
                children: (
                  <>
                    <Form.Item name="name" label="姓名">
                      <Input maxLength={30} autoComplete="name" aria-label="姓名" />
                    </Form.Item>
                    <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '电话号码格式不正确' }]}>
                      <Input maxLength={20} inputMode="tel" autoComplete="tel" aria-label="联系电话" />
                    </Form.Item>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
                      依据《安全生产领域举报奖励办法》，举报经核查属实的重大事故隐患或安全生产违法行为，可按行政处罚金额的 15% 给予奖励（最低 3000 元，最高 30 万元）。匿名举报也可凭查询码领取。
                    </Typography.Paragraph>
                  </>
                ),
              },
            ]}
          />
          <Button type="primary" htmlType="submit" block size="large" loading={sending}>
            提交举报
          </Button>
        </Form>
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, textAlign: 'center' }}>
        紧急险情请立即拨打 119 / 110。合作应用可通过 Open311 接口（/open311/v2）提交。
      </Typography.Paragraph>
    </PublicShell>
  );
}
