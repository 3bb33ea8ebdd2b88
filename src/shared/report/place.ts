import { REGION_CENTRES, REGIONS } from '../org/reference';

/**
 * Place → street (属地). An address names a street (or one of its aliases) → that street; a point
 * goes to the nearest street centre within the district. Neither → the district itself (the 安委办
 * assigns it).
 */

/** Street centres (the district's streets; parks are routed by address), from the reference organisation. */
export const STREET_CENTRES: Record<string, [lng: number, lat: number]> = Object.fromEntries(
  REGIONS.filter((r) => r.kind === 'street').map((r) => [r.code, REGION_CENTRES[r.code]]),
);

/** The district's bounding box (a point outside is not routed by position). */
export const DISTRICT_BOUNDS = { minLng: 113.9, maxLng: 114.3, minLat: 30.55, maxLat: 30.82 } as const;

/** Great-circle distance in metres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6371000;
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

export function inDistrict(lat: number, lng: number): boolean {
  return lng >= DISTRICT_BOUNDS.minLng && lng <= DISTRICT_BOUNDS.maxLng && lat >= DISTRICT_BOUNDS.minLat && lat <= DISTRICT_BOUNDS.maxLat;
}

export function nearestStreet(lat: number, lng: number): string | undefined {
  if (!inDistrict(lat, lng)) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const [code, [clng, clat]] of Object.entries(STREET_CENTRES)) {
    const d = distanceMetres({ lat, lng }, { lat: clat, lng: clng });
    if (d < bestD) {
      bestD = d;
      best = code;
    }
  }
  return best;
}

/** The street an address names (longest matching name or alias wins). */
export function streetOfAddress(address: string, regions: readonly { code: string; name: string; kind: string; aliases: string[] }[]): string | undefined {
  let best: { code: string; len: number } | undefined;
  for (const r of regions) {
    if (r.kind !== 'street' && r.kind !== 'park') continue;
    for (const n of [r.name, ...r.aliases]) {
      if (n.length >= 2 && address.includes(n) && (!best || n.length > best.len)) best = { code: r.code, len: n.length };
    }
  }
  return best?.code;
}

/** Addresses compared for duplicates: no spaces or punctuation. */
export function normalizeAddress(a: string): string {
  return a.replace(/[\s,，。.、()（）#号\-—]/g, '').replace(/^(湖北省)?(武汉市)?(东西湖区)?/, '');
}
