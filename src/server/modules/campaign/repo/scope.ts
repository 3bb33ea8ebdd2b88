import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { escapeLike, type Actor } from '../../../platform/access';
import { campaigns } from '../campaign.schema';

/**
 * Campaign data is owned by units, not by sectors: a department or street sees and edits its own
 * reports and duties (streets: their 属地 duties); the office sees everything under its region
 * prefix; admin sees all. (The platform's sector scope of departments is about enterprises.)
 */
export type CampaignScope = { kind: 'all' } | { kind: 'region'; prefix: string } | { kind: 'unit'; unitId: string; regionCode: string } | { kind: 'none' };

export function campaignScopeOf(actor: Actor): CampaignScope {
  if (actor.scope.kind === 'all') return { kind: 'all' };
  if (actor.unitKind === 'office' || actor.unitKind === 'committee') return { kind: 'region', prefix: actor.regionCode };
  if (actor.unitId && actor.scope.kind !== 'enterprise' && actor.scope.kind !== 'none') return { kind: 'unit', unitId: actor.unitId, regionCode: actor.regionCode };
  return { kind: 'none' };
}

const like = (prefix: string) => `${escapeLike(prefix)}%`;

/** Owner scope of unit-owned records (reports, lists, summaries, duties). */
export function ownedBy(scope: CampaignScope, cols: { unitId: SQL | AnyPgColumn; regionCode: SQL | AnyPgColumn }): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'region':
      return sql`${cols.regionCode} LIKE ${like(scope.prefix)}`;
    case 'unit':
      return sql`${cols.unitId} = ${scope.unitId}`;
    case 'none':
      return sql`false`;
  }
}

/** Campaigns the actor takes part in: the office's region; a unit's when the campaign covers its territory. */
export function campaignVisible(scope: CampaignScope): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'region':
      return sql`${campaigns.regionCode} LIKE ${like(scope.prefix)}`;
    case 'unit':
      return sql`${scope.regionCode} LIKE ${campaigns.regionCode} || '%'`;
    case 'none':
      return sql`false`;
  }
}

/**
 * The organisation's order of units (org's `listUnits`: sort, code) as an SQL sort key: units are
 * the org module's table, so lists ordered "by unit" pass the ordered ids as one array parameter.
 * Unknown units sort last.
 */
export function unitRank(unitOrder: readonly string[], col: SQL | AnyPgColumn): SQL {
  return sql`array_position(${`{${unitOrder.join(',')}}`}::uuid[], ${col})`;
}
