import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Grid, Input, List, Result, Row, Space, Spin, Tabs, Tag, Timeline, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, call as callApi, invalidate, keyOf, useApiQuery } from '../../lib/client';
import { HAZARD_STEP_ENDPOINTS, hazardApi } from '../../../shared/contracts/hazard.api';
import { AuditHistory } from '../../components/AuditHistory';
import { CreditFlag } from '../../components/CreditFlag';
import { GOVERNANCE_PLAN_LABELS, HAZARD_SOURCE_LABELS, type HazardView } from '../../../shared/contracts/hazard';
import { HAZARD_STATUS_LABELS, HAZARD_STEPS, nextActorHint, type HazardStatus, type HazardStep } from '../../../shared/hazard/workflow';
import { fmtDay, fmtTime, GradeTag, HazardFlags, PhotoGallery } from './hazardUi';
import { StepDialog } from './StepDialog';

/** Buttons in the header, in workflow order; the primary one is the main next step. */
const BUTTON_ORDER: HazardStep[] = [
  'confirm',
  'start_rectification',
  'request_acceptance',
  'accept',
  'reject',
  'fix_on_spot',
  'dismiss',
  'set_plan',
  'supervise',
  'order_stop',
  'apply_resume',
  'decide_resume',
  'request_extension',
  'decide_extension',
  'update_rectification',
  'regrade',
];
const PRIMARY = new Set<HazardStep>(['confirm', 'start_rectification', 'request_acceptance', 'accept']);
const DANGER = new Set<HazardStep>(['reject', 'dismiss', 'order_stop']);

