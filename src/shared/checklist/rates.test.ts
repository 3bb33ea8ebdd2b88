import { describe, expect, it } from 'vitest';
import { completionRate, formatRate, rateColour, runItemLabel } from './rates';

describe('self-inspection completion rates', () => {
  it('0 due is "—" in no colour, not 100 % green', () => {
    expect(completionRate(0, 0)).toBeNull();
    expect(formatRate(completionRate(0, 0))).toBe('—');
    expect(rateColour(completionRate(0, 0))).toBeUndefined();
  });
  it('real rates keep their percentage and colour', () => {
    expect(formatRate(completionRate(8, 8))).toBe('100%');
    expect(rateColour(1)).toBe('#16a34a');
    expect(formatRate(completionRate(1, 3))).toBe('33.3%');
    expect(rateColour(completionRate(1, 3))).toBe('#dc2626');
  });
});

describe('run item numbering', () => {
  it('numbers an item by its place in the run', () => {
    expect(runItemLabel(1, 8)).toBe('第 2/8 项');
  });
});
