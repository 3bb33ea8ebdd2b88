/** Labels and colours of the campaign pages (the data types are the contract's: shared/contracts/campaign.views.ts). */
import type { HeatmapCell } from '../../../shared/contracts/campaign.views';

export { periodLabel } from '../../../shared/campaign/periods';

export const CELL_LABELS: Record<HeatmapCell, string> = {
  accepted: '按时·已采纳',
  accepted_late: '迟报·已采纳',
  submitted: '待审核',
  returned: '已退回',
  draft: '草稿',
  missing: '未报送',
  notdue: '未到期',
};
export const CELL_COLORS: Record<HeatmapCell, string> = {
  accepted: '#52c41a',
  accepted_late: '#95de64',
  submitted: '#1677ff',
  returned: '#faad14',
  draft: '#d9d9d9',
  missing: '#f5222d',
  notdue: '#f0f0f0',
};
export const CELL_ORDER: HeatmapCell[] = ['missing', 'returned', 'draft', 'notdue', 'submitted', 'accepted_late', 'accepted'];

export const UNIT_GROUP_LABELS: Record<'department' | 'territory', string> = { department: '成员单位', territory: '街道（管理处）' };
