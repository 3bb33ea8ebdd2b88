/**
 * The version of the grading rules an assessment used, in the user's words: version 0 is the
 * built-in default set (nobody has edited the rules yet), never "规则版本 0".
 */
export function rulesVersionLabel(version: number | null | undefined): string {
  if (version === null || version === undefined) return '—';
  return version === 0 ? '系统默认规则' : `第 ${version} 版规则`;
}
