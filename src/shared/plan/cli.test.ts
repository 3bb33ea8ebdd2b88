import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPlanParseCli } from './cli.js';
import type { ParsedPlan } from './types.js';

const reference = new Uint8Array(readFileSync(new URL('../../../fixtures/plans/dongxihu-2020-7.txt', import.meta.url)));

function io(files: Record<string, Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      readFile: async (p: string) => {
        if (!(p in files)) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
        return files[p];
      },
      stdout: (s: string) => out.push(s),
      stderr: (s: string) => err.push(s),
    },
  };
}

describe('anzhi plan parse', () => {
  it('prints the JSON contract with --json', async () => {
    const t = io({ 'plan.txt': reference });
    expect(await runPlanParseCli(['plan', 'parse', 'plan.txt', '--json', '--reference-units'], t.io)).toBe(0);
    const plan = JSON.parse(t.out.join('')) as ParsedPlan;
    expect(plan.document.docNumber).toBe('东安〔2020〕7号');
    expect(plan.tasks.filter((n) => n.kind === 'task')).toHaveLength(38);
    expect(Object.keys(plan).sort()).toEqual(['campaign', 'document', 'phases', 'sourceText', 'tasks', 'warnings']);
    expect(t.err).toEqual([]);
  });

  it('prints a readable tree with lead/co units and deadlines', async () => {
    const t = io({ 'plan.txt': reference });
    expect(await runPlanParseCli(['parse', 'plan.txt'], t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toContain('东西湖区安全生产专项整治三年行动方案');
    expect(text).toContain('    [任务 2.1.1] 1.深入学习宣传贯彻习近平总书记关于安全生产重要论述专题');
    expect(text).toContain('牵头：区应急管理局 | 配合：区委组织部、');
    expect(text).toContain('六是 加强安全监管干部队伍建设  时限：2022-12-31（2022年底前） | 目标：不低于在职人员的75%');
    expect(text).toContain('牵头：区石化工业专委会（区应急管理局）');
    expect(text).toContain('共 38 项任务，196 个条目。');
  });

  it('exits 2 with a Chinese message on bad input', async () => {
    const cases: Array<[string[], Record<string, Uint8Array>, RegExp]> = [
      [['parse', 'empty.txt'], { 'empty.txt': new Uint8Array(0) }, /文件为空/],
      [['parse', 'bin.txt'], { 'bin.txt': new Uint8Array([1, 0, 2, 0, 0, 0, 9]) }, /二进制/],
      [['parse', 'missing.txt'], {}, /找不到文件/],
      [['parse'], {}, /请指定一个方案文件/],
      [['parse', 'a.txt', '--yaml'], { 'a.txt': reference }, /未知参数/],
    ];
    for (const [args, files, message] of cases) {
      const t = io(files);
      expect(await runPlanParseCli(args, t.io)).toBe(2);
      expect(t.err.join('')).toMatch(message);
      expect(t.out).toEqual([]);
    }
  });

  it('prints usage with --help', async () => {
    const t = io({});
    expect(await runPlanParseCli(['plan', 'parse', '--help'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('用法: anzhi plan parse');
  });

  it('passes --campaign-end through for 三年内', async () => {
    const t = io({ 'plan.txt': reference });
    expect(await runPlanParseCli(['parse', 'plan.txt', '--json', '--campaign-end=2023-06-30'], t.io)).toBe(0);
    const plan = JSON.parse(t.out.join('')) as ParsedPlan;
    expect(plan.campaign.end).toBe('2023-06-30');
    expect(plan.tasks.find((n) => n.id === '2.3.1.1')!.deadlines[0]).toMatchObject({ kind: 'campaign_end', date: '2023-06-30' });
  });
});
