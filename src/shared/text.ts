/** Text helpers for server and web. */

/** `text` cut to at most `max` characters, with "…" when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : text;
}
