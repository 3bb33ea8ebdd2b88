import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, Progress, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useApiMutation, useApiQuery } from '../../lib/client';
import { emergencyApi } from '../../../shared/contracts/emergency.api';
import type { AssessmentView } from '../../../shared/contracts/emergency';
import { SEVEN_HAS, type SevenHasKey } from '../../../shared/emergency/catalog';
import { formatDateTime } from '../../../shared/time';

const years = (current: number) => [current, current - 1, current - 2].map((y) => ({ value: y, label: `${y} 年` }));

function ItemsTable({ a, editable, value, onChange }: { a: AssessmentView; editable: boolean; value?: Record<string, { has: boolean; note: string }>; onChange?: (v: Record<string, { has: boolean; note: string }>) => void }) {
  return (
    <Table
      rowKey="key"
      size="middle"
      pagination={false}
      dataSource={a.items}
      columns={[
        { title: '项目', dataIndex: 'label', width: 120 },
        {
          title: '具备',
          width: 90,
          render: (_: unknown, i) =>
            editable ? <Switch checked={value?.[i.key]?.has ?? false} onChange={(has) => onChange?.({ ...value, [i.key]: { note: value?.[i.key]?.note ?? '', has } })} checkedChildren="有" unCheckedChildren="无" /> : i.has ? <Tag color="green">有</Tag> : <Tag color="red">无</Tag>,
        },
        {
          title: '说明',
          render: (_: unknown, i) =>
            editable ? <Input maxLength={500} value={value?.[i.key]?.note ?? ''} placeholder="机构名称、预案名称、演练时间等" onChange={(e) => onChange?.({ ...value, [i.key]: { has: value?.[i.key]?.has ?? false, note: e.target.value } })} /> : (i.note ?? '—'),
        },
        { title: '资源库证据', width: 220, render: (_: unknown, i) => (i.evidence.length ? i.evidence.map((e) => <Tag key={e.kind} color={e.count ? 'blue' : 'default'}>{e.label}</Tag>) : <Typography.Text type="secondary">以说明为准</Typography.Text>) },
      ]}
    />
  );
}

/** 本单位“七有”自评: each item yes/no with a note, the databases' evidence beside it, the score. */
export default function SevenHasPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data } = useApiQuery(emergencyApi.assessmentMine, { query: year ? { year } : {} });
  const [value, setValue] = useState<Record<string, { has: boolean; note: string }>>({});
  const save = useApiMutation(emergencyApi.assessmentSave, { invalidates: ['emergency'] });
  useEffect(() => {
    if (data) setValue(Object.fromEntries(data.items.map((i) => [i.key, { has: i.has, note: i.note ?? '' }])));
  }, [data]);
  if (!data) return <Card loading />;
  const have = SEVEN_HAS.filter((i) => value[i.key]?.has).length;
  return (
    <Card
      title={`“七有”自评 · ${data.unitName}`}
      extra={<Select value={data.year} style={{ width: 110 }} options={years(data.year > (year ?? 0) ? data.year : (year ?? data.year))} onChange={setYear} />}
    >
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Progress type="circle" size={80} percent={Math.round((have * 1000) / 7) / 10} format={(p) => `${p}分`} />
        <Statistic title="具备项" value={have} suffix="/ 7" />
        <span>{data.submitted ? `已于 ${formatDateTime(data.submittedAt)} 提交` : <Tag color="orange">本年度尚未提交</Tag>}</span>
      </Space>
      <ItemsTable a={data} editable value={value} onChange={setValue} />
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        loading={save.isPending}
        onClick={() =>
          save.mutate(
            { body: { year: data.year, items: SEVEN_HAS.map((i) => ({ key: i.key as SevenHasKey, has: value[i.key]?.has ?? false, note: value[i.key]?.note || undefined })) } },
            { onSuccess: (r) => message.success(`已提交，得分 ${r.score}`), onError: (e) => message.error(e.message) },
          )
        }
      >
        提交自评
      </Button>
    </Card>
  );
}

function UnitDrawer({ unitId, year, onClose }: { unitId: string | null; year: number; onClose: () => void }) {
  const { data } = useApiQuery(emergencyApi.assessmentOfUnit, unitId ? { params: { id: unitId }, query: { year } } : null);
  return (
    <Drawer open={!!unitId} onClose={onClose} width={760} title={data ? `${data.unitName} · ${data.year} 年“七有”` : '“七有”自评'}>
      {data && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="得分">{data.submitted ? data.score : '未自评'}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{data.submittedAt ? formatDateTime(data.submittedAt) : '—'}</Descriptions.Item>
          </Descriptions>
          <ItemsTable a={data} editable={false} />
        </>
      )}
    </Drawer>
  );
}

/** 安委办: every street, department and park — score, gaps, who has not assessed. */
export function SevenHasOverviewPage() {
  const navigate = useNavigate();
  const params = useParams();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [unit, setUnit] = useState<string | null>(params.unitId ?? null);
  const { data } = useApiQuery(emergencyApi.assessmentOverview, { query: year ? { year } : {} });
  if (!data) return <Card loading />;
  return (
    <Card title="“七有”建设总览" extra={<Select value={data.year} style={{ width: 110 }} options={years(Math.max(data.year, year ?? 0))} onChange={setYear} />}>
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title="参评单位" value={data.summary.units} />
        <Statistic title="已自评" value={data.summary.submitted} />
        <Statistic title="平均得分" value={data.summary.averageScore ?? '—'} />
        <Statistic title="七有齐全" value={data.summary.full} />
      </Space>
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        message={
          <Space wrap>
            各项缺失单位数：
            {data.itemGaps.map((g) => (
              <Tag key={g.key} color={g.missing ? 'orange' : 'green'}>
                {g.label} {g.missing}
              </Tag>
            ))}
          </Space>
        }
      />
      <Table
        rowKey="unitId"
        size="middle"
        dataSource={data.units}
        tableLayout="fixed"
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true, render: (v: string, r) => <a onClick={() => setUnit(r.unitId)}>{v}</a> },
          { title: '类别', dataIndex: 'unitKindLabel', width: 120 },
          { title: '得分', dataIndex: 'score', width: 150, render: (v: number | null) => (v === null ? <Tag>未自评</Tag> : <Progress percent={v} size="small" format={(p) => `${p}`} status={v >= 100 ? 'success' : 'normal'} />) },
          { title: '缺项', dataIndex: 'gaps', render: (v: string[]) => (v.length ? v.map((g) => <Tag key={g} color={g === '未自评' ? 'default' : 'red'}>{g}</Tag>) : <Tag color="green">无</Tag>) },
        ]}
      />
      <UnitDrawer unitId={unit} year={data.year} onClose={() => (setUnit(null), navigate('/emergency/seven-has-overview', { replace: true }))} />
    </Card>
  );
}
