import type { Tx } from '../../db';
import { requireActor, type Actor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { findEnterprise, listEnterprises, listRegions, listSectors, listUnits } from '../org';
import type { EnterpriseView } from '../../../shared/contracts/org';

/** Helpers shared by the inspection services: the enterprise registry through org's functions, names. */

export type Ent = NonNullable<Awaited<ReturnType<typeof findEnterprise>>>;

export const ALL_SCOPE = { kind: 'all' } as const;

/** Every enterprise of the actor's scope matching the registry filters (paged through org's listEnterprises). */
export async function allEnterprises(deps: AppDeps, ctx: RequestContext, f: { q?: string; sector?: string; regionCode?: string } = {}): Promise<EnterpriseView[]> {
  const out: EnterpriseView[] = [];
  for (let page = 1; ; page++) {
    const r = await listEnterprises(deps, ctx, { ...f, page, pageSize: 500, sort: 'name' });
    out.push(...r.items);
    if (r.items.length < 500) return out;
  }
}

/** The enterprise if the actor may see it (scope in org's WHERE). */
export async function enterpriseInScope(deps: AppDeps, db: AppDeps['db'] | Tx, actor: Actor, id: string): Promise<Ent | undefined> {
  return findEnterprise(db, actor.scope, id);
}

export async function unitDirectory(deps: AppDeps) {
  const [units, sectors, regions] = await Promise.all([listUnits(deps.db), listSectors(deps.db), listRegions(deps.db)]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  /** department unit id → the sectors it supervises (一企一执法主体) */
  const sectorsOf = new Map<string, string[]>();
  for (const s of sectors) sectorsOf.set(s.departmentUnitId, [...(sectorsOf.get(s.departmentUnitId) ?? []), s.code]);
  const departmentOfSector = new Map(sectors.map((s) => [s.code, s.departmentUnitId]));
  return { unitById, regionName, sectorsOf, departmentOfSector, sectors };
}

export function actorOf(ctx: RequestContext): Actor {
  return requireActor(ctx);
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
