import { useEffect, useState } from 'react';
import { Popover, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ChecklistItemView, MajorRefView, RunStatus } from '../../../shared/contracts/checklist';
import { RUN_STATUS_LABELS, VERSION_STATUS_LABELS, type VersionStatus } from '../../../shared/contracts/checklist';

/** Shared bits of the checklist pages. */

export function MajorTag({ major, compact }: { major: MajorRefView | null; compact?: boolean }) {
  if (!major) return compact ? null : <span style={{ color: '#999' }}>否</span>;
  return (
    <Popover
      title={`《${major.standardName}》${major.number ? `（${major.number}）` : ''}${major.label}`}
      content={<div style={{ maxWidth: 360 }}>{major.text}</div>}
    >
      <Tag color="red" style={{ cursor: 'help', whiteSpace: 'normal' }}>
        {compact ? '重大隐患判定项' : `是 · ${major.number || major.standardName} ${major.label}`}
      </Tag>
    </Popover>
  );
}

export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const color = status === 'published' ? 'green' : status === 'draft' ? 'orange' : 'default';
  return <Tag color={color}>{VERSION_STATUS_LABELS[status]}</Tag>;
}

export function RunStatusTag({ status }: { status: RunStatus | null }) {
  if (!status) return <Tag>未开始</Tag>;
  const color = status === 'submitted' ? 'green' : status === 'missed' ? 'red' : 'blue';
  return <Tag color={color}>{RUN_STATUS_LABELS[status]}</Tag>;
}

/** rowSpan of each row for a column whose equal consecutive values are merged (三级目录). */
function spans<T>(rows: T[], same: (a: T, b: T) => boolean): number[] {
  const out = new Array(rows.length).fill(0);
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || !same(rows[start], rows[i])) {
      out[start] = i - start;
      start = i;
    }
  }
  return out;
}

/** The checklist in the office layout: 序号 | 类别 | 项目 | 检查要点 | 检查依据 | 检查方法及判定标准 | 重大隐患判定项. */
export function ChecklistTable({ items, extra, loading }: { items: ChecklistItemView[]; extra?: ColumnsType<ChecklistItemView>; loading?: boolean }) {
  const cat = spans(items, (a, b) => a.category === b.category);
  const proj = spans(items, (a, b) => a.category === b.category && a.project === b.project);
  const index = new Map(items.map((it, i) => [it.id, i]));
  return (
    <Table<ChecklistItemView>
      size="small"
      bordered
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 1200 }}
      columns={[
        { title: '序号', dataIndex: 'seq', width: 56, align: 'center' },
        { title: '类别', dataIndex: 'category', width: 110, onCell: (r) => ({ rowSpan: cat[index.get(r.id)!], style: { verticalAlign: 'top' } }) },
        { title: '项目', dataIndex: 'project', width: 130, onCell: (r) => ({ rowSpan: proj[index.get(r.id)!], style: { verticalAlign: 'top' } }) },
        { title: '检查要点', dataIndex: 'point', width: 320 },
        { title: '检查依据', dataIndex: 'basis', width: 240, render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
        { title: '检查方法及判定标准', dataIndex: 'method', width: 300, render: (v: string) => <Typography.Text style={{ fontSize: 12 }}>{v}</Typography.Text> },
        { title: '是否重大隐患判定项', dataIndex: 'major', width: 150, render: (m: MajorRefView | null) => <MajorTag major={m} /> },
        ...(extra ?? []),
      ]}
    />
  );
}

/** Phones: below 768 px the run page takes the whole screen. */
export function useNarrow(limit = 768): boolean {
  const [narrow, setNarrow] = useState(() => window.innerWidth < limit);
  useEffect(() => {
    const on = () => setNarrow(window.innerWidth < limit);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, [limit]);
  return narrow;
}

export function monthRange(d = new Date()): { from: string; to: string } {
  const local = new Date(d.getTime() + 8 * 3600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const mm = String(m + 1).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
