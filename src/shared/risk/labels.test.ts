import { describe, expect, it } from 'vitest';
import { rulesVersionLabel } from './labels';

describe('rules version label', () => {
  it('version 0 is the built-in default set, not "0"', () => {
    expect(rulesVersionLabel(0)).toBe('系统默认规则');
    expect(rulesVersionLabel(0)).not.toMatch(/0/);
    expect(rulesVersionLabel(3)).toBe('第 3 版规则');
  });
});
