import { useState } from 'react';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Input, Modal, Segmented, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import { call, invalidate, useApiQuery } from '../../lib/client';
import { useAuth } from '../../lib/auth';
import { campaignPeriods } from '../../../shared/campaign/periods';
import { campaignApi } from '../../../shared/contracts/campaign.api';
import type { AssessmentRow, CampaignView } from '../../../shared/contracts/campaign.views';
import { periodLabel, UNIT_GROUP_LABELS } from './campaignUi';

const GRADE_COLORS: Record<string, string> = { 优秀: 'green', 良好: 'blue', 合格: 'gold', 不合格: 'red' };

/** 考核评估: scores from timeliness, completion and review (configurable weights), ranking, 一票否决. */
export default function AssessmentTab({ campaign }: { campaign: CampaignView }) {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const periods = campaignPeriods(campaign.startDate, campaign.endDate).filter((p) => p <= campaign.currentPeriod);
  const [from, setFrom] = useState(periods[0]);
  const [to, setTo] = useState(periods.at(-1)!);
  const [group, setGroup] = useState<'all' | 'department' | 'territory'>('all');
  const [veto, setVeto] = useState<AssessmentRow | null>(null);
  const [reason, setReason] = useState('');
  const { data, isFetching } = useApiQuery(campaignApi.assessment, { params: { id: campaign.id }, query: { from, to } }, { placeholderData: keepPreviousData });
  const rows = (data?.rows ?? []).filter((r) => group === 'all' || r.group === group);
  const refresh = () => invalidate(qc, campaignApi.assessment);
  const saveVeto = async () => {
    try {
      await call(campaignApi.setVeto, { params: { id: campaign.id, unitId: veto!.unitId }, body: { reason } });
      setVeto(null);
      await refresh();
      message.success('已设置一票否决');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const clearVeto = async (r: AssessmentRow) => {
    await call(campaignApi.clearVeto, { params: { id: campaign.id, unitId: r.unitId } });
    await refresh();
  };
  const w = data?.settings.weights;
  const opts = periods.map((p) => ({ value: p, label: periodLabel(p) }));
  return (
    <div>
      <div className="page-toolbar">
        <span>考核期间</span>
        <Select style={{ width: 130 }} value={from} onChange={setFrom} options={opts} />
        <span>至</span>
        <Select style={{ width: 130 }} value={to} onChange={setTo} options={opts} />
        <Segmented
          value={group}
          onChange={(v) => setGroup(v as 'all')}
          options={[
            { value: 'all', label: '全部' },
            { value: 'department', label: '成员单位' },
            { value: 'territory', label: '街道/管理处' },
          ]}
        />
        <span className="spacer" />
        {w && (
          <Typography.Text type="secondary">
            权重：按时报送 {w.timeliness} · 任务完成 {w.completion} · 审核质量 {w.review}；迟报按 {Math.round((1 - (data?.settings.latePenalty ?? 0.5)) * 100)}% 计；应报 {data?.reportsDue} 期
          </Typography.Text>
        )}
      </div>
      <Table<AssessmentRow>
        rowKey="unitId"
        size="small"
        loading={isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: group === 'all' ? '排名' : '组内排名', width: 80, render: (_: unknown, r) => (group === 'all' ? r.rank : r.rankInGroup) },
          { title: '单位', dataIndex: 'name' },
          { title: '类别', dataIndex: 'group', width: 110, render: (v: 'department' | 'territory') => UNIT_GROUP_LABELS[v] },
          {
            title: '按时报送',
            dataIndex: 'timeliness',
            width: 100,
            render: (v: number, r) => (
              <Tooltip title={`按时 ${r.facts.onTime}、迟报 ${r.facts.late}、应报 ${r.facts.reportsDue}`}>
                {v}%
              </Tooltip>
            ),
          },
          {
            title: '任务完成',
            dataIndex: 'completion',
            width: 100,
            render: (v: number, r) => <Tooltip title={`到期事项 ${r.facts.itemsDue}，已完成 ${r.facts.itemsDueCompleted}（全部事项 ${r.facts.items}，已完成 ${r.facts.completed}）`}>{v}%</Tooltip>,
          },
          { title: '审核质量', dataIndex: 'review', width: 100, render: (v: number, r) => <Tooltip title={`一次通过 ${r.facts.firstPass} / 已审核 ${r.facts.reviewed}`}>{v}%</Tooltip> },
          { title: '综合得分', dataIndex: 'score', width: 90, sorter: (a, b) => a.score - b.score, render: (v: number) => <Typography.Text strong>{v}</Typography.Text> },
          { title: '等次', dataIndex: 'grade', width: 80, render: (v: string) => <Tag color={GRADE_COLORS[v]}>{v}</Tag> },
          {
            title: '一票否决',
            width: 150,
            render: (_: unknown, r) =>
              r.veto ? (
                <Tooltip title={`否决原因：${r.veto.reason}`}>
                  <Tag color="red">已否决</Tag>
                </Tooltip>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          // Steering a unit's result is an action, kept in each row's menu (not a red link on every row).
          ...(can('campaign.manage')
            ? [
                {
                  title: '操作',
                  width: 70,
                  render: (_: unknown, r: AssessmentRow) => (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: r.veto
                          ? [{ key: 'clear', label: '撤销一票否决', onClick: () => modal.confirm({ title: `撤销${r.name}的一票否决？`, okText: '撤销', onOk: () => clearVeto(r) }) }]
                          : [{ key: 'veto', danger: true, label: '一票否决…', onClick: () => (setVeto(r), setReason('')) }],
                      }}
                    >
                      <Button type="text" size="small" icon={<MoreOutlined />} aria-label={`${r.name}的操作`} data-testid="assessment-row-actions" />
                    </Dropdown>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal open={!!veto} title={`一票否决：${veto?.name ?? ''}`} onCancel={() => setVeto(null)} onOk={saveVeto} okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }} okText="确定否决">
        <Typography.Paragraph type="secondary">依据方案“严格责任追究”，对发生较大及以上生产安全事故、或专项整治工作严重滞后的单位实行一票否决。请写明原因（将记入审计日志）。</Typography.Paragraph>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：辖区发生较大生产安全事故" />
      </Modal>
    </div>
  );
}
