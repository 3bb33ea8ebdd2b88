import { describe, expect, it } from 'vitest';
import { accidentGrade, finalReportDue, firstReportDeadline } from './accident-grade';

const g = (deaths: number, seriousInjuries: number, directLossWan: number) => accidentGrade({ deaths, seriousInjuries, directLossWan });

describe('493号令 第三条 accident grade (以上 includes the number, 以下 excludes it)', () => {
  it('deaths: 2/3, 9/10, 29/30', () => {
    expect(g(0, 0, 0)).toBe('一般');
    expect(g(2, 0, 0)).toBe('一般');
    expect(g(3, 0, 0)).toBe('较大');
    expect(g(9, 0, 0)).toBe('较大');
    expect(g(10, 0, 0)).toBe('重大');
    expect(g(29, 0, 0)).toBe('重大');
    expect(g(30, 0, 0)).toBe('特别重大');
  });
  it('serious injuries (incl. acute industrial poisoning): 9/10, 49/50, 99/100', () => {
    expect(g(0, 9, 0)).toBe('一般');
    expect(g(0, 10, 0)).toBe('较大');
    expect(g(0, 49, 0)).toBe('较大');
    expect(g(0, 50, 0)).toBe('重大');
    expect(g(0, 99, 0)).toBe('重大');
    expect(g(0, 100, 0)).toBe('特别重大');
  });
  it('direct loss in 万元: 999.99/1000, 4999.99/5000, 9999.99/10000', () => {
    expect(g(0, 0, 999.99)).toBe('一般');
    expect(g(0, 0, 1000)).toBe('较大');
    expect(g(0, 0, 4999.99)).toBe('较大');
    expect(g(0, 0, 5000)).toBe('重大');
    expect(g(0, 0, 9999.99)).toBe('重大');
    expect(g(0, 0, 10000)).toBe('特别重大');
  });
  it('the worst criterion decides', () => {
    expect(g(2, 9, 999.99)).toBe('一般');
    expect(g(1, 10, 0)).toBe('较大');
    expect(g(3, 0, 5000)).toBe('重大');
    expect(g(0, 12, 20000)).toBe('特别重大');
    expect(g(9, 49, 4999.99)).toBe('较大');
  });
});

describe('reporting deadlines', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  it('首报 within 1 hour of occurrence, or of when the unit learned of it (第九条)', () => {
    expect(firstReportDeadline(at).toISOString()).toBe('2026-12-01T03:00:00.000Z');
    expect(firstReportDeadline(at, new Date('2026-12-01T05:30:00Z')).toISOString()).toBe('2026-12-01T06:30:00.000Z');
    // a "known" time before the occurrence does not move the deadline earlier
    expect(firstReportDeadline(at, new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-12-01T03:00:00.000Z');
  });
  it('补报 window 30 days, 7 for fire and road traffic (第十三条)', () => {
    expect(finalReportDue(at, '机械伤害').toISOString()).toBe('2026-12-31T02:00:00.000Z');
    expect(finalReportDue(at, '火灾').toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });
});
