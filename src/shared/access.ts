/** Roles of the access model (DESIGN.md), with their Chinese labels for the UI. */
export const ROLES = ['admin', 'office', 'department', 'street', 'enterprise', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  office: '安委办',
  department: '成员单位（行业部门）',
  street: '街道（属地）',
  enterprise: '企业',
  inspector: '执法检查人员',
};

export const UNIT_KIND_LABELS: Record<string, string> = {
  committee: '安委会',
  office: '安委办',
  sector_committee: '专委会',
  department: '成员单位',
  street: '街道',
  park: '管理处（园区）',
  enterprise: '企业',
  other: '其他',
};
