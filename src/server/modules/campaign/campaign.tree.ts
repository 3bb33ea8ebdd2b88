import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../db';
import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { isGenericUnitName } from '../../../shared/campaign/plan';
import { NODE_KIND_LABELS, type AssignmentsPutInput, type MilestonesPutInput, type PhasesPutInput, type TaskCreateInput, type TaskUpdateInput } from '../../../shared/contracts/campaign';
import type { AssignmentView, CampaignTree, CampaignView, TaskNodeView } from '../../../shared/contracts/campaign.views';
import * as repo from './repo';
import { loadCampaign, lockForEdit, presentIndicator, reportingUnits } from './campaign.common';
import { rebuildDuties } from './campaign.duties';
import { unitResolver } from './campaign.plan';
import { getCampaign } from './campaign.service';
import { loadUnits } from './campaign.units';
import { campaignWrite } from './campaign.cache';

/**
 * The task tree (任务分解表): nodes (部分 → 分组 → 任务 → 事项), their lead/co units and 属地 duty,
 * deadlines, phases. Every change locks the campaign, rebuilds the duties and is audited.
 */

/** The task tree with assignments, milestones and due dates (the 任务分解表). */
export async function getTree(deps: AppDeps, ctx: RequestContext, id: string): Promise<CampaignTree> {
  const { scope } = await loadCampaign(deps, ctx, id);
  const units = await loadUnits(deps.db);
  const [tasks, assigns, milestones, indicators, reporting] = await Promise.all([
    repo.listTasks(deps.db, id),
    repo.listAssignments(deps.db, id),
    repo.listMilestones(deps.db, id),
    repo.listIndicators(deps.db, id),
    reportingUnits(deps.db, id, scope, units),
  ]);
  const byTask = new Map<string, AssignmentView[]>();
  for (const a of assigns) {
    if (!byTask.has(a.taskId)) byTask.set(a.taskId, []);
    byTask.get(a.taskId)!.push({
      id: a.id,
      role: a.role as AssignmentView['role'],
      unitId: a.unitId,
      reportingUnitId: a.reportingUnitId,
      name: a.name,
      reportingUnitName: a.reportingUnitId ? (units.get(a.reportingUnitId)?.shortName ?? null) : null,
      generic: a.generic,
      resolved: !!a.unitId,
    });
  }
  const msByTask = new Map<string, TaskNodeView['milestones']>();
  for (const m of milestones) {
    if (!msByTask.has(m.taskId)) msByTask.set(m.taskId, []);
    msByTask.get(m.taskId)!.push({ id: m.id, title: m.title, dueDate: m.dueDate, kind: m.kind, text: m.text, recurrenceEvery: m.recurrenceEvery, recurrenceTimes: m.recurrenceTimes });
  }
  return {
    nodes: tasks.map((t) => ({
      id: t.id,
      parentId: t.parentId,
      nodeId: t.nodeId,
      ordinal: t.ordinal,
      marker: t.marker,
      kind: t.kind as TaskNodeView['kind'],
      level: t.level,
      title: t.title,
      text: t.text,
      territorialDuty: t.territorialDuty,
      isWork: t.isWork,
      dueDate: t.dueDate,
      assignments: byTask.get(t.id) ?? [],
      milestones: msByTask.get(t.id) ?? [],
    })),
    indicators: indicators.map(({ i, nodeId }) => presentIndicator(i, nodeId)),
    units: reporting.map((u) => ({ unitId: u.unitId, name: u.name, kind: u.kind, items: u.items, lead: u.lead })),
  };
}

const CHILD_KINDS: Record<string, string[]> = { root: ['section', 'group', 'task'], section: ['group', 'task'], group: ['group', 'task'], task: ['item'], item: ['item'] };

