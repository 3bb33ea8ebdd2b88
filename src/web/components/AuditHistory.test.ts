import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, ENTITY_LABELS, actionLabel, auditSubjects, diffRows, entityLabel } from './AuditHistory';
import type { AuditListItem } from '../../shared/contracts/endpoint';

/** 审计日志 speaks Chinese and names records by their human key (issue #11: raw `enterprise`, UUIDs). */
const row = (p: Partial<AuditListItem>): AuditListItem => ({
  id: 1,
  at: '2027-01-01T00:00:00Z',
  actorUsername: 'anweiban',
  actorUserId: null,
  actorRoles: [],
  ip: null,
  requestId: null,
  action: 'enterprise.update',
  entity: 'enterprise',
  entityId: '3f1c2d4e-0000-4000-8000-000000000001',
  regionCode: '420112001',
  before: null,
  after: null,
  ...p,
});
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;
const CJK = /[\u4e00-\u9fa5]/;

describe('audit log labels', () => {
  it('every record type the server audits has a Chinese name; unknown ones are not shown raw', () => {
    for (const e of ['user', 'enterprise', 'unit', 'campaign_reminders', 'campaign_report', 'hazard', 'plan_draft', 'file', 'notification']) {
      expect(ENTITY_LABELS[e], e).toMatch(CJK);
    }
    expect(entityLabel('something_new')).not.toMatch(/something/);
  });

  it('every action reads in Chinese, also one without its own label', () => {
    for (const label of Object.values(ACTION_LABELS)) expect(label).toMatch(CJK);
    expect(actionLabel('campaign_reminders.run')).toMatch(/^督办提醒/);
    expect(actionLabel('unknown_thing.frobnicate')).not.toMatch(/[a-z_]{4,}/);
  });

  it('names records by their human key (enterprise name, hazard code), never by UUID', () => {
    const items = [
      row({ id: 1, after: { name: '东西湖化工有限公司', creditCode: '91420112MA4K0000X1' } }),
      row({ id: 2, action: 'enterprise.export', entityId: '3f1c2d4e-0000-4000-8000-000000000001', after: { rows: 3 } }),
      row({ id: 3, action: 'hazard.confirm', entity: 'hazard', entityId: '9a9a9a9a-0000-4000-8000-000000000002', after: { code: 'YH-20271201-0007', status: 'confirmed' } }),
      row({ id: 4, action: 'auth.password_change', entity: 'user', entityId: '7b7b7b7b-0000-4000-8000-000000000003' }),
    ];
    const s = auditSubjects(items);
    expect(s.get(1)).toBe('东西湖化工有限公司');
    expect(s.get(2)).toBe('东西湖化工有限公司'); // another row of the same record names it
    expect(s.get(3)).toBe('YH-20271201-0007');
    expect(s.get(4)).toBe('（用户记录）');
    for (const v of s.values()) expect(v).not.toMatch(UUID);
  });

  it('field differences hide internal ids and encrypted values', () => {
    const d = diffRows({ unitId: null, name: '甲' }, { unitId: '4f1c2d4e-0000-4000-8000-000000000001', name: '乙' });
    expect(d.find((x) => x.field === 'unitId')?.to).toBe('（内部编号）');
    expect(d.find((x) => x.field === 'name')).toEqual({ field: 'name', from: '甲', to: '乙' });
  });
});
