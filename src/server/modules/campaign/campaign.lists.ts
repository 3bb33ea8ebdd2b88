import { newWorkbook } from '../../platform/excel';
import { can, requireActor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { LIST_KIND_LABELS, LIST_KINDS, type ListEntryCreateInput, type ListEntryUpdateInput, type ListExportQueryInput, type ListKind, type ListQueryInput } from '../../../shared/contracts/campaign';
import type { ListEntryView } from '../../../shared/contracts/campaign.views';
import { formatDateChinese } from '../../../shared/time';
import * as repo from './repo';
import type { ListEntryRow } from './repo';
import { loadCampaign } from './campaign.common';
import { loadUnits } from './campaign.units';

/**
 * 三个清单 (DOMAIN.md): every unit keeps 问题隐患清单, 自查自纠清单 and 制度措施清单 with 时间表
 * (deadline) and 路线图 (measures and dated steps). A 问题隐患清单 entry can point at a hazard of
 * the hazard module (hazardId, no foreign key: that module is optional).
 */

export function presentListEntry(e: ListEntryRow, unitName: string): ListEntryView {
  return {
    id: e.id,
    campaignId: e.campaignId,
    unitId: e.unitId,
    unitName,
    kind: e.kind as ListKind,
    seq: e.seq,
    title: e.title,
    category: e.category,
    description: e.description,
    measures: e.measures,
    roadmap: e.roadmap as { date?: string | null; step: string; done: boolean }[],
    deadline: e.deadline,
    responsiblePerson: e.responsiblePerson,
    status: e.status,
    completionNote: e.completionNote,
    completedOn: e.completedOn,
    docNumber: e.docNumber,
    hazardId: e.hazardId,
    hazardLevel: e.hazardLevel,
    taskId: e.taskId,
    version: e.version,
    updatedAt: e.updatedAt.toISOString(),
  };
}

function auditSnapshot(e: ListEntryRow) {
  const { createdAt: _c, ...rest } = e;
  return rest;
}

export async function listEntries(deps: AppDeps, ctx: RequestContext, campaignId: string, q: ListQueryInput) {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const units = await loadUnits(deps.db);
  const [{ items, total }, stats] = await Promise.all([repo.listListEntries(deps.db, scope, campaignId, q, units.order), repo.listStats(deps.db, scope, campaignId)]);
  return {
    items: items.map((e) => presentListEntry(e, units.name(e.unitId))),
    total,
    page: q.page,
    pageSize: q.pageSize,
    stats: LIST_KINDS.map((k) => ({
      kind: k,
      label: LIST_KIND_LABELS[k],
      total: stats.filter((s) => s.kind === k).reduce((a, s) => a + Number(s.n), 0),
      done: stats.filter((s) => s.kind === k && s.status === '已完成').reduce((a, s) => a + Number(s.n), 0),
    })),
  };
}

async function checkTask(deps: AppDeps, campaignId: string, taskId: string | null | undefined) {
  if (taskId && !(await repo.findTask(deps.db, campaignId, taskId))) throw invalidField('taskId', '任务不存在');
}

/** A unit adds to its own lists; the office may keep a list for any unit of its district. */
export async function createListEntry(deps: AppDeps, ctx: RequestContext, campaignId: string, input: ListEntryCreateInput): Promise<ListEntryView> {
  const { campaign, scope, actor } = await loadCampaign(deps, ctx, campaignId);
  if (campaign.status === 'archived') throw new AppError('CONFLICT', '专项行动已归档，不能修改清单');
  const unitId = input.unitId ?? actor.unitId;
  if (!unitId) throw invalidField('unitId', '请选择单位');
  if (scope.kind === 'unit' && unitId !== scope.unitId) throw notFound('单位');
  if (scope.kind !== 'unit' && unitId !== actor.unitId && !can(actor, 'campaign.manage')) throw forbidden();
  const unit = (await loadUnits(deps.db)).get(unitId);
  if (!unit) throw invalidField('unitId', '单位不存在');
  await checkTask(deps, campaignId, input.taskId);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const seq = await repo.nextListSeq(tx, campaignId, unitId, input.kind);
    const status = input.status ?? '未开始';
    const r = await repo.insertListEntry(tx, {
      campaignId,
      unitId,
      regionCode: unit.regionCode,
      kind: input.kind,
      seq,
      title: input.title,
      category: input.category ?? '',
      description: input.description ?? '',
      measures: input.measures ?? '',
      roadmap: input.roadmap ?? [],
      deadline: input.deadline ?? null,
      responsiblePerson: input.responsiblePerson ?? '',
      status,
      completionNote: input.completionNote ?? '',
      completedOn: input.completedOn ?? (status === '已完成' ? deps.clock.today() : null),
      docNumber: input.docNumber ?? '',
      hazardId: input.hazardId ?? null,
      hazardLevel: input.kind === 'hazard' ? (input.hazardLevel ?? '一般') : null,
      taskId: input.taskId ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx, { action: 'campaign_list.create', entity: 'campaign_list', entityId: r.id, regionCode: r.regionCode, after: auditSnapshot(r) });
    return r;
  });
  return presentListEntry(row, unit.shortName);
}

