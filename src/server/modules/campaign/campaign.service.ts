import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DbOrTx } from '../../db';
import { requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, badRequest, invalidField, notFound, parseOrThrow } from '../../platform/errors';
import { UnitDirectory } from '../../../shared/org/reference';
import type { ParsedPlan } from '../../../shared/plan/types';
import { effectiveDueDates, expandDuties, taskOf, workItems, type TreeNode } from '../../../shared/campaign/duties';
import { isGenericUnitName, mapPlanToCampaign, type ResolvedUnit } from '../../../shared/campaign/plan';
import { campaignPeriods as periodsOfCampaign, chinaDate, dueDateOf, isPeriod, periodOf, periodState, PERIOD_STATE_MESSAGES } from '../../../shared/campaign/periods';
import {
  AssignmentsPut,
  CampaignCreate,
  CampaignSettings,
  CampaignSettingsPatch,
  CampaignUpdate,
  DEFAULT_CAMPAIGN_SETTINGS,
  IndicatorCreate,
  IndicatorUpdate,
  MilestonesPut,
  PhasesPut,
  TaskCreate,
  TaskUpdate,
  type AssignmentView,
  type CampaignView,
  type IndicatorView,
  type TaskNodeView,
} from '../../../shared/contracts/campaign';
import { IsoDate, Text } from '../../../shared/contracts/common';
import * as repo from './campaign.repo';
import type { CampaignRow, CampaignScope } from './campaign.repo';

// ---------- common ----------

export interface Loaded {
  actor: Actor;
  scope: CampaignScope;
  campaign: CampaignRow;
  settings: CampaignSettings;
}

export function settingsOf(c: Pick<CampaignRow, 'settings'>): CampaignSettings {
  const r = CampaignSettings.safeParse({ ...((c.settings as object) ?? {}) });
  return r.success ? r.data : DEFAULT_CAMPAIGN_SETTINGS;
}

/** The campaign if the actor may see it (404 otherwise), after the permission check. */
export async function loadCampaign(deps: AppDeps, ctx: RequestContext, id: string, permission = 'campaign.read', db: DbOrTx = deps.db): Promise<Loaded> {
  const actor = requirePermission(ctx, permission);
  const scope = repo.campaignScopeOf(actor);
  const campaign = await repo.findCampaign(db, scope, id);
  if (!campaign) throw notFound('专项行动');
  return { actor, scope, campaign, settings: settingsOf(campaign) };
}

/** Inside a transaction: lock the campaign row (serialises tree edits and duty rebuilds). */
async function lockForEdit(tx: DbOrTx, ctx: RequestContext, id: string): Promise<Loaded> {
  const actor = requirePermission(ctx, 'campaign.manage');
  const scope = repo.campaignScopeOf(actor);
  const campaign = await repo.lockCampaign(tx, scope, id);
  if (!campaign) throw notFound('专项行动');
  if (campaign.status === 'archived') throw new AppError('CONFLICT', '专项行动已归档，不能修改；如需修改请先取消归档');
  return { actor, scope, campaign, settings: settingsOf(campaign) };
}

export function today(): string {
  return chinaDate();
}

/** The month a unit should work on now: this month inside the range, else the nearest end of it. */
export function currentPeriodOf(c: Pick<CampaignRow, 'startDate' | 'endDate'>, day = today()): string {
  const p = periodOf(day);
  const first = periodOf(c.startDate);
  const last = periodOf(c.endDate);
  return p < first ? first : p > last ? last : p;
}

export interface PeriodCheck {
  period: string;
  dueDate: string;
}

/** Refuse a period that is not open (outside the range, future, closed, campaign archived). */
export async function assertPeriodOpen(db: DbOrTx, c: CampaignRow, period: string, settings: CampaignSettings): Promise<PeriodCheck> {
  if (!isPeriod(period)) throw invalidField('period', '月份格式不正确（应为 YYYY-MM）');
  const closed = await repo.isPeriodClosed(db, c.id, period);
  const state = periodState({ period, startDate: c.startDate, endDate: c.endDate, today: today(), closed, archived: c.status === 'archived' });
  if (state === 'outside' || state === 'future') throw new AppError('VALIDATION', PERIOD_STATE_MESSAGES[state](period), [{ path: 'period', message: PERIOD_STATE_MESSAGES[state](period) }]);
  if (state === 'closed' || state === 'archived') throw new AppError('CONFLICT', PERIOD_STATE_MESSAGES[state](period));
  return { period, dueDate: dueDateOf(period, settings.dueDay) };
}

