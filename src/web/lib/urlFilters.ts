import { useSearchParams } from 'react-router';

/**
 * A list's filters and page in the address bar (a filtered list can be bookmarked and sent): `set`
 * changes some of them (empty removes one) and goes back to the first page unless it sets the page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  return { params, set, get: (k: string) => params.get(k) ?? undefined };
}
