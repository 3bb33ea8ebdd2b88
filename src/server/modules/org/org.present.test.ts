import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import type { EnterpriseJoined, EnterpriseRow } from './org.repo';
import { presentEnterprise } from './org.service';

/**
 * A list's masked view is built once per kept row object and shared (org.service's maskedViews): what
 * a reader sees must still follow the names, the 失信 entry and a new read of the row.
 */
describe('presentEnterprise (lists)', () => {
  const cipher = new FieldCipher('11'.repeat(16));
  const deps = { cipher } as unknown as AppDeps;
  const row = (name: string): EnterpriseRow =>
    ({
      id: '00000000-0000-4000-8000-000000000001',
      creditCode: '91310115MA1K4ABC2X',
      name,
      sector: 'hazchem',
      sectors: [],
      regionCode: '310115001',
      address: '浦东新区某路 1 号',
      lng: null,
      lat: null,
      legalRepName: '张三',
      legalRepPhoneEnc: cipher.encrypt('13812345678'),
      safetyManagerName: '李四',
      safetyManagerPhoneEnc: null,
      scale: null,
      aboveScale: false,
      status: '在营',
      employees: 10,
      establishedOn: null,
      businessScope: null,
      riskLevel: null,
      version: 1,
      createdAt: new Date('2026-01-02T03:04:05Z'),
      updatedAt: new Date('2026-01-02T03:04:05Z'),
    }) as unknown as EnterpriseRow;
  const joined = (e: EnterpriseRow, sectorName = '危险化学品'): EnterpriseJoined => ({ e, sectorName, regionName: '某街道', supervisingUnitId: 'u1', supervisingUnitName: '应急管理局' });

  it('is shared while nothing changes, follows names, flags and a new read, and never shows a phone in clear', () => {
    const e = row('甲公司');
    const a = presentEnterprise(deps, null, joined(e), { forceMask: true });
    const b = presentEnterprise(deps, null, joined(e), { forceMask: true });
    expect(b).toBe(a);
    expect(a.legalRepPhone).toBe('138****5678');
    expect(a.phonesMasked).toBe(true);
    expect(a.dishonest).toBeNull();

    const flag = { reason: '严重失信', startsOn: '2026-01-01', endsOn: '2027-01-01', underRepair: false } as never;
    const flagged = presentEnterprise(deps, null, joined(e), { forceMask: true, dishonest: flag });
    expect(flagged.dishonest).toBe(flag);
    expect(presentEnterprise(deps, null, joined(e), { forceMask: true }).dishonest).toBeNull();

    expect(presentEnterprise(deps, null, joined(e, '烟花爆竹'), { forceMask: true }).sectorName).toBe('烟花爆竹');
    expect(presentEnterprise(deps, null, joined(row('乙公司')), { forceMask: true }).name).toBe('乙公司');
  });
});
