import { useApiQuery } from './client';
import { orgApi } from '../../shared/contracts/org.api';
import type { OrgTree } from '../../shared/contracts/org';

export type { OrgTree };

/** Regions, units and sectors: loaded once, shared by every page (selects, labels). */
export function useOrg() {
  return useApiQuery(orgApi.tree, {}, { staleTime: 5 * 60_000 });
}

export function useLabels() {
  const { data } = useOrg();
  const sectorName = (code?: string | null) => data?.sectors.find((s) => s.code === code)?.name ?? code ?? '';
  const regionName = (code?: string | null) => data?.regions.find((r) => r.code === code)?.name ?? code ?? '';
  const unitName = (id?: string | null) => data?.units.find((u) => u.id === id)?.shortName ?? '';
  return { sectorName, regionName, unitName, org: data };
}