export async function addTask(deps: AppDeps, ctx: RequestContext, campaignId: string, input: TaskCreateInput): Promise<TaskNodeView> {
  const id = await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const tasks = await repo.listTasks(tx, campaignId);
    const parent = input.parentId ? tasks.find((t) => t.id === input.parentId) : undefined;
    if (input.parentId && !parent) throw invalidField('parentId', '上级节点不存在');
    const allowed = CHILD_KINDS[parent?.kind ?? 'root'];
    if (!allowed.includes(input.kind)) throw invalidField('kind', `${parent ? `“${parent.title}”下` : '顶层'}只能添加：${allowed.map((k) => NODE_KIND_LABELS[k as keyof typeof NODE_KIND_LABELS]).join('、')}`);
    const siblings = tasks.filter((t) => t.parentId === (parent?.id ?? null));
    const ordinal = siblings.reduce((m, s) => Math.max(m, s.ordinal), 0) + 1;
    let nodeId = parent ? `${parent.nodeId}.${ordinal}` : String(ordinal);
    while (tasks.some((t) => t.nodeId === nodeId)) nodeId += 'a';
    // Insert after the parent's last descendant, keeping document order.
    let insertAt = tasks.length;
    if (parent) {
      const desc = new Set([parent.id]);
      for (const t of tasks) if (t.parentId && desc.has(t.parentId)) desc.add(t.id);
      insertAt = Math.max(...tasks.filter((t) => desc.has(t.id)).map((t) => t.sort)) + 1;
      await repo.shiftSorts(tx, campaignId, insertAt);
    } else insertAt = (await repo.maxSort(tx, campaignId)) + 1;
    const newId = randomUUID();
    await repo.insertTasks(tx, [
      {
        id: newId,
        campaignId,
        parentId: parent?.id ?? null,
        nodeId,
        ordinal,
        marker: input.marker ?? '',
        kind: input.kind,
        level: (parent?.level ?? 0) + 1,
        title: input.title,
        text: input.text ?? input.title,
        sort: insertAt,
        territorialDuty: false,
      },
    ]);
    await rebuildDuties(tx, campaign);
    await recordAudit(tx, ctx, { action: 'campaign.task_create', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, after: { taskId: newId, nodeId, kind: input.kind, title: input.title, parentNodeId: parent?.nodeId ?? null } });
    return newId;
  });
  return (await getTree(deps, ctx, campaignId)).nodes.find((n) => n.id === id)!;
}

export async function updateTask(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, input: TaskUpdateInput): Promise<TaskNodeView> {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.findTask(tx, campaignId, taskId);
    if (!before) throw notFound('任务');
    const after = await repo.updateTaskRow(tx, taskId, input);
    if (input.territorialDuty !== undefined && input.territorialDuty !== before.territorialDuty) {
      const current = await repo.listAssignmentsOfTask(tx, taskId);
      const keep = current.filter((a) => a.role !== 'territorial').map(({ id: _id, ...a }) => a);
      const streets = input.territorialDuty ? await territorialAssignments(tx, campaignId, taskId) : [];
      await repo.replaceAssignments(tx, taskId, [...keep, ...streets]);
      await rebuildDuties(tx, campaign);
    }
    await recordAudit(tx, ctx, {
      action: 'campaign.task_update',
      entity: 'campaign',
      entityId: campaignId,
      regionCode: campaign.regionCode,
      before: { taskId, nodeId: before.nodeId, title: before.title, text: before.text, marker: before.marker, territorialDuty: before.territorialDuty },
      after: { taskId, nodeId: after.nodeId, title: after.title, text: after.text, marker: after.marker, territorialDuty: after.territorialDuty },
    });
  });
  return (await getTree(deps, ctx, campaignId)).nodes.find((n) => n.id === taskId)!;
}

export async function deleteTask(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string): Promise<{ ok: true; deleted: number }> {
  return campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const tasks = await repo.listTasks(tx, campaignId);
    const root = tasks.find((t) => t.id === taskId);
    if (!root) throw notFound('任务');
    const ids = new Set([taskId]);
    for (const t of tasks) if (t.parentId && ids.has(t.parentId)) ids.add(t.id);
    const used = await repo.entriesExistForItems(tx, [...ids]);
    if (used) throw new AppError('CONFLICT', `“${root.title}”已有 ${used} 条报送记录，不能删除（可修改标题或调整责任单位）`);
    await repo.deleteTaskRows(tx, [...ids]);
    await rebuildDuties(tx, campaign);
    await recordAudit(tx, ctx, { action: 'campaign.task_delete', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before: { taskId, nodeId: root.nodeId, title: root.title, nodes: ids.size } });
    return { ok: true as const, deleted: ids.size };
  });
}

/** 属地 duty: every street and park (active) carries the node. */
async function territorialAssignments(tx: DbOrTx, campaignId: string, taskId: string) {
  const units = await loadUnits(tx);
  return units
    .territorial()
    .map((u, k) => ({ campaignId, taskId, role: 'territorial', unitId: u.id, reportingUnitId: u.id, name: u.shortName, generic: false, sort: 1000 + k }));
}

