/** Text helpers for server and web. */

/** `text` cut to at most `max` characters, with "…" when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : text;
}

/** "区住建局 李文斌": the unit before a person's name, once (a display name may already carry it). */
export function withUnit(unit: string | null | undefined, name: string): string {
  const u = (unit ?? '').trim();
  if (!u || name.startsWith(u)) return name;
  return `${u} ${name}`;
}