export default function HazardDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [step, setStep] = useState<HazardStep | null>(null);
  const [newAction, setNewAction] = useState('');
  const screens = Grid.useBreakpoint();
  // Phones: labels above values, so the values get the whole width.
  const layout = screens.sm === false ? 'vertical' : 'horizontal';
  const { data: h, error, isLoading } = useApiQuery(hazardApi.get, id ? { params: { id } } : null);
  if (isLoading) return <Spin style={{ margin: 48 }} />;
  if (error || !h) return <Result status="404" title="隐患不存在或不在您的管辖范围内" subTitle={error instanceof ApiError ? error.message : undefined} extra={<Button onClick={() => navigate('/hazards')}>返回台账</Button>} />;

  const done = (v: HazardView) => {
    qc.setQueryData(keyOf(hazardApi.get, { params: { id: h.id } }), v);
    void invalidate(qc, hazardApi.list, hazardApi.stats, hazardApi.history);
    setStep(null);
  };
  const can = (s: HazardStep) => h.allowedSteps.includes(s);
  const call = async (fn: () => Promise<HazardView>) => {
    try {
      done(await fn());
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '操作失败');
    }
  };
  const buttons = BUTTON_ORDER.filter((s) => can(s) && HAZARD_STEP_ENDPOINTS[s]);
  const photos = (kind: string) => h.photos.filter((p) => p.kind === kind);
  const major = h.grade === '重大';

  return (
    <Card
      styles={{ header: { flexWrap: 'wrap', paddingTop: 8, paddingBottom: 8 } }}
      title={
        <Space wrap style={{ whiteSpace: 'normal' }}>
          <span style={{ fontFamily: 'monospace' }}>{h.code}</span>
          <GradeTag grade={h.grade} />
          <HazardFlags h={h} />
        </Space>
      }
      extra={<Button onClick={() => navigate(-1)}>返回</Button>}
    >
      {buttons.length > 0 && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="hazard-steps">
          {buttons.map((s) => (
            <Button key={s} type={PRIMARY.has(s) ? 'primary' : 'default'} danger={DANGER.has(s)} onClick={() => setStep(s)}>
              {HAZARD_STEPS[s].label}
            </Button>
          ))}
        </Space>
      )}
 {(() => {
        const next = nextActorHint(h, { street: h.regionName, department: `${h.sectorName}行业主管部门` });
        return next ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={next} data-testid="hazard-next" /> : null;
      })()}
      {h.overdue && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`已超过整改期限 ${h.overdueDays} 天（期限 ${h.deadline}）`} />}
      {h.extensionPending && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`延期申请待审批：申请延期至 ${h.extensions.find((x) => x.status === 'pending')?.newDeadline ?? ''}`} />}
      {h.acceptanceOpinion && h.status === 'rectifying' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`验收未通过：${h.acceptanceOpinion}`} />}
      <Descriptions bordered size="small" layout={layout} column={{ xs: 1, md: 2 }} labelStyle={layout === 'horizontal' ? { width: 130 } : undefined}>
        <Descriptions.Item label="生产经营单位">
          <a onClick={() => navigate(`/enterprises/${h.enterpriseId}`)}>{h.enterpriseName}</a>
          <CreditFlag flag={h.enterpriseDishonest} style={{ marginInlineStart: 8 }} />
        </Descriptions.Item>
        <Descriptions.Item label="属地 / 行业">
          {h.regionName} · {h.sectorName}
        </Descriptions.Item>
        <Descriptions.Item label="部位/场所">{h.place}</Descriptions.Item>
        <Descriptions.Item label="隐患类别">{h.category}</Descriptions.Item>
        <Descriptions.Item label="隐患描述" span={2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{h.description}</Typography.Paragraph>
        </Descriptions.Item>
        {h.standardRef && (
          <Descriptions.Item label="判定依据" span={2}>
            《{h.standardRef.standardName}》{h.standardRef.itemLabel}：{h.standardRef.text}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="来源">
          {HAZARD_SOURCE_LABELS[h.source]}
          {h.origin?.label ? `（${h.origin.label}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="发现">
          {fmtTime(h.foundAt)} · {h.foundByName}
          {h.foundByUnit ? `（${h.foundByUnit}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="确认定级">{h.confirmedAt ? `${fmtTime(h.confirmedAt)} · ${h.confirmedByName ?? ''}` : '—'}</Descriptions.Item>
        <Descriptions.Item label="整改期限">
          {h.deadline ?? '—'} {h.overdue && <Tag color="red">超期</Tag>}
        </Descriptions.Item>
        {h.status === 'closed' && (
          <Descriptions.Item label="销号" span={2}>
            {fmtTime(h.closedAt)} · {h.closedByName}
            {h.fixedOnSpot ? `（立查立改：${h.fixNote ?? ''}）` : h.acceptanceOpinion ? `：${h.acceptanceOpinion}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="五落实（措施、责任、资金、时限、预案）" style={{ marginBottom: 16 }}>
            {h.rectification.measures ? (
              <Descriptions size="small" column={1} labelStyle={{ width: 110 }}>
                <Descriptions.Item label="整改措施">{h.rectification.measures}</Descriptions.Item>
                <Descriptions.Item label="责任人">{h.rectification.responsiblePerson}</Descriptions.Item>
                <Descriptions.Item label="整改资金">{h.rectification.funds?.toLocaleString('zh-CN')} 元</Descriptions.Item>
                <Descriptions.Item label="整改时限">{h.rectification.deadline}</Descriptions.Item>
                <Descriptions.Item label="应急预案">{h.rectification.emergencyPlan}</Descriptions.Item>
                {h.rectificationNote && <Descriptions.Item label="整改情况">{h.rectificationNote}</Descriptions.Item>}
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未落实" />
            )}
          </Card>
          <Card size="small" title={`整改措施分项（${h.actions.filter((a) => a.done).length}/${h.actions.length} 已完成）`} style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={h.actions}
              locale={{ emptyText: '无分项' }}
              renderItem={(a) => (
                <List.Item
                  actions={
                    can('manage_actions') && !a.done
                      ? [
                          <a key="del" onClick={() => call(() => callApi(hazardApi.deleteAction, { params: { id: h.id, actionId: a.id } }))}>
                            删除
                          </a>,
                        ]
                      : []
                  }
                >
                  <Checkbox checked={a.done} disabled={!can('manage_actions')} onChange={(e) => call(() => callApi(hazardApi.updateAction, { params: { id: h.id, actionId: a.id }, body: { done: e.target.checked } }))}>
                    <span style={a.done ? { textDecoration: 'line-through', color: '#888' } : undefined}>{a.title}</span>
                  </Checkbox>
                  {a.responsible && <span style={{ color: '#888' }}>{a.responsible}</span>}
                </List.Item>
              )}
            />
            {can('manage_actions') && (
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input placeholder="新增分项" value={newAction} onChange={(e) => setNewAction(e.target.value)} maxLength={300} />
                <Button
                  disabled={!newAction.trim()}
                  onClick={() =>
                    call(async () => {
                      const v = await callApi(hazardApi.addAction, { params: { id: h.id }, body: { title: newAction.trim() } });
                      setNewAction('');
                      return v;
                    })
                  }
                >
                  添加
                </Button>
              </Space.Compact>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title="照片与材料"
            style={{ marginBottom: 16 }}
            extra={
              can('add_photo') && (
                <Space>
                  {(['before', 'after'] as const).map((kind) => (
                    <Upload
                      key={kind}
                      accept="image/jpeg,image/png,image/webp,image/gif"
                      showUploadList={false}
                      customRequest={async ({ file }) => {
                        const form = new FormData();
                        form.append('kind', kind);
                        form.append('file', file as Blob);
                        await call(() => callApi(hazardApi.addFile, { params: { id: h.id }, body: form }));
                      }}
                    >
                      <Button size="small" icon={<UploadOutlined />}>
                        {kind === 'before' ? '整改前' : '整改后'}
                      </Button>
                    </Upload>
                  ))}
                </Space>
              )
            }
          >
            <Descriptions size="small" column={1} labelStyle={{ width: 80 }}>
              <Descriptions.Item label="整改前">
                <PhotoGallery photos={photos('before')} />
              </Descriptions.Item>
              <Descriptions.Item label="整改后">
                <PhotoGallery photos={photos('after')} />
              </Descriptions.Item>
              {photos('document').length > 0 && (
                <Descriptions.Item label="材料">
                  <Space direction="vertical" size={2}>
                    {photos('document').map((p) => (
                      <a key={p.fileId} href={`/api/files/${p.fileId}`} target="_blank" rel="noreferrer">
                        {p.name}
                      </a>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {h.extensions.length > 0 && (
            <Card size="small" title="延期记录" style={{ marginBottom: 16 }}>
              <List
                size="small"
                dataSource={h.extensions}
                renderItem={(x) => (
                  <List.Item>
                    <span>
                      {x.oldDeadline ?? '—'} → {x.newDeadline}：{x.reason}（{x.requestedByName}，{fmtDay(x.requestedAt)}）
                    </span>
                    <Tag color={x.status === 'approved' ? 'green' : x.status === 'rejected' ? 'red' : 'gold'}>{x.status === 'approved' ? '已同意' : x.status === 'rejected' ? '未同意' : '待审批'}</Tag>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Col>
      </Row>

      {(major || h.stopProduction) && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title="重大隐患治理方案" style={{ marginBottom: 16 }}>
              {h.plan ? (
                <Descriptions size="small" column={1} labelStyle={{ width: 150 }}>
                  {(Object.keys(GOVERNANCE_PLAN_LABELS) as (keyof typeof GOVERNANCE_PLAN_LABELS)[]).map((k) => (
                    <Descriptions.Item key={k} label={GOVERNANCE_PLAN_LABELS[k]}>
                      {h.plan![k]}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未制定治理方案" />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title="挂牌督办" style={{ marginBottom: 16 }}>
              {h.supervisionRecord ? (
                <Descriptions size="small" column={1} labelStyle={{ width: 90 }}>
                  <Descriptions.Item label="状态">{h.supervisionRecord.status === 'listed' ? <Tag color="volcano">挂牌中</Tag> : <Tag>已摘牌 {fmtDay(h.supervisionRecord.delistedAt)}</Tag>}</Descriptions.Item>
                  <Descriptions.Item label="督办级别">{h.supervisionRecord.level}</Descriptions.Item>
                  <Descriptions.Item label="督办单位">{h.supervisionRecord.supervisingUnit}</Descriptions.Item>
                  <Descriptions.Item label="文号">{h.supervisionRecord.docNo}</Descriptions.Item>
                  <Descriptions.Item label="督办期限">{h.supervisionRecord.deadline}</Descriptions.Item>
                  <Descriptions.Item label="签发">
                    {h.supervisionRecord.signedBy} · {h.supervisionRecord.signedOn}
                  </Descriptions.Item>
                  {h.supervisionRecord.requirements && <Descriptions.Item label="督办要求">{h.supervisionRecord.requirements}</Descriptions.Item>}
                </Descriptions>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未挂牌督办" />
              )}
            </Card>
            {h.stopProduction && (
              <Card size="small" title="停产停业与复产" style={{ marginBottom: 16 }}>
                <p>
                  <Tag color="magenta">{h.stopProduction}</Tag> 当前：{h.productionState}
                </p>
                <List
                  size="small"
                  dataSource={h.resumptions}
                  locale={{ emptyText: '暂无复产申请' }}
                  renderItem={(x) => (
                    <List.Item>
                      <div>
                        <div>
                          {fmtDay(x.appliedAt)} {x.appliedByName} 申请：{x.application}
                        </div>
                        {x.decidedAt && (
                          <div style={{ color: '#666' }}>
                            {fmtDay(x.decidedAt)} {x.decidedByName}：{x.status === 'approved' ? '同意' : '不同意'}，{x.opinion}
                          </div>
                        )}
                      </div>
                    </List.Item>
                  )}
                />
              </Card>
            )}
          </Col>
        </Row>
      )}

      <Tabs
        items={[
          {
            key: 'steps',
            label: '办理记录',
            children: (
              <Timeline
                items={h.steps.map((s) => ({
                  color: s.step === 'accept' || s.step === 'fix_on_spot' ? 'green' : s.step === 'reject' || s.step === 'dismiss' ? 'red' : 'blue',
                  children: (
                    <div>
                      <b>{s.label}</b> · {s.actorName} · {fmtTime(s.at)}
                      {s.fromStatus !== s.toStatus && s.toStatus && <span style={{ color: '#888' }}>（→ {HAZARD_STATUS_LABELS[s.toStatus as HazardStatus]}）</span>}
                      {s.comment && <div style={{ color: '#555' }}>{s.comment}</div>}
                    </div>
                  ),
                }))}
              />
            ),
          },
          { key: 'audit', label: '审计记录', children: <AuditHistory endpoint={hazardApi.history} params={{ id: h.id }} /> },
        ]}
      />
      <StepDialog step={step} h={h} onClose={() => setStep(null)} onDone={done} />
    </Card>
  );
}
