import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Image, Input, InputNumber, Modal, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, urlOf, useApiMutation, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { reportApi } from '../../../shared/contracts/report.api';
import type { ReportIdentity } from '../../../shared/contracts/report';
import { FINDINGS, REPORT_CATEGORIES, REPORT_CHANNEL_LABELS, REWARD_STATUS_LABELS, VERIFY_RESULTS } from '../../../shared/report/categories';
import { rewardAmount } from '../../../shared/report/reward';
import { formatDate, formatDateTime } from '../../../shared/time';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { withUnit } from '../../../shared/text';
import { ReportFlags } from './reportUi';

type Action = 'verify' | 'reply' | 'hazard' | 'link' | 'case' | 'recategorize' | 'reward' | 'decide' | 'pay';

/** 举报详情与办理: 受理、核查、登记隐患、答复、奖励; the handler may view the reporter's identity (audited). */
export default function ReportDetailPage() {
  const { id = '' } = useParams();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const { data: r, isLoading, error } = useApiQuery(reportApi.get, { params: { id } });
  const [action, setAction] = useState<Action | null>(null);
  const [identity, setIdentity] = useState<ReportIdentity | null>(null);
  const [form] = Form.useForm();
  const opts = { invalidates: ['report'] as string[] };
  const m = {
    accept: useApiMutation(reportApi.accept, opts),
    verify: useApiMutation(reportApi.verify, opts),
    reply: useApiMutation(reportApi.reply, opts),
    hazard: useApiMutation(reportApi.createHazard, opts),
    link: useApiMutation(reportApi.linkHazard, opts),
    case: useApiMutation(reportApi.openCase, opts),
    recategorize: useApiMutation(reportApi.recategorize, opts),
    reward: useApiMutation(reportApi.proposeReward, opts),
    decide: useApiMutation(reportApi.decideReward, opts),
    pay: useApiMutation(reportApi.payReward, opts),
    identity: useApiMutation(reportApi.identity),
  };
  const fine = Form.useWatch('fineAmount', form) as number | undefined;
  const result = Form.useWatch('result', form) as string | undefined;
  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !r) return <Alert type="error" message={error?.message ?? '未找到'} />;

  const fail = (e: unknown) => {
    const err = e as ApiError;
    const issues = err.fieldIssues ?? [];
    if (issues.length) form.setFields(issues.map((i) => ({ name: i.path.split('.'), errors: [i.message] })));
    message.error(err.message);
  };
  const params = { id };
  const open = (a: Action, initial: Record<string, unknown> = {}) => {
    form.resetFields();
    form.setFieldsValue(initial);
    setAction(a);
  };
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (action === 'verify') await m.verify.mutateAsync({ params, body: v });
      if (action === 'reply') await m.reply.mutateAsync({ params, body: { text: v.text, final: !!v.final } });
      if (action === 'hazard') await m.hazard.mutateAsync({ params, body: v });
      if (action === 'link') await m.link.mutateAsync({ params, body: v });
      if (action === 'case') await m.case.mutateAsync({ params, body: v });
      if (action === 'recategorize') await m.recategorize.mutateAsync({ params, body: v });
      if (action === 'reward') await m.reward.mutateAsync({ params, body: { ...v, exclusionChecked: !!v.exclusionChecked } });
      if (action === 'decide') await m.decide.mutateAsync({ params, body: v });
      if (action === 'pay') await m.pay.mutateAsync({ params, body: { ...v, paidOn: v.paidOn.format('YYYY-MM-DD'), recipientVerified: !!v.recipientVerified } });
      message.success('已保存');
      setAction(null);
    } catch (e) {
      fail(e);
    }
  };
  const handler = r.isHandler || me?.roles.includes('office');
  const handle = can('report.handle');
  const canStep = handle && handler && r.status !== 'submitted';
  const TITLES: Record<Action, string> = { verify: '核查结论', reply: '答复举报人', hazard: '登记隐患', link: '关联已有隐患', case: '据举报立案', recategorize: '调整类别', reward: '提出奖励', decide: '审批奖励', pay: '登记奖励发放' };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>举报 {r.caseNo}</span>
            <ReportFlags r={r} />
          </Space>
        }
        extra={
          <Space wrap>
            {handle && r.status === 'submitted' && (
              <Button type="primary" loading={m.accept.isPending} onClick={() => m.accept.mutateAsync({ params }).then(() => message.success('已受理，您是本件承办人'), fail)}>
                受理
              </Button>
            )}
            {handle && (r.status === 'submitted' || (r.status === 'accepted' && handler)) && <Button onClick={() => open('recategorize', { category: r.category })}>调整类别</Button>}
            {canStep && r.status === 'accepted' && (
              <Button type="primary" onClick={() => open('verify')}>
                核查结论
              </Button>
            )}
            {canStep && r.status !== 'closed' && <Button onClick={() => open('reply', { final: r.status === 'verified' })}>答复</Button>}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label="类别">{r.categoryName}</Descriptions.Item>
          <Descriptions.Item label="承办单位">{r.departmentName}</Descriptions.Item>
          <Descriptions.Item label="属地">{r.streetName}</Descriptions.Item>
          <Descriptions.Item label="举报时间">{formatDateTime(r.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="应受理">{formatDate(r.acknowledgeBy)}</Descriptions.Item>
          <Descriptions.Item label="应答复">{formatDate(r.replyBy)}</Descriptions.Item>
          <Descriptions.Item label="渠道">{REPORT_CHANNEL_LABELS[r.channel]}</Descriptions.Item>
          <Descriptions.Item label="承办人">{r.handlerName ?? '（待受理）'}</Descriptions.Item>
          <Descriptions.Item label="举报人">
            {r.named ? '实名' : '匿名'}
            {r.named && r.isHandler && (
              <Button
                size="small"
                type="link"
                icon={<EyeOutlined />}
                onClick={() =>
                  Modal.confirm({
                    title: '查看举报人身份',
                    content: '举报人信息依法保密，本次查看将记入审计日志。确定查看？',
                    onOk: () => m.identity.mutateAsync({ params }).then(setIdentity, fail),
                  })
                }
              >
                查看身份
              </Button>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="地点" span={2}>
            {r.address || '—'}
            {r.lat !== null && r.lng !== null && <Typography.Text type="secondary">（北纬 {r.lat.toFixed(5)}，东经 {r.lng.toFixed(5)}）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="被举报单位">{r.enterpriseName || '—'}</Descriptions.Item>
          <Descriptions.Item label="举报内容" span={3}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{r.description}</div>
          </Descriptions.Item>
          {r.mediaUrl && (
            <Descriptions.Item label="媒体链接" span={3}>
              <Typography.Link href={r.mediaUrl} target="_blank" rel="noopener noreferrer nofollow" style={{ wordBreak: 'break-all' }}>
                {r.mediaUrl}
              </Typography.Link>
              <Typography.Text type="secondary">（合作应用提供的外部地址，本系统未下载、未去除位置信息）</Typography.Text>
            </Descriptions.Item>
          )}
          {r.verifyResult && (
            <Descriptions.Item label="核查结论" span={3}>
              <Tag color={r.verifyResult === '属实' ? 'red' : 'default'}>{r.verifyResult}</Tag>
              {r.finding && <Tag>{r.finding}</Tag>}
              {r.duplicateOf && <Link to={`/reports/${r.duplicateOf.id}`}>原举报 {r.duplicateOf.caseNo}</Link>} {r.verifyNote}
            </Descriptions.Item>
          )}
        </Descriptions>
        {identity && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            closable
            onClose={() => setIdentity(null)}
            message={`举报人：${identity.name ?? '（未填姓名）'}  电话：${identity.phone ?? '（未填）'}${identity.email ? `  邮箱：${identity.email}` : ''}`}
            description={identity.notice}
          />
        )}
        {r.photos.length > 0 && (
          <Image.PreviewGroup>
            <Space wrap style={{ marginTop: 12 }}>
              {r.photos.map((p) => (
                <Image key={p.id} width={120} height={90} style={{ objectFit: 'cover' }} src={urlOf(reportApi.photo, { params: { id, photoId: p.id } })} alt="举报照片" />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={12}>
          <Card title="隐患与执法" size="small" style={{ marginBottom: 12 }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <div>
                关联隐患：{r.hazard ? <Link to={`/hazards/${r.hazard.id}`}>{r.hazard.code}</Link> : '无'}
                {canStep && !r.hazard && r.verifyResult === '属实' && (
                  <Space style={{ marginLeft: 8 }}>
                    <Button size="small" type="primary" onClick={() => open('hazard', { place: r.address, description: r.description, grade: r.finding === '重大事故隐患' ? '重大' : '一般', hazardCategory: '群众举报' })}>
                      登记隐患
                    </Button>
                    <Button size="small" onClick={() => open('link')}>
                      关联已有隐患
                    </Button>
                  </Space>
                )}
              </div>
              <div>
                执法案件：{r.enforcementCase ? r.enforcementCase.code : '无'}
                {canStep && !r.enforcementCase && r.verifyResult === '属实' && (
                  <Button size="small" style={{ marginLeft: 8 }} onClick={() => open('case', { summary: `据举报 ${r.caseNo}：${r.description.slice(0, 100)}` })}>
                    立案
                  </Button>
                )}
              </div>
            </Space>
          </Card>
          <Card title="举报奖励" size="small" style={{ marginBottom: 12 }}>
            {r.reward ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="状态">
                  <Tag color={r.reward.status === 'paid' ? 'green' : r.reward.status === 'rejected' ? 'default' : 'gold'}>{REWARD_STATUS_LABELS[r.reward.status]}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="奖励金额">
                  {r.reward.amount.toLocaleString('zh-CN')} 元（罚款 {r.reward.fineAmount.toLocaleString('zh-CN')} 元，{r.reward.penaltyDocNo}）
                </Descriptions.Item>
                <Descriptions.Item label="提出">
                  {r.reward.proposedByName} · {formatDateTime(r.reward.proposedAt)}
                </Descriptions.Item>
                {r.reward.decidedByName && (
                  <Descriptions.Item label="审批">
                    {r.reward.decidedByName} · {formatDateTime(r.reward.decidedAt)} · {r.reward.decisionNote}
                  </Descriptions.Item>
                )}
                {r.reward.paidOn && (
                  <Descriptions.Item label="发放">
                    {formatDate(r.reward.paidOn)} · {r.reward.payMethod} · 凭证 {r.reward.voucherNo}
                  </Descriptions.Item>
                )}
              </Descriptions>
            ) : (
              <Typography.Text type="secondary">{r.rewardIneligible ?? '可提出奖励'}</Typography.Text>
            )}
            <div style={{ marginTop: 8 }}>
              <Space wrap>
                {canStep && !r.rewardIneligible && (!r.reward || r.reward.status === 'rejected') && (
                  <Button size="small" onClick={() => open('reward', { note: '' })}>
                    提出奖励
                  </Button>
                )}
                {can('report.reward') && r.reward?.status === 'proposed' && (
                  <Button size="small" type="primary" onClick={() => open('decide', { approve: true })}>
                    审批
                  </Button>
                )}
                {can('report.reward') && r.reward?.status === 'approved' && (
                  <Button size="small" type="primary" onClick={() => open('pay', { paidOn: dayjs(), method: '银行转账' })}>
                    登记发放
                  </Button>
                )}
              </Space>
            </div>
          </Card>
          <Card title={`疑似重复（同类别、同地点、7 日内）`} size="small">
            {r.duplicates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={r.duplicates}
                columns={[
                  { title: '受理编号', dataIndex: 'caseNo', render: (v: string, d) => <Link to={`/reports/${d.id}`}>{v}</Link> },
                  { title: '举报时间', dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v) },
                  { title: '距离', dataIndex: 'distanceMetres', render: (v: number | null) => (v === null ? '同地址' : `${v} 米`) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="办理过程" size="small">
            <Timeline
              items={r.events.map((e) => ({
                color: e.isPublic ? 'green' : 'blue',
                children: (
                  <div>
                    <div style={{ fontSize: 12, color: '#64748b' }}>
                      {formatDateTime(e.at)} · {e.isPublic ? `公开答复（${e.unitName}）` : withUnit(e.unitName, e.actorName)}
                    </div>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal open={!!action} title={action ? TITLES[action] : ''} onCancel={() => setAction(null)} onOk={submit} okText="确定" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical">
          {action === 'verify' && (
            <>
              <Form.Item name="result" label="核查结论" rules={[{ required: true, message: '请选择' }]}>
                <Select options={VERIFY_RESULTS.map((v) => ({ value: v, label: v }))} />
              </Form.Item>
              {result === '属实' && (
                <Form.Item name="finding" label="情形" rules={[{ required: true, message: '请选择' }]}>
                  <Select options={FINDINGS.map((v) => ({ value: v, label: v }))} />
                </Form.Item>
              )}
              {result === '重复' && (
                <Form.Item name="duplicateOfCaseNo" label="原举报受理编号" rules={[{ required: true, message: '请填写' }]} initialValue={r.duplicates[0]?.caseNo}>
                  <Input placeholder="JB-2026-000123" />
                </Form.Item>
              )}
              <Form.Item name="note" label="核查情况" rules={[{ required: true, message: '请填写' }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {action === 'reply' && (
            <>
              <Form.Item name="text" label="答复内容（举报人凭查询码可见）" rules={[{ required: true, message: '请填写答复' }]}>
                <Input.TextArea rows={4} maxLength={2000} />
              </Form.Item>
              <Form.Item name="final" valuePropName="checked">
                <Checkbox disabled={r.status !== 'verified'}>办结答复（核实后答复并结案）</Checkbox>
              </Form.Item>
            </>
          )}
          {action === 'hazard' && (
            <>
              <Form.Item name="enterpriseId" label="隐患所在企业" rules={[{ required: true, message: '请选择企业' }]}>
                <EnterprisePicker />
              </Form.Item>
              <Form.Item name="place" label="部位/场所" rules={[{ required: true, message: '请填写' }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="grade" label="等级">
                <Select options={['一般', '重大'].map((g) => ({ value: g, label: g }))} />
              </Form.Item>
              <Form.Item name="hazardCategory" label="隐患类别">
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="description" label="隐患描述（请删去可能暴露举报人的内容）">
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {action === 'link' && (
            <Form.Item name="hazardId" label="隐患编号（UUID，见隐患详情页地址）" rules={[{ required: true, message: '请填写' }]}>
              <Input />
            </Form.Item>
          )}
          {action === 'case' && (
            <>
              <Form.Item name="enterpriseId" label="被查单位" rules={[{ required: true, message: '请选择企业' }]}>
                <EnterprisePicker />
              </Form.Item>
              <Form.Item name="summary" label="案由" rules={[{ required: true, message: '请填写' }]}>
                <Input.TextArea rows={3} maxLength={500} />
              </Form.Item>
            </>
          )}
          {action === 'recategorize' && (
            <>
              <Form.Item name="category" label="新类别" rules={[{ required: true, message: '请选择' }]}>
                <Select options={REPORT_CATEGORIES.map((c) => ({ value: c.code, label: c.name }))} />
              </Form.Item>
              <Form.Item name="note" label="说明">
                <Input maxLength={500} />
              </Form.Item>
            </>
          )}
          {action === 'reward' && (
            <>
              <Alert type="info" style={{ marginBottom: 12 }} message="《安全生产领域举报奖励办法》第十一条：按行政处罚金额的 15% 计算，最低 3000 元，最高 30 万元。" />
              <Form.Item name="fineAmount" label="罚款金额（元）" rules={[{ required: true, message: '请填写' }]} extra={fine !== undefined && fine !== null ? `奖励金额：${rewardAmount(Number(fine)).toLocaleString('zh-CN')} 元` : undefined}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="penaltyDocNo" label="行政处罚决定书文号" rules={[{ required: true, message: '请填写' }]}>
                <Input maxLength={60} placeholder="东应急罚〔2026〕12号" />
              </Form.Item>
              <Form.Item name="exclusionChecked" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须确认'))) }]}>
                <Checkbox>已核查：举报人不是负有安全监管职责部门的工作人员及其近亲属，且为最先举报人</Checkbox>
              </Form.Item>
              <Form.Item name="note" label="说明">
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {action === 'decide' && (
            <>
              <Form.Item name="approve" label="审批意见">
                <Select options={[{ value: true, label: '批准' }, { value: false, label: '不批准' }]} />
              </Form.Item>
              <Form.Item name="note" label="意见" rules={[{ required: true, message: '请填写' }]}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {action === 'pay' && (
            <>
              <Form.Item name="paidOn" label="发放日期" rules={[{ required: true, message: '请选择' }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="method" label="发放方式">
                <Select options={['银行转账', '现金', '其他'].map((v) => ({ value: v, label: v }))} />
              </Form.Item>
              <Form.Item name="voucherNo" label="凭证号" rules={[{ required: true, message: '请填写' }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="recipientVerified" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须确认'))) }]}>
                <Checkbox>已核验领奖人（实名证件或查询码）</Checkbox>
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
