/**
 * `anzhi plan parse FILE [--json] [--reference-units]`: the parser behind the CLI shell.
 * I/O is injected so the shell (src/cli) owns the process and the tests own the files.
 */

import { referenceUnitDirectory } from '../org/reference.js';
import { isPlanInputError } from './errors.js';
import { parsePlanDocument } from './parse.js';
import type { ParsedPlan, PlanNode, UnitResolver } from './types.js';

export interface PlanCliIo {
  readFile(path: string): Promise<Uint8Array>;
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface PlanCliOptions {
  /** registry to resolve units against (the shell can pass one built from the database) */
  units?: UnitResolver;
}

const USAGE = `用法: anzhi plan parse <文件> [--json] [--reference-units] [--no-units]

  解析安全生产工作方案（.txt / .docx，UTF-8 或 GBK），输出任务树。
  --json              输出完整 JSON 结果（见 src/shared/plan/README.md）
  --reference-units   按东西湖区参考组织机构库解析单位名称
  --no-units          不对照组织机构库（外地方案：单位按原文保留）
  --campaign-end=YYYY-MM-DD   指定行动结束日期（用于“三年内”）
`;

/** Exit codes: 0 ok, 2 bad input or usage, 1 unexpected failure. */
export async function runPlanParseCli(args: string[], io: PlanCliIo, options: PlanCliOptions = {}): Promise<number> {
  const rest = [...args];
  if (rest[0] === 'plan') rest.shift();
  if (rest[0] === 'parse') rest.shift();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const json = rest.includes('--json');
  const reference = rest.includes('--reference-units');
  const campaignEnd = rest.find((a) => a.startsWith('--campaign-end='))?.slice('--campaign-end='.length);
  const unknown = rest.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--reference-units' && a !== '--no-units' && !a.startsWith('--campaign-end='));
  const files = rest.filter((a) => !a.startsWith('-'));
  if (unknown.length || files.length !== 1) {
    io.stderr(unknown.length ? `未知参数：${unknown.join(' ')}\n\n${USAGE}` : `请指定一个方案文件。\n\n${USAGE}`);
    return 2;
  }
  const file = files[0];

  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.stderr(code === 'ENOENT' ? `找不到文件：${file}\n` : `无法读取文件：${file}（${code ?? '读取失败'}）\n`);
    return 2;
  }

  let plan: ParsedPlan;
  try {
    plan = await parsePlanDocument(bytes, file, {
      units: rest.includes('--no-units') ? undefined : (options.units ?? (reference ? referenceUnitDirectory() : undefined)),
      campaignEnd,
    });
  } catch (e) {
    if (isPlanInputError(e)) {
      io.stderr(`无法解析 ${file}：${e.message}\n`);
      return 2;
    }
    io.stderr(`解析 ${file} 时发生意外错误：${(e as Error).message}\n`);
    return 1;
  }

  io.stdout(json ? `${JSON.stringify(plan, null, 2)}\n` : renderTree(plan));
  return 0;
}

/** Readable tree: headings, each task with its lead/co units and deadlines, item counts. */
export function renderTree(plan: ParsedPlan): string {
  const lines: string[] = [];
  const d = plan.document;
  lines.push(d.title ?? '（未识别标题）');
  const meta = [d.docNumber, d.issuer, d.issuedOn].filter(Boolean).join('  ');
  if (meta) lines.push(meta);
  if (plan.campaign.start || plan.campaign.end) lines.push(`行动期限：${plan.campaign.start ?? '?'} ~ ${plan.campaign.end ?? '?'}`);
  for (const p of plan.phases) lines.push(`阶段：${p.name}  ${p.start ?? '?'} ~ ${p.end ?? '?'}`);
  lines.push('');

  for (const n of plan.tasks) {
    const indent = '  '.repeat(n.level - 1);
    if (n.kind === 'item') {
      const facts = nodeFacts(n);
      lines.push(`${indent}${n.marker.replace(/是$/, '是 ')}${n.title}${facts ? `  ${facts}` : ''}`);
      continue;
    }
    const tag = n.kind === 'task' ? `[任务 ${n.id}] ` : '';
    lines.push(`${indent}${tag}${n.marker}${n.title}`);
    const facts = nodeFacts(n);
    if (facts) lines.push(`${indent}    ${facts}`);
  }

  const counts = { task: 0, item: 0 };
  for (const n of plan.tasks) if (n.kind === 'task' || n.kind === 'item') counts[n.kind]++;
  lines.push('');
  lines.push(`共 ${counts.task} 项任务，${counts.item} 个条目。`);
  if (plan.warnings.length) {
    lines.push('');
    lines.push(`提示（${plan.warnings.length}）：`);
    for (const w of plan.warnings) lines.push(`  - ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeFacts(n: PlanNode): string {
  const parts: string[] = [];
  if (n.leadUnits.length) {
    const depts = n.units.filter((u) => u.role === 'lead' && u.departments.length).map((u) => `${u.name}（${u.departments.join('、')}）`);
    parts.push(`牵头：${depts.length ? [...depts, ...n.leadUnits.filter((l) => !depts.some((x) => x.startsWith(`${l}（`)))].join('、') : n.leadUnits.join('、')}`);
  }
  const co = n.coUnits;
  if (co.length) parts.push(`配合：${co.join('、')}`);
  if (n.territorialDuty) parts.push('属地责任');
  if (n.deadlines.length) parts.push(`时限：${n.deadlines.map((x) => (x.date ? `${x.date}（${x.text}）` : x.text)).join('；')}`);
  if (n.targets.length) parts.push(`目标：${n.targets.map((t) => t.text).join('；')}`);
  if (n.recurrences.length) parts.push(`频次：${n.recurrences.map((r) => r.text).join('；')}`);
  if (n.unresolvedUnits.length) parts.push(`待核对单位：${n.unresolvedUnits.join('、')}`);
  return parts.join(' | ');
}