// ---------- presentation ----------

export async function presentCampaigns(deps: AppDeps, list: CampaignRow[]): Promise<CampaignView[]> {
  const counts = await repo.campaignCounts(deps.db, list.map((c) => c.id));
  const phases = await Promise.all(list.map((c) => repo.listPhases(deps.db, c.id)));
  return list.map((c, i) => ({
    id: c.id,
    name: c.name,
    docNumber: c.docNumber,
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    startDate: c.startDate,
    endDate: c.endDate,
    status: c.status as 'active' | 'archived',
    settings: settingsOf(c),
    sourceDraftId: c.sourceDraftId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    archivedAt: c.archivedAt?.toISOString() ?? null,
    counts: counts.get(c.id) ?? { tasks: 0, items: 0, units: 0, indicators: 0 },
    phases: phases[i].map((p) => ({ id: p.id, ordinal: p.ordinal, name: p.name, startDate: p.startDate, endDate: p.endDate, description: p.description })),
    currentPeriod: currentPeriodOf(c),
  }));
}

function auditCampaign(c: CampaignRow) {
  const { sourceText: _s, createdAt: _c, ...rest } = c;
  return rest;
}

// ---------- queries ----------

export async function listCampaigns(deps: AppDeps, ctx: RequestContext): Promise<CampaignView[]> {
  const actor = requirePermission(ctx, 'campaign.read');
  return presentCampaigns(deps, await repo.listCampaigns(deps.db, repo.campaignScopeOf(actor)));
}

export async function getCampaign(deps: AppDeps, ctx: RequestContext, id: string): Promise<CampaignView> {
  const { campaign } = await loadCampaign(deps, ctx, id);
  return (await presentCampaigns(deps, [campaign]))[0];
}

