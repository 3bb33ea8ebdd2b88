import type { Finding } from './categories';

/**
 * 《安全生产领域举报奖励办法》（国家安全监管总局、财政部，安监总财〔2018〕19号）
 *
 * - 第五条、第六条: rewards are for 重大事故隐患 and 安全生产违法行为 — an 一般事故隐患 earns none.
 * - 第七条: the matter must be verified (核查属实) and unknown to or unhandled by the unit and the
 *   supervising department.
 * - 第八条: several reports of the same matter — only the first valid reporter is rewarded
 *   (a report verified as 重复 earns none).
 * - 第十一条: for 重大事故隐患 and 违法生产经营建设, the reward is 15% of the administrative fine,
 *   at least 3,000 元 and at most 300,000 元.
 * - Exclusion: staff of departments with a safety-supervision duty, their close relatives, or anyone
 *   they put up to it, are not rewarded (the officer must record that this was checked).
 */
export const REWARD_RULE = { shareOfFine: 0.15, minimum: 3000, maximum: 300_000 } as const;

export const REWARDABLE_FINDINGS: readonly Finding[] = ['重大事故隐患', '安全生产违法行为'];

/** 第十一条: 15% of the fine, clamped to [3,000, 300,000] 元, whole yuan. */
export function rewardAmount(fineYuan: number): number {
  const share = Math.round(fineYuan * REWARD_RULE.shareOfFine);
  return Math.min(REWARD_RULE.maximum, Math.max(REWARD_RULE.minimum, share));
}

/** Why a report cannot be rewarded, or undefined when it can. */
export function rewardIneligibility(r: { verifyResult: string | null; finding: string | null }): string | undefined {
  if (r.verifyResult !== '属实') return r.verifyResult === '重复' ? '重复举报不予奖励（奖励办法第八条：仅奖励最先举报人）' : '举报未经核查属实，不予奖励（奖励办法第七条）';
  if (!r.finding || !REWARDABLE_FINDINGS.includes(r.finding as Finding)) return '仅对重大事故隐患和安全生产违法行为的举报给予奖励（奖励办法第五条、第六条）';
  return undefined;
}
