/**
 * Linear-time guard: adversarial inputs of 200k characters that would expose catastrophic regex
 * backtracking or quadratic loops (each case measured at ≤ 0.6 s when written; hang budget 20 s).
 */
import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parse.js';

const N = 200_000;
const cases: Record<string, string> = {
  'blank runs': `- 3 ${' '.repeat(N)}x`,
  'spaced glyphs': '安 '.repeat(N / 2),
  'digit run': '1'.repeat(N),
  'open brackets': '（'.repeat(N),
  'inline items': '。一是'.repeat(N / 3),
  'restarting markers': '1.\n'.repeat(N / 3),
  'group markers': '（一）\n'.repeat(N / 4),
  percentages: '1%'.repeat(N / 2),
  years: '2021年'.repeat(N / 5),
  labels: '牵头单位：'.repeat(N / 5),
  '属地': '属地'.repeat(N / 2),
  'one huge clause': `（${'区应急局、'.repeat(N / 5)}负责）`,
  'short lines': '安全生产专项整治三年行动\n'.repeat(N / 12),
};

describe('parse time stays linear on adversarial input', () => {
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const t = performance.now();
      const plan = parsePlanText(text);
      // A hang detector, not a speed target (that lives in bench/plan-parse.bench.ts): catastrophic
      // backtracking would take minutes; linear parsing takes well under a second.
      expect(performance.now() - t).toBeLessThan(20_000);
      expect(plan.warnings.map((w) => w.code)).not.toContain('INTERNAL');
      expect(plan.warnings.length).toBeLessThanOrEqual(200);
    });
  }
});