/** The task tree with assignments, milestones and due dates (the 任务分解表). */
export async function getTree(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ nodes: TaskNodeView[]; indicators: IndicatorView[]; units: { unitId: string; name: string; kind: string; items: number; lead: number }[] }> {
  const { scope } = await loadCampaign(deps, ctx, id);
  const [tasks, assigns, milestones, indicators, units] = await Promise.all([
    repo.listTasks(deps.db, id),
    repo.listAssignments(deps.db, id),
    repo.listMilestones(deps.db, id),
    repo.listIndicators(deps.db, id),
    repo.reportingUnits(deps.db, id, scope),
  ]);
  const byTask = new Map<string, AssignmentView[]>();
  for (const { a, reportingUnitName } of assigns) {
    if (!byTask.has(a.taskId)) byTask.set(a.taskId, []);
    byTask.get(a.taskId)!.push({
      id: a.id,
      role: a.role as AssignmentView['role'],
      unitId: a.unitId,
      reportingUnitId: a.reportingUnitId,
      name: a.name,
      reportingUnitName: reportingUnitName ?? null,
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
    units: units.map((u) => ({ unitId: u.unitId, name: u.name, kind: u.kind, items: Number(u.items), lead: Number(u.lead) })),
  };
}

export function presentIndicator(i: repo.IndicatorRow, nodeId: string | null): IndicatorView {
  return {
    id: i.id,
    taskId: i.taskId,
    nodeId,
    name: i.name,
    unit: i.unit,
    valueType: i.valueType as IndicatorView['valueType'],
    comparator: i.comparator,
    targetValue: i.targetValue,
    targetValueMax: i.targetValueMax,
    dueDate: i.dueDate,
    aggregate: i.aggregate,
    text: i.text,
  };
}

export async function campaignHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  await loadCampaign(deps, ctx, id, 'campaign.manage');
  return listAuditOfEntity(deps.db, 'campaign', id);
}

// ---------- duties ----------

/**
 * Recompute the duties (one per work item and reporting unit), the work flags and the effective due
 * dates of the whole tree, then each duty's status from the accepted reports. Runs in the caller's
 * transaction after every change of the tree, the assignments or the milestones.
 */
export async function rebuildDuties(tx: DbOrTx, campaign: Pick<CampaignRow, 'id' | 'endDate'>, opts: { fresh?: boolean } = {}): Promise<{ duties: number; items: number }> {
  // One connection per transaction: queries in sequence.
  const tasks = await repo.listTreeShape(tx, campaign.id);
  const assigns = await repo.listAssignments(tx, campaign.id);
  const milestones = await repo.listMilestones(tx, campaign.id);
  const unitRows = await repo.allUnits(tx);
  const nodes: TreeNode[] = tasks.map((t) => ({ id: t.id, parentId: t.parentId, kind: t.kind as TreeNode['kind'] }));
  const nodeMap = new Map(nodes.map((n) => [n.id, n]));
  const work = new Set(workItems(nodes).map((n) => n.id));
  const dues = effectiveDueDates(
    nodes,
    milestones.map((m) => ({ nodeId: m.taskId, dueDate: m.dueDate, kind: m.kind })),
    campaign.endDate,
  );
  const changed = tasks
    .map((t) => {
      const isWork = work.has(t.id);
      return { id: t.id, isWork, taskId: taskOf(nodeMap, t.id), dueDate: isWork ? (dues.get(t.id) ?? null) : null, prev: t };
    })
    .filter((v) => v.isWork !== v.prev.isWork || v.taskId !== v.prev.taskId || v.dueDate !== v.prev.dueDate);
  await repo.updateWorkColumns(
    tx,
    campaign.id,
    changed.map(({ prev: _p, ...v }) => v),
  );
  const regionOf = new Map(unitRows.map((u) => [u.id, u.regionCode]));
  const duties = expandDuties(
    nodes,
    assigns.map(({ a }) => ({ nodeId: a.taskId, role: a.role as 'lead' | 'co' | 'territorial', reportingUnitId: a.reportingUnitId })),
  );
  await repo.replaceDuties(
    tx,
    campaign.id,
    duties.map((d) => ({ campaignId: campaign.id, itemId: d.itemId, taskId: d.taskId, unitId: d.unitId, role: d.role, regionCode: regionOf.get(d.unitId) ?? '', dueDate: dues.get(d.itemId) ?? null })),
  );
  // A campaign just imported has no reports yet: every duty starts 未开始.
  if (!opts.fresh) await repo.refreshDutyStatus(tx, campaign.id);
  return { duties: duties.length, items: work.size };
}

// ---------- plan import ----------

const PlanNodeInput = z.object({
  id: Text(60, 1),
  parentId: z.string().max(60).nullable(),
  ordinal: z.number().int().min(0).max(100_000),
  marker: z.string().max(40).default(''),
  kind: z.enum(['section', 'group', 'task', 'item'], { message: '节点类型应为 section/group/task/item' }),
  level: z.number().int().min(1).max(20).default(1),
  title: z.string().max(2000),
  text: z.string().max(200_000).default(''),
  start: z.number().optional(),
  end: z.number().optional(),
  leadUnits: z.array(Text(200)).max(200).default([]),
  coUnits: z.array(Text(200)).max(300).default([]),
  units: z.array(z.any()).max(600).default([]),
  territorialDuty: z.boolean().default(false),
  deadlines: z
    .array(z.object({ date: IsoDate.nullable(), text: z.string().max(500).default(''), kind: z.enum(['by', 'before', 'during', 'on', 'campaign_end', 'ongoing']) }).passthrough())
    .max(100)
    .default([]),
  targets: z
    .array(
      z
        .object({
          text: z.string().max(1000).default(''),
          value: z.number({ message: '目标值应为数字' }),
          valueMax: z.number().optional(),
          unit: z.string().max(20).default(''),
          comparator: z.enum(['>=', '>', '<=', '<', '=', 'between']),
          subject: z.string().max(1000).nullable().default(null),
        })
        .passthrough(),
    )
    .max(100)
    .default([]),
  recurrence: z.any().nullable().optional(),
  recurrences: z
    .array(z.object({ every: z.enum(['day', 'week', 'tenday', 'month', 'quarter', 'halfyear', 'year']), times: z.number().nullable().default(null), atLeast: z.boolean().default(false), text: z.string().max(500).default('') }).passthrough())
    .max(50)
    .default([]),
  unresolvedUnits: z.array(z.string()).default([]),
  series: z.string().max(200).optional(),
});

const PlanInput = z.object({
  document: z.object({ title: z.string().max(500).nullable(), docNumber: z.string().max(100).nullable(), issuer: z.string().max(200).nullable(), issuedOn: IsoDate.nullable() }),
  phases: z.array(z.object({ name: Text(100, 1), start: IsoDate.nullable(), end: IsoDate.nullable(), text: z.string().max(5000).default(''), nodeId: z.string().max(60).nullable().default(null) })).max(20),
  campaign: z.object({ start: IsoDate.nullable(), end: IsoDate.nullable() }).default({ start: null, end: null }),
  tasks: z.array(PlanNodeInput).min(1, '方案中没有任务').max(5000, '节点过多（最多 5000）'),
  sourceText: z.string().max(5_000_000).default(''),
  warnings: z.array(z.any()).default([]),
});

const FromPlanInput = z.object({
  plan: PlanInput,
  name: Text(200, 2).optional(),
  sourceDraftId: z.string().max(100).optional(),
});

export interface CreateFromPlanResult {
  id: string;
  /** nodes of kind task (rows of the 任务分解表) */
  tasks: number;
  /** nodes of kind item (一是…) */
  items: number;
  /** unit names the units table could not resolve (kept as text on their assignments) */
  unresolvedUnits: string[];
}

export function unitResolver(unitRows: Awaited<ReturnType<typeof repo.allUnits>>): (name: string) => ResolvedUnit | undefined {
  const dir = new UnitDirectory(unitRows.map((u) => ({ code: u.id, name: u.shortName, kind: u.kind as never, aliases: [u.name, ...u.aliases] })));
  const byId = new Map(unitRows.map((u) => [u.id, u]));
  return (name) => {
    const e = dir.resolve(name);
    const u = e ? byId.get(e.code) : undefined;
    return u ? { unitId: u.id, name: u.shortName, kind: u.kind, leadUnitId: u.leadUnitId } : undefined;
  };
}

/** Plan → campaign inside the caller's transaction (the seed calls it with the system context). */
export async function importPlanTx(tx: DbOrTx, ctx: RequestContext, input: { plan: ParsedPlan; name?: string; sourceDraftId?: string; regionCode: string }): Promise<CreateFromPlanResult> {
  const plan = input.plan;
  const unitRows = await repo.allUnits(tx);
  const territorialUnits = unitRows.filter((u) => u.active && (u.kind === 'street' || u.kind === 'park')).map((u) => ({ unitId: u.id, name: u.shortName }));
  const m = mapPlanToCampaign({ plan, resolve: unitResolver(unitRows), territorialUnits });
  if (!m.startDate) throw invalidField('plan.campaign.start', '未能从方案中识别专项行动的开始日期，请在方案审核中填写');
  if (!m.endDate) throw invalidField('plan.campaign.end', '未能从方案中识别专项行动的结束日期，请在方案审核中填写');
  if (m.startDate > m.endDate) throw invalidField('plan.campaign.end', '结束日期不能早于开始日期');
  const name = input.name ?? plan.document.title ?? '';
  if (name.trim().length < 2) throw invalidField('name', '请填写专项行动名称（方案未识别出标题）');

  const campaign = await repo.insertCampaign(tx, {
    name: name.trim(),
    docNumber: plan.document.docNumber,
    issuer: plan.document.issuer,
    issuedOn: plan.document.issuedOn,
    startDate: m.startDate,
    endDate: m.endDate,
    regionCode: input.regionCode,
    settings: DEFAULT_CAMPAIGN_SETTINGS,
    sourceDraftId: input.sourceDraftId ?? null,
    sourceText: plan.sourceText || null,
    createdBy: ctx.actor?.userId ?? null,
  });
  const idOf = new Map(m.nodes.map((n) => [n.nodeId, randomUUID()]));
  await repo.insertTasks(
    tx,
    m.nodes.map((n) => ({
      id: idOf.get(n.nodeId)!,
      campaignId: campaign.id,
      parentId: n.parentNodeId ? (idOf.get(n.parentNodeId) ?? null) : null,
      nodeId: n.nodeId,
      ordinal: n.ordinal,
      marker: n.marker,
      kind: n.kind,
      level: n.level,
      title: n.title,
      text: n.text,
      sort: n.sort,
      series: n.series,
      territorialDuty: n.territorialDuty,
      sourceStart: n.sourceStart,
      sourceEnd: n.sourceEnd,
    })),
  );
  await repo.insertAssignments(
    tx,
    m.assignments.map((a) => ({ campaignId: campaign.id, taskId: idOf.get(a.nodeId)!, role: a.role, unitId: a.unitId, reportingUnitId: a.reportingUnitId, name: a.name, generic: a.generic, sort: a.sort })),
  );
  await repo.insertMilestones(
    tx,
    m.milestones.map((x) => ({
      campaignId: campaign.id,
      taskId: idOf.get(x.nodeId)!,
      title: x.title,
      dueDate: x.dueDate,
      kind: x.kind,
      text: x.text,
      recurrenceEvery: x.recurrenceEvery,
      recurrenceTimes: x.recurrenceTimes,
      atLeast: x.atLeast,
    })),
  );
  await repo.insertIndicators(
    tx,
    m.indicators.map((x) => ({
      campaignId: campaign.id,
      taskId: idOf.get(x.nodeId)!,
      name: x.name,
      unit: x.unit,
      valueType: 'number',
      comparator: x.comparator,
      targetValue: x.targetValue,
      targetValueMax: x.targetValueMax,
      dueDate: x.dueDate,
      aggregate: x.aggregate,
      text: x.text,
      sort: x.sort,
    })),
  );
  await repo.insertPhases(
    tx,
    m.phases.map((p) => ({ campaignId: campaign.id, ordinal: p.ordinal, name: p.name, startDate: p.startDate, endDate: p.endDate, description: p.description, nodeId: p.nodeId })),
  );
  const built = await rebuildDuties(tx, campaign, { fresh: true });
  const result: CreateFromPlanResult = {
    id: campaign.id,
    tasks: m.nodes.filter((n) => n.kind === 'task').length,
    items: m.nodes.filter((n) => n.kind === 'item').length,
    unresolvedUnits: m.unresolvedUnits,
  };
  await recordAudit(tx, ctx, {
    action: 'campaign.import',
    entity: 'campaign',
    entityId: campaign.id,
    regionCode: campaign.regionCode,
    after: {
      name: campaign.name,
      docNumber: campaign.docNumber,
      startDate: campaign.startDate,
      endDate: campaign.endDate,
      sourceDraftId: campaign.sourceDraftId,
      nodes: m.nodes.length,
      tasks: result.tasks,
      items: result.items,
      workItems: built.items,
      duties: built.duties,
      indicators: m.indicators.length,
      milestones: m.milestones.length,
      phases: m.phases.length,
      unresolvedUnits: m.unresolvedUnits,
    },
  });
  return result;
}

/**
 * Create a campaign from a (possibly clerk-edited) parsed plan. Opens its own transaction and
 * audits. Contract relied on by the plan-import review UI: keep the signature.
 */
export async function createCampaignFromPlan(
  deps: AppDeps,
  ctx: RequestContext,
  input: { plan: ParsedPlan; name?: string; sourceDraftId?: string },
): Promise<CreateFromPlanResult> {
  const actor = requirePermission(ctx, 'campaign.manage');
  const parsed = parseOrThrow(FromPlanInput, input);
  const ids = new Set<string>();
  parsed.plan.tasks.forEach((t, i) => {
    if (ids.has(t.id)) throw invalidField(`plan.tasks.${i}.id`, `节点编号“${t.id}”重复`);
    ids.add(t.id);
  });
  return deps.db.transaction((tx) => importPlanTx(tx, ctx, { plan: parsed.plan as unknown as ParsedPlan, name: parsed.name, sourceDraftId: parsed.sourceDraftId, regionCode: actor.regionCode }));
}

// ---------- campaigns by hand ----------

export async function createCampaign(deps: AppDeps, ctx: RequestContext, body: unknown): Promise<CampaignView> {
  const actor = requirePermission(ctx, 'campaign.manage');
  const input = parseOrThrow(CampaignCreate, body);
  const settings = CampaignSettings.parse({ ...DEFAULT_CAMPAIGN_SETTINGS, ...(input.settings ?? {}) });
  const id = await deps.db.transaction(async (tx) => {
    const c = await repo.insertCampaign(tx, {
      name: input.name,
      docNumber: input.docNumber ?? null,
      issuer: input.issuer ?? null,
      issuedOn: input.issuedOn ?? null,
      startDate: input.startDate,
      endDate: input.endDate,
      regionCode: actor.regionCode,
      settings,
      createdBy: actor.userId,
    });
    await recordAudit(tx, ctx, { action: 'campaign.create', entity: 'campaign', entityId: c.id, regionCode: c.regionCode, after: auditCampaign(c) });
    return c.id;
  });
  return getCampaign(deps, ctx, id);
}

export async function updateCampaign(deps: AppDeps, ctx: RequestContext, id: string, body: unknown): Promise<CampaignView> {
  const input = parseOrThrow(CampaignUpdate, body);
  await deps.db.transaction(async (tx) => {
    const { campaign: before } = await lockForEdit(tx, ctx, id);
    if (input.version !== undefined && input.version !== before.version) throw new AppError('CONFLICT', '该专项行动已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    const start = input.startDate ?? before.startDate;
    const end = input.endDate ?? before.endDate;
    if (start > end) throw invalidField('endDate', '结束日期不能早于开始日期');
    if (start !== before.startDate || end !== before.endDate) {
      // Shrinking the range must not orphan reports already filed.
      const counts = await repo.reportCountsByPeriod(tx, id, { kind: 'all' });
      const outside = counts.filter((r) => r.period < periodOf(start) || r.period > periodOf(end));
      if (outside.length) throw new AppError('CONFLICT', `已有 ${[...new Set(outside.map((o) => o.period))].sort().join('、')} 的报送记录，不能把期限缩短到这些月份之外`);
    }
    const { version: _v, ...values } = input;
    const after = await repo.updateCampaignRow(tx, id, values);
    if (end !== before.endDate) await rebuildDuties(tx, after);
    await recordAudit(tx, ctx, { action: 'campaign.update', entity: 'campaign', entityId: id, regionCode: after.regionCode, before: auditCampaign(before), after: auditCampaign(after) });
  });
  return getCampaign(deps, ctx, id);
}

export async function updateSettings(deps: AppDeps, ctx: RequestContext, id: string, body: unknown): Promise<CampaignView> {
  const patch = parseOrThrow(CampaignSettingsPatch, body);
  await deps.db.transaction(async (tx) => {
    const { campaign, settings } = await lockForEdit(tx, ctx, id);
    const next = CampaignSettings.parse({ ...settings, ...patch });
    const after = await repo.updateCampaignRow(tx, id, { settings: next });
    await recordAudit(tx, ctx, { action: 'campaign.settings', entity: 'campaign', entityId: id, regionCode: campaign.regionCode, before: { settings }, after: { settings: settingsOf(after) } });
  });
  return getCampaign(deps, ctx, id);
}

export async function setArchived(deps: AppDeps, ctx: RequestContext, id: string, archived: boolean): Promise<CampaignView> {
  await deps.db.transaction(async (tx) => {
    const actor = requirePermission(ctx, 'campaign.manage');
    const c = await repo.lockCampaign(tx, repo.campaignScopeOf(actor), id);
    if (!c) throw notFound('专项行动');
    if ((c.status === 'archived') === archived) throw new AppError('CONFLICT', archived ? '专项行动已归档' : '专项行动未归档');
    const after = await repo.updateCampaignRow(tx, id, { status: archived ? 'archived' : 'active', archivedAt: archived ? new Date() : null });
    await recordAudit(tx, ctx, { action: archived ? 'campaign.archive' : 'campaign.unarchive', entity: 'campaign', entityId: id, regionCode: c.regionCode, before: { status: c.status }, after: { status: after.status } });
  });
  return getCampaign(deps, ctx, id);
}

// ---------- tree editing ----------

const CHILD_KINDS: Record<string, string[]> = { root: ['section', 'group', 'task'], section: ['group', 'task'], group: ['group', 'task'], task: ['item'], item: ['item'] };

export async function addTask(deps: AppDeps, ctx: RequestContext, campaignId: string, body: unknown): Promise<TaskNodeView> {
  const input = parseOrThrow(TaskCreate, body);
  const id = await deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const tasks = await repo.listTasks(tx, campaignId);
    const parent = input.parentId ? tasks.find((t) => t.id === input.parentId) : undefined;
    if (input.parentId && !parent) throw invalidField('parentId', '上级节点不存在');
    const allowed = CHILD_KINDS[parent?.kind ?? 'root'];
    if (!allowed.includes(input.kind)) throw invalidField('kind', `${parent ? `“${parent.title}”下` : '顶层'}只能添加：${allowed.map((k) => ({ section: '部分', group: '分组', task: '任务', item: '事项' })[k]).join('、')}`);
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

export async function updateTask(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, body: unknown): Promise<TaskNodeView> {
  const input = parseOrThrow(TaskUpdate, body);
  await deps.db.transaction(async (tx) => {
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
  return deps.db.transaction(async (tx) => {
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

async function territorialAssignments(tx: DbOrTx, campaignId: string, taskId: string) {
  const unitRows = await repo.allUnits(tx);
  return unitRows
    .filter((u) => u.active && (u.kind === 'street' || u.kind === 'park'))
    .map((u, k) => ({ campaignId, taskId, role: 'territorial', unitId: u.id, reportingUnitId: u.id, name: u.shortName, generic: false, sort: 1000 + k }));
}

/** Replace the lead and co units of a node (and its 属地 duty); unresolved names are kept as text. */
export async function putAssignments(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, body: unknown): Promise<TaskNodeView> {
  const input = parseOrThrow(AssignmentsPut, body);
  await deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const task = await repo.findTask(tx, campaignId, taskId);
    if (!task) throw notFound('任务');
    const unitRows = await repo.allUnits(tx);
    const byId = new Map(unitRows.map((u) => [u.id, u]));
    const resolve = unitResolver(unitRows);
    const before = await repo.listAssignmentsOfTask(tx, taskId);
    const values: Parameters<typeof repo.replaceAssignments>[2] = [];
    const seen = new Set<string>();
    let sort = 0;
    for (const role of ['lead', 'co'] as const) {
      for (const [i, a] of input[role].entries()) {
        let unit = a.unitId ? byId.get(a.unitId) : undefined;
        if (a.unitId && !unit) throw invalidField(`${role}.${i}.unitId`, '单位不存在');
        if (!unit && a.name) {
          const r = resolve(a.name);
          unit = r ? byId.get(r.unitId) : undefined;
        }
        const key = unit?.id ?? `name:${a.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let reporting: string | null = unit?.id ?? null;
        if (a.reportingUnitId) {
          if (!byId.has(a.reportingUnitId)) throw invalidField(`${role}.${i}.reportingUnitId`, '报送单位不存在');
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

export async function putMilestones(deps: AppDeps, ctx: RequestContext, campaignId: string, taskId: string, body: unknown): Promise<TaskNodeView> {
  const input = parseOrThrow(MilestonesPut, body);
  await deps.db.transaction(async (tx) => {
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

export async function putPhases(deps: AppDeps, ctx: RequestContext, campaignId: string, body: unknown): Promise<CampaignView> {
  const input = parseOrThrow(PhasesPut, body);
  input.phases.forEach((p, i) => {
    if (p.startDate && p.endDate && p.startDate > p.endDate) throw invalidField(`phases.${i}.endDate`, '阶段结束日期不能早于开始日期');
  });
  await deps.db.transaction(async (tx) => {
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

// ---------- indicators ----------

function checkTarget(i: { comparator?: string; targetValue?: number | null; targetValueMax?: number | null; valueType?: string }) {
  if (i.comparator === 'between' && i.targetValue != null && (i.targetValueMax == null || i.targetValueMax < i.targetValue)) throw invalidField('targetValueMax', '区间的上限应不小于下限');
  if (i.valueType === 'number' && i.targetValue == null) throw invalidField('targetValue', '数值指标请填写目标值');
}

export async function createIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, body: unknown): Promise<IndicatorView> {
  const input = parseOrThrow(IndicatorCreate, body);
  checkTarget(input);
  return deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    let nodeId: string | null = null;
    if (input.taskId) {
      const t = await repo.findTask(tx, campaignId, input.taskId);
      if (!t) throw invalidField('taskId', '任务不存在');
      nodeId = t.nodeId;
    }
    const [row] = await repo.insertIndicators(tx, [
      {
        campaignId,
        taskId: input.taskId ?? null,
        name: input.name,
        unit: input.unit,
        valueType: input.valueType,
        comparator: input.comparator,
        targetValue: input.targetValue ?? null,
        targetValueMax: input.targetValueMax ?? null,
        dueDate: input.dueDate ?? campaign.endDate,
        aggregate: input.aggregate,
        sort: 10_000,
      },
    ]);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_create', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, after: row });
    return presentIndicator(row, nodeId);
  });
}

export async function updateIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, indicatorId: string, body: unknown): Promise<IndicatorView> {
  const input = parseOrThrow(IndicatorUpdate, body);
  return deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.findIndicator(tx, campaignId, indicatorId);
    if (!before) throw notFound('指标');
    checkTarget({ ...before, ...input });
    let nodeId: string | null = null;
    const taskId = input.taskId === undefined ? before.taskId : input.taskId;
    if (taskId) {
      const t = await repo.findTask(tx, campaignId, taskId);
      if (!t) throw invalidField('taskId', '任务不存在');
      nodeId = t.nodeId;
    }
    const after = await repo.updateIndicatorRow(tx, indicatorId, input);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_update', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before, after });
    return presentIndicator(after, nodeId);
  });
}

export async function deleteIndicator(deps: AppDeps, ctx: RequestContext, campaignId: string, indicatorId: string): Promise<{ ok: true }> {
  return deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    const before = await repo.findIndicator(tx, campaignId, indicatorId);
    if (!before) throw notFound('指标');
    const used = await repo.indicatorValueCount(tx, indicatorId);
    if (used) throw new AppError('CONFLICT', `指标“${before.name}”已有 ${used} 条填报数据，不能删除`);
    await repo.deleteIndicatorRow(tx, indicatorId);
    await recordAudit(tx, ctx, { action: 'campaign.indicator_delete', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before });
    return { ok: true as const };
  });
}

// ---------- periods ----------

export async function listPeriods(deps: AppDeps, ctx: RequestContext, campaignId: string) {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  const [closed, counts, units] = await Promise.all([repo.closedPeriods(deps.db, campaignId), repo.reportCountsByPeriod(deps.db, campaignId, scope), repo.reportingUnits(deps.db, campaignId, scope)]);
  const day = today();
  return periodsOfCampaign(campaign.startDate, campaign.endDate)
    .map((period) => {
      const c = counts.filter((x) => x.period === period);
      const n = (status: string) => c.filter((x) => x.status === status).reduce((s, x) => s + Number(x.n), 0);
      const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today: day, closed: closed.has(period), archived: campaign.status === 'archived' });
      const dueDate = dueDateOf(period, settings.dueDay);
      return {
        period,
        dueDate,
        state,
        overdue: dueDate < day,
        expected: units.length,
        draft: n('draft'),
        submitted: n('submitted'),
        returned: n('returned'),
        accepted: n('accepted'),
        late: c.filter((x) => x.late).reduce((s, x) => s + Number(x.n), 0),
      };
    })
    .reverse();
}

export async function closePeriod(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string, body: unknown) {
  const { note } = parseOrThrow(z.object({ note: Text(500).optional() }).strict().default({}), body ?? {});
  await deps.db.transaction(async (tx) => {
    const { campaign, actor } = await lockForEdit(tx, ctx, campaignId);
    const state = periodState({ period, startDate: campaign.startDate, endDate: campaign.endDate, today: today(), closed: false, archived: false });
    if (state === 'outside') throw invalidField('period', PERIOD_STATE_MESSAGES.outside(period));
    if (state === 'future') throw badRequest(`${period} 尚未开始，不能封账`);
    if (!(await repo.closePeriodRow(tx, campaignId, period, actor.userId, note ?? ''))) throw new AppError('CONFLICT', `${period} 已封账`);
    await recordAudit(tx, ctx, { action: 'campaign.period_close', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, after: { period, note: note ?? '' } });
  });
  return { ok: true, period, state: 'closed' };
}

export async function reopenPeriod(deps: AppDeps, ctx: RequestContext, campaignId: string, period: string) {
  await deps.db.transaction(async (tx) => {
    const { campaign } = await lockForEdit(tx, ctx, campaignId);
    if (!(await repo.reopenPeriodRow(tx, campaignId, period))) throw new AppError('CONFLICT', `${period} 未封账`);
    await recordAudit(tx, ctx, { action: 'campaign.period_reopen', entity: 'campaign', entityId: campaignId, regionCode: campaign.regionCode, before: { period, state: 'closed' }, after: { period, state: 'open' } });
  });
  return { ok: true, period, state: 'open' };
}
