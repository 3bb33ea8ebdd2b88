import { Table } from 'antd';

export interface ImportIssue {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** The row-by-row problems of an Excel import (Excel row number, column, what was written, why). */
export function ImportErrorTable({ errors }: { errors: ImportIssue[] }) {
  if (errors.length === 0) return null;
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
      dataSource={errors}
      pagination={{ pageSize: 8 }}
      columns={[
        { title: '行号', dataIndex: 'row', width: 70 },
        { title: '列', dataIndex: 'column', width: 130 },
        { title: '填写的值', dataIndex: 'value', width: 160, ellipsis: true },
        { title: '问题', dataIndex: 'reason' },
      ]}
    />
  );
}
