import { Space, Tag, Tooltip } from 'antd';
import type { ReportListItem } from '../../../shared/contracts/report';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../../../shared/report/categories';
import { formatDate } from '../../../shared/time';

const COLORS: Record<ReportStatus, string> = { submitted: 'orange', accepted: 'processing', verified: 'blue', closed: 'success' };

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  return <Tag color={COLORS[status]}>{REPORT_STATUS_LABELS[status]}</Tag>;
}

/** Status, overdue and duplicate flags in one line. */
export function ReportFlags({ r }: { r: Pick<ReportListItem, 'status' | 'ackOverdue' | 'replyOverdue' | 'possibleDuplicates' | 'acknowledgeBy' | 'replyBy'> }) {
  return (
    <Space size={2} wrap>
      <ReportStatusTag status={r.status} />
      {r.ackOverdue && (
        <Tooltip title={`应于 ${formatDate(r.acknowledgeBy)} 前受理`}>
          <Tag color="red">受理超期</Tag>
        </Tooltip>
      )}
      {r.replyOverdue && (
        <Tooltip title={`应于 ${formatDate(r.replyBy)} 前答复`}>
          <Tag color="red">答复超期</Tag>
        </Tooltip>
      )}
      {r.possibleDuplicates > 0 && <Tag color="gold">疑似重复</Tag>}
    </Space>
  );
}
