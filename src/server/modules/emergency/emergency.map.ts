import type { z } from 'zod';
import { requireActor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { enterpriseLocationsByIds } from '../org';
import { listSources } from '../risk';
import { RESOURCE_POINT_LABELS, type NearbyQuery, type ResourceMapQuery, type ResourcePoint } from '../../../shared/contracts/emergency.duty';
import { readPrefix } from './emergency.resources';
import * as repo from './emergency.duty.repo';

/**
 * 应急资源分布: rescue teams (base coordinates), material depots (the materials kept at one place,
 * grouped by depot) and 重大危险源 (through the risk module's scoped list, placed at their enterprise)
 * as points; from a clicked point the nearest resources by great-circle distance.
 */

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine) in km between two WGS-84 points. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Kind = ResourcePoint['kind'];

async function points(deps: AppDeps, ctx: RequestContext, kinds: Kind[]): Promise<{ points: ResourcePoint[]; withoutCoordinates: number }> {
  const actor = requireActor(ctx);
  const prefix = readPrefix(actor);
  const out: ResourcePoint[] = [];
  let missing = 0;
  const p = (kind: Kind, x: Omit<ResourcePoint, 'kind' | 'kindLabel' | 'distanceKm'>): ResourcePoint => ({ kind, kindLabel: RESOURCE_POINT_LABELS[kind], distanceKm: null, ...x });
  if (kinds.includes('team')) {
    const teams = await repo.teamsOfDistrict(deps.db, prefix);
    for (const t of teams) {
      if (t.lat === null || t.lng === null) missing++;
      else out.push(p('team', { id: t.id, name: t.name, detail: `${t.kind} · ${t.size} 人 · ${t.readiness} · ${t.specialty}`, address: t.baseAddress, lat: t.lat, lng: t.lng }));
    }
  }
  if (kinds.includes('depot')) {
    // One point per depot: its materials at the same place.
    const depots = await repo.depotPoints(deps.db, prefix);
    for (const d of depots) out.push(p('depot', { id: d.id, name: d.depot, detail: `${d.n} 种物资：${d.items}`.slice(0, 300), address: null, lat: Number(d.lat), lng: Number(d.lng) }));
    missing += await repo.depotsWithoutCoordinates(deps.db, prefix);
  }
  if (kinds.includes('hazard')) {
    const { rows: sources } = await listSources(deps.db, actor.scope, { page: 1, pageSize: 1000 });
    // Sources sit at their enterprise's registered position: one lookup for all of them (the
    // sources are already those of the caller's scope).
    const major = sources.filter((s) => s.s.isMajor);
    const located = await enterpriseLocationsByIds(deps.db, [...new Set(major.map((s) => s.s.enterpriseId))]);
    const coords = new Map(located.map((e) => [e.id, e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng, address: e.address } : null]));
    for (const s of major) {
      const c = coords.get(s.s.enterpriseId);
      if (!c) missing++;
      else out.push(p('hazard', { id: s.s.id, name: `${s.enterpriseName} · ${s.s.name}`, detail: `${s.s.grade ?? '未分级'}重大危险源`, address: c.address, lat: c.lat, lng: c.lng }));
    }
  }
  return { points: out, withoutCoordinates: missing };
}

export async function resourceMap(deps: AppDeps, ctx: RequestContext, q: z.output<typeof ResourceMapQuery>) {
  return points(deps, ctx, q.kinds);
}

/** Nearest first, with the distance from the clicked point. */
export async function nearby(deps: AppDeps, ctx: RequestContext, q: z.output<typeof NearbyQuery>) {
  const all = await points(deps, ctx, q.kinds);
  const here = { lat: q.lat, lng: q.lng };
  const ranked = all.points.map((x) => ({ ...x, distanceKm: Math.round(haversineKm(here, x) * 100) / 100 })).sort((a, b) => a.distanceKm - b.distanceKm || a.name.localeCompare(b.name, 'zh'));
  return { points: ranked.slice(0, q.limit), withoutCoordinates: all.withoutCoordinates };
}
