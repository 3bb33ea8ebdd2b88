export type { EnterpriseView } from '../../../shared/contracts/org';
export { ENTERPRISE_SCALES, ENTERPRISE_STATUSES, RISK_LEVELS } from '../../../shared/contracts/org';

export const RISK_COLORS: Record<string, string> = { 重大: 'red', 较大: 'orange', 一般: 'gold', 低: 'blue' };
export const STATUS_COLORS: Record<string, string> = { 在营: 'green', 停产: 'default', 停业整顿: 'orange', 关闭: 'red', 注销: 'default' };