export async function updateListEntry(deps: AppDeps, ctx: RequestContext, entryId: string, input: ListEntryUpdateInput): Promise<ListEntryView> {
  const actor = requireActor(ctx);
  const scope = repo.campaignScopeOf(actor);
  const row = await deps.db.transaction(async (tx) => {
    const before = await repo.lockListEntry(tx, scope, entryId);
    if (!before) throw notFound('清单条目');
    if (input.version !== undefined && input.version !== before.version) throw new AppError('CONFLICT', '该条目已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    const campaign = await repo.findCampaign(tx, scope, before.campaignId);
    if (!campaign) throw notFound('清单条目');
    if (campaign.status === 'archived') throw new AppError('CONFLICT', '专项行动已归档，不能修改清单');
    if (input.taskId && !(await repo.findTask(tx, before.campaignId, input.taskId))) throw invalidField('taskId', '任务不存在');
    const { version: _v, ...values } = input;
    if (values.status === '已完成' && !values.completedOn && !before.completedOn) values.completedOn = deps.clock.today();
    if (values.status && values.status !== '已完成' && values.completedOn === undefined) values.completedOn = null;
    const after = await repo.updateListEntryRow(tx, entryId, values, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'campaign_list.update', entity: 'campaign_list', entityId: entryId, regionCode: after.regionCode, before: auditSnapshot(before), after: auditSnapshot(after) });
    return after;
  });
  return presentListEntry(row, (await loadUnits(deps.db)).name(row.unitId));
}

export async function deleteListEntry(deps: AppDeps, ctx: RequestContext, entryId: string) {
  const actor = requireActor(ctx);
  const scope = repo.campaignScopeOf(actor);
  await deps.db.transaction(async (tx) => {
    const before = await repo.lockListEntry(tx, scope, entryId);
    if (!before) throw notFound('清单条目');
    await repo.deleteListEntryRow(tx, entryId);
    await recordAudit(tx, ctx, { action: 'campaign_list.delete', entity: 'campaign_list', entityId: entryId, regionCode: before.regionCode, before: auditSnapshot(before) });
  });
  return { ok: true as const };
}

// ---------- Excel (the layout offices exchange) ----------

const COLUMNS: Record<ListKind, { header: string; width: number }[]> = {
  hazard: [
    { header: '问题隐患描述', width: 36 },
    { header: '所属任务', width: 22 },
    { header: '隐患等级', width: 9 },
    { header: '整改措施（路线图）', width: 40 },
  ],
  selfcheck: [
    { header: '自查发现的问题', width: 36 },
    { header: '类别', width: 12 },
    { header: '所属任务', width: 22 },
    { header: '整改措施（路线图）', width: 40 },
  ],
  measure: [
    { header: '制度措施名称', width: 32 },
    { header: '类别', width: 10 },
    { header: '主要内容（路线图）', width: 40 },
    { header: '文号', width: 16 },
  ],
};

function roadmapText(e: ListEntryRow): string {
  const steps = (e.roadmap as { date?: string | null; step: string; done?: boolean }[]) ?? [];
  const lines = [e.measures.trim(), ...steps.map((s, i) => `${i + 1}. ${s.date ? `${s.date} ` : ''}${s.step}${s.done ? '（已完成）' : ''}`)].filter(Boolean);
  return lines.join('\n');
}

function completionText(e: ListEntryRow): string {
  return [e.status, e.completedOn ? `（${e.completedOn}）` : '', e.completionNote ? `\n${e.completionNote}` : ''].join('');
}

