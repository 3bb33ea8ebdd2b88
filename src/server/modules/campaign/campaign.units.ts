import type { DbOrTx } from '../../db';
import { UnitDirectory, type UnitKind } from '../../../shared/org/reference';
import { listUnits } from '../org';

/**
 * The organisation's units as the campaign ledger needs them. Units belong to the org module: the
 * ledger reads them through org's `listUnits` (a district has a few dozen) and joins them to its
 * own rows in memory; SQL that orders "by unit" gets the order as a parameter (`order`).
 * Inside a transaction pass the transaction: PGlite has one connection.
 */
export interface UnitInfo {
  id: string;
  code: string;
  /** full name, e.g. 东西湖区住房和城乡建设局 */
  name: string;
  /** the name used in lists, e.g. 区住建局 */
  shortName: string;
  kind: UnitKind;
  regionCode: string;
  aliases: string[];
  /** a 专委会's lead department */
  leadUnitId: string | null;
  active: boolean;
}

export class Units {
  /** ids in the organisation's order (sort, code) */
  readonly order: string[];
  private readonly byId: Map<string, UnitInfo>;
  private readonly rankOf: Map<string, number>;

  constructor(readonly list: UnitInfo[]) {
    this.order = list.map((u) => u.id);
    this.byId = new Map(list.map((u) => [u.id, u]));
    this.rankOf = new Map(list.map((u, i) => [u.id, i]));
  }

  get(id: string | null | undefined): UnitInfo | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  /** The short name ('' for an unknown unit). */
  name(id: string | null | undefined): string {
    return this.get(id)?.shortName ?? '';
  }

  /** Changes when a unit's id, name, kind or place in the order does (keys of cached views that show units). */
  get fingerprint(): string {
    return (this.fp ??= this.list.map((u) => `${u.id}:${u.kind}:${u.shortName}`).join('|'));
  }
  private fp?: string;

  rank(id: string): number {
    return this.rankOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Sort rows by their unit in the organisation's order (stable). */
  sortBy<T>(rows: T[], unitId: (row: T) => string): T[] {
    return [...rows].sort((a, b) => this.rank(unitId(a)) - this.rank(unitId(b)));
  }

  /** The plan parser's directory of these units (short name, full name, aliases), entries keyed by id or code. */
  directory(key: 'id' | 'code'): UnitDirectory {
    return new UnitDirectory(this.list.map((u) => ({ code: u[key], name: u.shortName, kind: u.kind, aliases: [u.name, ...u.aliases] })));
  }

  /** Streets and parks: they carry 属地 duty. */
  territorial(): UnitInfo[] {
    return this.list.filter((u) => u.active && (u.kind === 'street' || u.kind === 'park'));
  }
}

export async function loadUnits(db: DbOrTx): Promise<Units> {
  const rows = await listUnits(db);
  return new Units(
    // units.kind holds the organisation's unit kinds (org.schema.ts)
    rows.map((u) => ({ id: u.id, code: u.code, name: u.name, shortName: u.shortName, kind: u.kind as UnitKind, regionCode: u.regionCode, aliases: u.aliases, leadUnitId: u.leadUnitId, active: u.active })),
  );
}
