import type { DbOrTx } from '../db';

/**
 * What the platform needs to know of the organisation (users belong to a unit or an enterprise;
 * the demo users are attached to units by code). The org module owns those tables and provides
 * this directory when it loads (`registerOrgDirectory` in modules/org/index.ts); the platform never
 * reads them itself (test/boundaries.test.ts).
 */
export interface OrgDirectory {
  /** the kind of a unit (office, department, street…), undefined when it does not exist */
  unitKind(db: DbOrTx, unitId: string): Promise<string | undefined>;
  enterpriseExists(db: DbOrTx, enterpriseId: string): Promise<boolean>;
  /** display names of units (short name and kind) and enterprises, by id */
  names(db: DbOrTx, ids: { unitIds: string[]; enterpriseIds: string[] }): Promise<{ units: Map<string, { name: string; kind: string }>; enterprises: Map<string, string> }>;
  /** units and enterprises whose name contains the text (for the user search), at most `limit` each */
  matching(db: DbOrTx, text: string, limit: number): Promise<{ unitIds: string[]; enterpriseIds: string[] }>;
  unitByCode(db: DbOrTx, code: string): Promise<{ id: string; shortName: string } | undefined>;
  /** whether the organisation (regions, units) has been written (a first start that stopped midway) */
  hasOrganisation(db: DbOrTx): Promise<boolean>;
  /** the enterprise the demo's enterprise user belongs to (a 危险化学品 enterprise in 将军路街道) */
  demoEnterprise(db: DbOrTx): Promise<{ id: string; name: string } | undefined>;
}

let directory: OrgDirectory | undefined;

export function registerOrgDirectory(d: OrgDirectory): void {
  directory = d;
}

export function orgDirectory(): OrgDirectory {
  if (!directory) throw new Error('组织机构模块未加载（OrgDirectory 未注册）');
  return directory;
}
