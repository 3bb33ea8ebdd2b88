import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import type { InspectionStats } from '../../../shared/contracts/inspection';
import { PLAN_STATUS_LABELS, requiredInspections, type PlanMonth, type PlanStatus, type TargetClass } from '../../../shared/inspection/rules';
import { planContext, progressOf } from './inspection.plans';
import { actorOf, unitDirectory } from './inspection.common';
import { classifiedTargets } from './inspection.directory';
import * as repo from './inspection.repo';

/**
 * 执法统计: inspections, hazards found (重大 among them), documents, penalties and fines by department
 * and month, against what 分类分级 requires in the year; 零处罚 flags a department that inspected
 * but imposed no penalty in the year.
 */
export async function inspectionStats(deps: AppDeps, ctx: RequestContext, q: { year?: number }): Promise<InspectionStats> {
  const actor = actorOf(ctx);
  const year = q.year ?? Number(deps.clock.today().slice(0, 4));
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const plans = await planContext(deps, ctx, year);
  const [units, months, dir, targets, draws] = await Promise.all([
    repo.statsByUnit(deps.db, actor, from, to),
    repo.statsByMonth(deps.db, actor, from, to),
    unitDirectory(deps),
    classifiedTargets(deps, ctx),
    repo.drawCount(deps.db, actor, new Date(`${from}T00:00:00+08:00`), new Date(`${year + 1}-01-01T00:00:00+08:00`)),
  ]);
  // What 分类分级 requires of each department (by the sectors it supervises).
  const required = new Map<string, number>();
  const perClass = new Map<string, Map<TargetClass, number>>();
  for (const t of targets) {
    const unitId = dir.departmentOfSector.get(t.sector);
    if (!unitId) continue;
    const m = perClass.get(unitId) ?? new Map<TargetClass, number>();
    m.set(t.targetClass, (m.get(t.targetClass) ?? 0) + 1);
    perClass.set(unitId, m);
  }
  for (const [u, m] of perClass) required.set(u, [...m].reduce((s, [c, n]) => s + requiredInspections(c, n), 0));
  const ids = new Set([...units.inspections.map((x) => x.unit_id), ...units.penalties.map((x) => x.unit_id), ...required.keys()]);
  const byDepartment = [...ids]
    .map((unitId) => {
      const a = units.inspections.find((x) => x.unit_id === unitId);
      const b = units.penalties.find((x) => x.unit_id === unitId);
      const c = units.documents.find((x) => x.unit_id === unitId);
      const inspections = Number(a?.inspections ?? 0);
      const penalties = Number(b?.penalties ?? 0);
      // 执法计划 coverage: the plan's total and the A/B enterprises inspected this year.
      const plan = plans.plans.find((p) => p.unitId === unitId);
      const months = (plan?.months as PlanMonth[] | undefined) ?? [];
      const prog = progressOf(
        plans.targets.get(unitId) ?? [],
        plans.done.filter((d) => d.unit_id === unitId),
        months,
        plans.due,
      ).progress;
      return {
        unitId,
        unitName: dir.unitById.get(unitId)?.shortName ?? '',
        inspections,
        hazards: Number(a?.hazards ?? 0),
        majorHazards: Number(a?.major ?? 0),
        documents: Number(c?.documents ?? 0),
        penalties,
        fines: Number(b?.fines ?? 0),
        required: required.get(unitId) ?? 0,
        planned: plan ? prog.planned : null,
        planStatus: ((plan?.status as PlanStatus | undefined) ?? 'none') as PlanStatus | 'none',
        abCovered: prog.abCovered,
        abTotal: prog.abTotal,
        zeroPenalty: inspections > 0 && penalties === 0,
      };
    })
    .filter((d) => d.inspections + d.penalties + d.required > 0)
    .sort((x, y) => y.inspections - x.inspections || x.unitName.localeCompare(y.unitName, 'zh-CN'));
  const byMonth = Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const a = months.inspections.find((x) => x.month === month);
    const b = months.penalties.find((x) => x.month === month);
    return { month, inspections: Number(a?.inspections ?? 0), hazards: Number(a?.hazards ?? 0), penalties: Number(b?.penalties ?? 0) };
  });
  const sum = (k: 'inspections' | 'hazards' | 'majorHazards' | 'penalties' | 'fines') => byDepartment.reduce((s, d) => s + d[k], 0);
  return {
    year,
    byDepartment,
    byMonth,
    totals: { inspections: sum('inspections'), hazards: sum('hazards'), majorHazards: sum('majorHazards'), penalties: sum('penalties'), fines: sum('fines'), draws },
  };
}

export async function exportStats(deps: AppDeps, ctx: RequestContext, q: { year?: number }): Promise<{ body: Buffer; fileName: string }> {
  const s = await inspectionStats(deps, ctx, q);
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('按部门');
  ws.columns = [
    { header: '部门', width: 22 },
    { header: '检查次数', width: 10 },
    { header: '应检查次数（分类分级）', width: 20 },
    { header: '执法计划次数', width: 12 },
    { header: '计划状态', width: 10 },
    { header: '计划完成率', width: 10 },
    { header: 'A、B 类企业覆盖', width: 14 },
    { header: '发现隐患', width: 10 },
    { header: '其中重大隐患', width: 12 },
    { header: '执法文书', width: 10 },
    { header: '行政处罚', width: 10 },
    { header: '罚款金额（元）', width: 14 },
    { header: '零处罚', width: 8 },
  ];
  xlsxHeaderStyle(ws.getRow(1));
  for (const d of s.byDepartment)
    ws.addRow([
      d.unitName,
      d.inspections,
      d.required,
      d.planned ?? '未编制',
      PLAN_STATUS_LABELS[d.planStatus],
      d.planned ? `${Math.round((100 * d.inspections) / d.planned)}%` : '',
      d.abTotal ? `${d.abCovered} / ${d.abTotal}` : '',
      d.hazards,
      d.majorHazards,
      d.documents,
      d.penalties,
      d.fines,
      d.zeroPenalty ? '是' : '',
    ]);
  const m = wb.addWorksheet('按月份');
  m.columns = [
    { header: '月份', width: 10 },
    { header: '检查次数', width: 10 },
    { header: '发现隐患', width: 10 },
    { header: '行政处罚', width: 10 },
  ];
  xlsxHeaderStyle(m.getRow(1));
  for (const x of s.byMonth) m.addRow([x.month, x.inspections, x.hazards, x.penalties]);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `执法统计-${s.year}.xlsx` };
}
