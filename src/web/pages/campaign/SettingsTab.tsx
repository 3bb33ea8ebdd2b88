import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Row, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { call, invalidate } from '../../lib/client';
import { applyServerErrors } from '../../components/forms';
import { AuditHistory } from '../../components/AuditHistory';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { CampaignView } from '../../../shared/contracts/campaign.views';

/** Campaign settings: due day, reminders, attachment size, assessment weights, document fonts; phases; archive. */
export default function SettingsTab({ campaign }: { campaign: CampaignView }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [phaseForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const refresh = () => invalidate(qc, campaignApi.get, campaignApi.list, campaignApi.history);
  const save = async (v: CampaignView['settings']) => {
    setBusy(true);
    try {
      await call(campaignApi.updateSettings, { params: { id: campaign.id }, body: v });
      await refresh();
      message.success('设置已保存');
    } catch (e) {
      applyServerErrors(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  const savePhases = async (v: { phases: { name: string; range?: [Dayjs, Dayjs] | null; description?: string }[] }) => {
    try {
      await call(campaignApi.putPhases, {
        params: { id: campaign.id },
        body: { phases: (v.phases ?? []).map((p) => ({ name: p.name, startDate: p.range?.[0]?.format('YYYY-MM-DD') ?? null, endDate: p.range?.[1]?.format('YYYY-MM-DD') ?? null, description: p.description ?? '' })) },
      });
      await refresh();
      message.success('阶段已保存');
    } catch (e) {
      applyServerErrors(phaseForm, e, message);
    }
  };
  const archive = async () => {
    try {
      await call(campaign.status === 'archived' ? campaignApi.unarchive : campaignApi.archive, { params: { id: campaign.id } });
      await refresh();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title="报送与考核设置">
          <Form form={form} layout="vertical" initialValues={campaign.settings} onFinish={save}>
            <Space wrap>
              <Form.Item name="dueDay" label="每月报送截止日" extra="超过截止日提交记为迟报">
                <InputNumber min={1} max={31} addonAfter="日" />
              </Form.Item>
              <Form.Item name="remindDaysBefore" label="提前提醒" extra="站内通知及短信网关推送">
                <InputNumber min={0} max={20} addonAfter="天" />
              </Form.Item>
              <Form.Item name="attachmentMaxMb" label="单个附件上限">
                <InputNumber min={1} max={200} addonAfter="MB" />
              </Form.Item>
            </Space>
            <div style={{ margin: '4px 0 8px' }}>
              <Typography.Text strong>考核权重</Typography.Text>
            </div>
            <Space wrap>
              <Form.Item name={['weights', 'timeliness']} label="按时报送">
                <InputNumber min={0} max={100} />
              </Form.Item>
              <Form.Item name={['weights', 'completion']} label="任务完成">
                <InputNumber min={0} max={100} />
              </Form.Item>
              <Form.Item name={['weights', 'review']} label="审核质量">
                <InputNumber min={0} max={100} />
              </Form.Item>
              <Form.Item name="latePenalty" label="迟报扣减比例" extra="0.5 = 迟报按一半计分">
                <InputNumber min={0} max={1} step={0.1} />
              </Form.Item>
            </Space>
            <Form.Item name="fontProfile" label="公文字体">
              <Radio.Group
                options={[
                  { value: 'standard', label: 'GB/T 9704 标准字体（方正小标宋简体、仿宋_GB2312）' },
                  { value: 'common', label: '通用字体（宋体加粗、仿宋）' },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存设置
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title="阶段">
          <Form
            form={phaseForm}
            onFinish={savePhases}
            initialValues={{ phases: campaign.phases.map((p) => ({ name: p.name, description: p.description, range: p.startDate && p.endDate ? [dayjs(p.startDate), dayjs(p.endDate)] : null })) }}
          >
            <Form.List name="phases">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '名称' }]}>
                        <Input placeholder="阶段名称" style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'range']}>
                        <DatePicker.RangePicker />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除阶段" />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} style={{ marginBottom: 12 }}>
                    添加阶段
                  </Button>
                </>
              )}
            </Form.List>
            <Button htmlType="submit">保存阶段</Button>
          </Form>
        </Card>
        <Card size="small" title="归档" style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">归档后全部月份停止报送和修改，数据保留可查。历史专项行动在完成全面总结评估后归档。</Typography.Paragraph>
          <Popconfirm title={campaign.status === 'archived' ? '取消归档后各单位可继续报送。' : '确定归档？'} onConfirm={archive}>
            <Button danger={campaign.status !== 'archived'}>{campaign.status === 'archived' ? '取消归档' : '归档专项行动'}</Button>
          </Popconfirm>
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="变更记录（任务分解、责任单位、时间节点、封账、一票否决等）" style={{ marginTop: 16 }}>
          <AuditHistory endpoint={campaignApi.history} params={{ id: campaign.id }} />
        </Card>
      </Col>
    </Row>
  );
}