/** Replace the lead and co units of a node (and its 属地 duty); unresolved names are kept as text. */
export async function putAssignments(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, input: AssignmentsPutInput): Promise<TaskNodeView> {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const task = await repo.findTask(tx, campaignId, taskId);
    if (!task) throw notFound('任务');
    const units = await loadUnits(tx);
    const resolve = unitResolver(units);
    const before = await repo.listAssignmentsOfTask(tx, taskId);
    const values: Parameters<typeof repo.replaceAssignments>[2] = [];
    const seen = new Set<string>();
    let sort = 0;
    for (const role of ['lead', 'co'] as const) {
      for (const [i, a] of input[role].entries()) {
        let unit = a.unitId ? units.get(a.unitId) : undefined;
        if (a.unitId && !unit) throw invalidField(`${role}.${i}.unitId`, '单位不存在');
        if (!unit && a.name) {
          const r = resolve(a.name);
          unit = r ? units.get(r.unitId) : undefined;
        }
        const key = unit?.id ?? `name:${a.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let reporting: string | null = unit?.id ?? null;
        if (a.reportingUnitId) {
          if (!units.get(a.reportingUnitId)) throw invalidField(`${role}.${i}.reportingUnitId`, '报送单位不存在');
          reporting = a.reportingUnitId;
        } else if (unit?.kind === 'sector_committee') reporting = unit.leadUnitId ?? unit.id;
        values.push({
          campaignId,
          taskId,
          role,
          unitId: unit?.id ?? null,
          reportingUnitId: reporting,
          name: unit?.shortName ?? a.name!,
          generic: !unit && isGenericUnitName(a.name ?? ''),
          sort: sort++,
        });
      }
    }
    if (input.territorial) values.push(...(await territorialAssignments(tx, campaignId, taskId)));
    await repo.replaceAssignments(tx, taskId, values);
    if (task.territorialDuty !== input.territorial) await repo.updateTaskRow(tx, taskId, { territorialDuty: input.territorial });
    await rebuildDuties(tx, campaign);
    const names = (list: { role: string; name: string }[], role: string) => list.filter((a) => a.role === role).map((a) => a.name);
    await recordAudit(tx, ctx, {
      action: 'campaign.assign',
      entity: 'campaign',
      entityId: campaignId,
      regionCode: campaign.regionCode,
      before: { taskId, nodeId: task.nodeId, lead: names(before, 'lead'), co: names(before, 'co'), territorial: task.territorialDuty },
      after: { taskId, nodeId: task.nodeId, lead: names(values, 'lead'), co: names(values, 'co'), territorial: input.territorial },
    });
  });
  return (await getTree(deps, ctx, campaignId)).nodes.find((n) => n.id === taskId)!;
}

export async function putMilestones(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, input: MilestonesPutInput): Promise<TaskNodeView> {
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const task = await repo.findTask(tx, campaignId, taskId);
    if (!task) throw notFound('任务');
    input.milestones.forEach((m, i) => {
      if (m.dueDate && (m.dueDate < campaign.startDate || m.dueDate > campaign.endDate)) throw invalidField(`milestones.${i}.dueDate`, `完成时限应在专项行动期限内（${campaign.startDate} 至 ${campaign.endDate}）`);
    });
    const before = await repo.replaceMilestones(
      tx,
      taskId,
      input.milestones.map((m) => ({
        campaignId,
        taskId,
        title: m.title ?? task.title.slice(0, 200),
        dueDate: m.kind === 'ongoing' || m.kind === 'recurring' ? null : (m.dueDate ?? null),
        kind: m.kind,
        text: m.text ?? '',
        recurrenceEvery: m.recurrenceEvery ?? null,
        recurrenceTimes: m.recurrenceTimes ?? null,
      })),
    );
    await rebuildDuties(tx, campaign);
    await recordAudit(tx, ctx, {
      action: 'campaign.milestones',
      entity: 'campaign',
      entityId: campaignId,
      regionCode: campaign.regionCode,
      before: { taskId, nodeId: task.nodeId, milestones: before.map((m) => ({ dueDate: m.dueDate, kind: m.kind, text: m.text })) },
      after: { taskId, nodeId: task.nodeId, milestones: input.milestones },
    });
  });
  return (await getTree(deps, ctx, campaignId)).nodes.find((n) => n.id === taskId)!;
}

export async function putPhases(deps: AppDeps, ctx: RequestContext, campaignId: string, input: PhasesPutInput): Promise<CampaignView> {
  input.phases.forEach((p, i) => {
    if (p.startDate && p.endDate && p.startDate > p.endDate) throw invalidField(`phases.${i}.endDate`, '阶段结束日期不能早于开始日期');
  });
  await campaignWrite(deps, campaignId, async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.replacePhases(
      tx,
      campaignId,
      input.phases.map((p, i) => ({ campaignId, ordinal: i + 1, name: p.name, startDate: p.startDate ?? null, endDate: p.endDate ?? null, description: p.description ?? '' })),
    );
    await recordAudit(tx, ctx, {
      action: 'campaign.phases',
      entity: 'campaign',
      entityId: campaignId,
      regionCode: campaign.regionCode,
      before: { phases: before.map((p) => ({ name: p.name, startDate: p.startDate, endDate: p.endDate })) },
      after: { phases: input.phases },
    });
  });
  return getCampaign(deps, ctx, campaignId);
}
