import { useQuery } from '@tanstack/react-query';
import { api } from './api';

export interface OrgTree {
  regions: { code: string; name: string; kind: string; parentCode: string | null; aliases: string[] }[];
  units: {
    id: string;
    code: string;
    name: string;
    shortName: string;
    kind: string;
    regionCode: string;
    leadUnitId: string | null;
    aliases: string[];
    contactName: string | null;
    contactPhone: string | null;
    active: boolean;
  }[];
  sectors: { code: string; name: string; departmentUnitId: string; departmentName: string; committeeUnitId: string | null }[];
}

/** Regions, units and sectors: loaded once, shared by every page (selects, labels). */
export function useOrg() {
  return useQuery({ queryKey: ['org-tree'], queryFn: () => api.get<OrgTree>('/api/org/tree'), staleTime: 5 * 60_000 });
}

export function useLabels() {
  const { data } = useOrg();
  const sectorName = (code?: string | null) => data?.sectors.find((s) => s.code === code)?.name ?? code ?? '';
  const regionName = (code?: string | null) => data?.regions.find((r) => r.code === code)?.name ?? code ?? '';
  const unitName = (id?: string | null) => data?.units.find((u) => u.id === id)?.shortName ?? '';
  return { sectorName, regionName, unitName, org: data };
}