function kindCells(kind: ListKind, e: ListEntryRow, taskTitle: string | null): (string | number)[] {
  const task = taskTitle ?? '';
  switch (kind) {
    case 'hazard':
      return [e.title + (e.description ? `\n${e.description}` : ''), task, e.hazardLevel ?? '一般', roadmapText(e)];
    case 'selfcheck':
      return [e.title + (e.description ? `\n${e.description}` : ''), e.category, task, roadmapText(e)];
    case 'measure':
      return [e.title, e.category, [e.description, roadmapText(e)].filter(Boolean).join('\n'), e.docNumber];
  }
}

const border = { top: { style: 'thin' as const }, bottom: { style: 'thin' as const }, left: { style: 'thin' as const }, right: { style: 'thin' as const } };

export async function exportLists(deps: AppDeps, ctx: RequestContext, campaignId: string, query: ListExportQueryInput): Promise<{ buffer: Buffer; fileName: string }> {
  const { campaign, scope } = await loadCampaign(deps, ctx, campaignId);
  const unitId = scope.kind === 'unit' ? scope.unitId : query.unitId;
  const units = await loadUnits(deps.db);
  const unit = units.get(unitId);
  if (unitId && !unit) throw notFound('单位');
  const kinds = query.kind ? [query.kind] : [...LIST_KINDS];
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const day = deps.clock.today();
  const short = campaign.name.replace(/^东西湖区/, '').replace(/方案$/, '');
  for (const kind of kinds) {
    const rows = await repo.allListEntries(deps.db, scope, campaignId, kind, unitId, units.order);
    const ws = wb.addWorksheet(LIST_KIND_LABELS[kind], { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const perUnit = !!unit;
    const cols = [{ header: '序号', width: 6 }, ...(perUnit ? [] : [{ header: '填报单位', width: 16 }]), ...COLUMNS[kind], { header: '时间表（完成时限）', width: 14 }, { header: '责任人', width: 10 }, { header: '完成情况', width: 20 }, { header: '备注', width: 12 }];
    ws.columns = cols.map((c) => ({ width: c.width }));
    const n = cols.length;
    ws.mergeCells(1, 1, 1, n);
    const title = ws.getCell(1, 1);
    title.value = `${unit ? unit.shortName : '东西湖区'}${short}${LIST_KIND_LABELS[kind]}`;
    title.font = { name: '方正小标宋简体', size: 18 };
    title.alignment = { horizontal: 'center', vertical: 'middle' };
    ws.getRow(1).height = 36;
    ws.mergeCells(2, 1, 2, Math.max(1, n - 3));
    ws.getCell(2, 1).value = `填报单位：${unit ? `${unit.name}（盖章）` : '全区汇总'}`;
    ws.mergeCells(2, Math.max(2, n - 2), 2, n);
    ws.getCell(2, Math.max(2, n - 2)).value = `填报时间：${formatDateChinese(day)}`;
    ws.getRow(2).font = { name: '宋体', size: 11 };
    const header = ws.getRow(3);
    cols.forEach((c, i) => (header.getCell(i + 1).value = c.header));
    header.font = { name: '黑体', size: 11 };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    header.height = 30;
    header.eachCell((c) => (c.border = border));
    rows.forEach(({ e, taskNodeId, taskTitle }, i) => {
      const unitName = units.name(e.unitId);
      const values = [
        perUnit ? e.seq : i + 1,
        ...(perUnit ? [] : [unitName]),
        ...kindCells(kind, e, taskTitle ? `${taskNodeId} ${taskTitle}` : null),
        e.deadline ?? '',
        e.responsiblePerson,
        completionText(e),
        e.hazardId ? '已关联隐患台账' : '',
      ];
      const row = ws.addRow(values);
      row.alignment = { vertical: 'top', wrapText: true };
      row.font = { name: '仿宋', size: 11 };
      row.eachCell({ includeEmpty: true }, (c, k) => {
        if (k <= n) c.border = border;
      });
      row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
    });
    if (!rows.length) ws.addRow(['', '（暂无条目）']);
    ws.views = [{ state: 'frozen', ySplit: 3 }];
    ws.pageSetup.printTitlesRow = '1:3';
  }
  const who = unit ? unit.shortName : '全区';
  const fileName = `${who}${query.kind ? LIST_KIND_LABELS[query.kind] : '三个清单'}-${day.replace(/-/g, '')}.xlsx`;
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), fileName };
}
