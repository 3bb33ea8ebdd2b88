import { randomBytes } from 'node:crypto';
import { can, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, conflict, invalidField, notFound, type FieldIssue } from '../../platform/errors';
import type { Tx } from '../../db';
import {
  type DraftUpdate,
  type PublishInput,
  type TemplateCreate,
  type TemplateQuery,
  type ChecklistItemInput,
  type ChecklistItemView,
  type MajorRefView,
  type TemplateSummary,
  type TemplateVersionSummary,
  type TemplateVersionView,
  type VersionStatus,
} from '../../../shared/contracts/checklist';
import { resolveMajor, shortNumber } from '../../../shared/checklist/major';
import { listSectors } from '../org';
import * as repo from './checklist.repo';
import { installReferenceChecklists } from './checklist.seed';

/**
 * 检查清单 templates. Rules (versioning):
 *  - a template's content lives in numbered versions; at most one open draft at a time;
 *  - only a draft can be edited; publishing freezes it and supersedes the previous published one;
 *  - editing a published template = open a new draft (a copy of the current version);
 *  - runs reference the exact version they started with; old versions stay readable.
 * Office users edit every sector's templates; a department edits the templates of its sectors.
 */

export const AUDIT_ENTITY = 'checklist_template';

// ---------- presentation ----------

export function presentMajor(standard: string | null, item: string | null): MajorRefView | null {
  if (!standard || !item) return null;
  const r = resolveMajor({ standard, item });
  if (!r) return { standard, item, label: item, standardName: standard, number: '', text: '' };
  return { standard: r.standard.id, item: r.item.item, label: r.item.label, standardName: r.standard.name, number: shortNumber(r.standard), text: r.item.text };
}

export function presentItem(i: repo.ItemRow): ChecklistItemView {
  return { id: i.id, seq: i.seq, category: i.category, project: i.project, point: i.point, basis: i.basis, method: i.method, major: presentMajor(i.majorStandard, i.majorItem) };
}

function presentVersionSummary(v: repo.VersionRow, createdByName: string | null, publishedByName: string | null): TemplateVersionSummary {
  return {
    id: v.id,
    version: v.version,
    status: v.status as VersionStatus,
    itemCount: v.itemCount,
    majorCount: v.majorCount,
    changeNote: v.changeNote,
    createdAt: v.createdAt.toISOString(),
    createdByName,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    publishedByName,
  };
}

/** Sector code → name, in the official sector order (Map iteration order). */
async function sectorNames(deps: AppDeps): Promise<Map<string, string>> {
  return new Map((await listSectors(deps.db)).map((s) => [s.code, s.name]));
}

/** May the actor create/edit/publish templates of this sector? (office: all; department: its sectors) */
export function mayEdit(actor: Actor | null, sector: string): boolean {
  if (!actor || !can(actor, 'checklist.manage')) return false;
  if (actor.scope.kind === 'all' || actor.scope.kind === 'region') return true;
  if (actor.scope.kind === 'sectors') return actor.scope.sectors.includes(sector);
  return false;
}

function requireEditor(ctx: RequestContext, sector: string): Actor {
  const actor = requireActor(ctx);
  if (!mayEdit(actor, sector)) throw new AppError('FORBIDDEN', '只能编辑本部门监管行业领域的检查清单');
  return actor;
}

// ---------- item validation ----------

/** Normalise items: 序号 = order; 重大隐患判定项 clauses checked against the official standards. */
export function validateItems(items: ChecklistItemInput[], path = 'items'): { values: Omit<repo.ItemInsert, 'versionId'>[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const values = items.map((it, i) => {
    let majorStandard: string | null = null;
    let majorItem: string | null = null;
    if (it.major) {
      const r = resolveMajor(it.major);
      if (!r) issues.push({ path: `${path}.${i}.major`, message: `判定标准条款无效：${it.major.standard} ${it.major.item}` });
      else {
        majorStandard = r.standard.id;
        majorItem = r.item.item;
      }
    }
    return { seq: i + 1, category: it.category, project: it.project, point: it.point, basis: it.basis, method: it.method, majorStandard, majorItem };
  });
  return { values, issues };
}

function counts(values: { majorStandard?: string | null }[]) {
  return { itemCount: values.length, majorCount: values.filter((v) => v.majorStandard).length };
}

// ---------- queries ----------

export async function listTemplates(deps: AppDeps, ctx: RequestContext, q: TemplateQuery): Promise<TemplateSummary[]> {
  const actor = requireActor(ctx);
  const [list, names] = await Promise.all([repo.listTemplates(deps.db, q), sectorNames(deps)]);
  const editable = (s: string) => mayEdit(actor, s);
  const order = [...names.keys()];
  list.sort((a, b) => order.indexOf(a.t.sector) - order.indexOf(b.t.sector) || a.t.code.localeCompare(b.t.code));
  return list
    // Templates never published are drafts in the making: only their editors see them.
    .filter((r) => r.t.currentVersionId || editable(r.t.sector))
    .map((r) => ({
      id: r.t.id,
      code: r.t.code,
      name: r.name ?? r.draftName ?? r.t.code,
      sector: r.t.sector,
      sectorName: names.get(r.t.sector) ?? r.t.sector,
      applicability: r.applicability ?? '',
      builtin: r.t.builtin,
      currentVersion: r.currentVersion,
      currentVersionId: r.t.currentVersionId,
      itemCount: r.itemCount ?? 0,
      majorCount: r.majorCount ?? 0,
      hasDraft: r.hasDraft && editable(r.t.sector),
      editable: editable(r.t.sector),
      updatedAt: r.t.updatedAt.toISOString(),
    }));
}

export async function getTemplate(deps: AppDeps, ctx: RequestContext, id: string): Promise<{ template: TemplateSummary; versions: TemplateVersionSummary[] }> {
  const actor = requireActor(ctx);
  const t = await repo.findTemplate(deps.db, id);
  if (!t || (!t.currentVersionId && !mayEdit(actor, t.sector))) throw notFound('检查清单');
  const summary = (await listTemplates(deps, ctx, {})).find((x) => x.id === id);
  if (!summary) throw notFound('检查清单');
  const versions = await repo.listVersions(deps.db, id);
  return {
    template: summary,
    versions: versions.filter((v) => v.v.status !== 'draft' || mayEdit(actor, t.sector)).map((v) => presentVersionSummary(v.v, v.createdByName, v.publishedByName)),
  };
}

export async function getVersion(deps: AppDeps, ctx: RequestContext, versionId: string): Promise<TemplateVersionView> {
  const actor = requireActor(ctx);
  const found = await repo.findVersion(deps.db, versionId);
  if (!found) throw notFound('清单版本');
  const { v, t } = found;
  const editable = mayEdit(actor, t.sector);
  if (v.status === 'draft' && !editable) throw notFound('清单版本');
  const [items, names] = await Promise.all([v.status === 'draft' ? repo.listItems(deps.db, v.id) : repo.listPublishedItems(deps.db, v.id), sectorNames(deps)]);
  return {
    ...presentVersionSummary(v, found.createdByName, found.publishedByName),
    templateId: t.id,
    code: t.code,
    sector: t.sector,
    sectorName: names.get(t.sector) ?? t.sector,
    name: v.name,
    applicability: v.applicability,
    basisNote: v.basisNote,
    methodNote: v.methodNote,
    rev: v.rev,
    editable: editable && v.status === 'draft',
    items: items.map(presentItem),
  };
}

export async function templateHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  await getTemplate(deps, ctx, id);
  return listAuditOfEntity(deps.db, AUDIT_ENTITY, id);
}

// ---------- mutations ----------

async function checkSector(deps: AppDeps, sector: string) {
  if (!(await sectorNames(deps)).has(sector)) throw invalidField('sector', `行业领域“${sector}”不存在`);
}

function autoCode(sector: string): string {
  return `${sector}-${randomBytes(5).toString('hex')}`.slice(0, 60);
}

/** Create a template and its first version as a draft (items optional). */
export async function createTemplate(deps: AppDeps, ctx: RequestContext, input: TemplateCreate): Promise<TemplateVersionView> {
  const actor = requireEditor(ctx, input.sector);
  await checkSector(deps, input.sector);
  const { values, issues } = validateItems(input.items);
  if (issues.length) throw new AppError('VALIDATION', `输入有误：${issues[0].path}：${issues[0].message}`, issues);
  const versionId = await deps.db.transaction(async (tx) => {
    const code = input.code ?? autoCode(input.sector);
    if (await repo.findTemplateByCode(tx, code)) throw new AppError('CONFLICT', `清单编码 ${code} 已存在`, [{ path: 'code', message: '已存在' }]);
    const t = await repo.insertTemplate(tx, { code, sector: input.sector, regionCode: districtOf(actor), ownerUnitId: actor.unitId, createdBy: actor.userId });
    const v = await repo.insertVersion(tx, {
      templateId: t.id,
      version: 1,
      status: 'draft',
      name: input.name,
      applicability: input.applicability ?? '',
      basisNote: input.basisNote ?? '',
      methodNote: input.methodNote ?? '',
      createdBy: actor.userId,
      ...counts(values),
    });
    await repo.replaceItems(tx, v.id, values);
    await recordAudit(tx, ctx, { action: 'checklist.create', entity: AUDIT_ENTITY, entityId: t.id, regionCode: t.regionCode, after: { code, sector: t.sector, name: v.name, version: 1, items: values.length } });
    return v.id;
  });
  return getVersion(deps, ctx, versionId);
}

function districtOf(actor: Actor): string {
  return actor.regionCode.slice(0, 6) || actor.regionCode;
}

/** Open a new draft version: a copy of the current published version (or of the latest one). */
export async function createDraft(deps: AppDeps, ctx: RequestContext, templateId: string): Promise<TemplateVersionView> {
  requireActor(ctx);
  const versionId = await deps.db.transaction(async (tx) => {
    const t = await repo.lockTemplate(tx, templateId);
    if (!t) throw notFound('检查清单');
    const actor = requireEditor(ctx, t.sector);
    const existing = await repo.findDraft(tx, t.id);
    if (existing) throw conflict(`该清单已有未发布的草稿（第 ${existing.version} 版），请继续编辑或删除该草稿`, { draftVersionId: existing.id });
    const sourceId = t.currentVersionId;
    if (!sourceId) throw conflict('该清单尚无已发布版本');
    const src = await repo.findVersion(tx, sourceId);
    const items = await repo.listItems(tx, sourceId);
    const next = t.latestVersion + 1;
    const v = await repo.insertVersion(tx, {
      templateId: t.id,
      version: next,
      status: 'draft',
      name: src!.v.name,
      applicability: src!.v.applicability,
      basisNote: src!.v.basisNote,
      methodNote: src!.v.methodNote,
      createdBy: actor.userId,
      itemCount: items.length,
      majorCount: items.filter((i) => i.majorStandard).length,
    });
    await repo.replaceItems(
      tx,
      v.id,
      items.map(({ id: _id, versionId: _v, ...rest }) => rest),
    );
    await repo.updateTemplateRow(tx, t.id, { latestVersion: next });
    await recordAudit(tx, ctx, { action: 'checklist.draft', entity: AUDIT_ENTITY, entityId: t.id, regionCode: t.regionCode, after: { version: next, from: src!.v.version } });
    return v.id;
  });
  return getVersion(deps, ctx, versionId);
}

async function lockDraftForEdit(tx: Tx, ctx: RequestContext, versionId: string) {
  const v = await repo.lockVersion(tx, versionId);
  if (!v) throw notFound('清单版本');
  const t = await repo.lockTemplate(tx, v.templateId);
  if (!t) throw notFound('检查清单');
  // A department that may not edit this sector does not see its drafts: not found.
  if (!mayEdit(requireActor(ctx), t.sector)) {
    if (v.status === 'draft') throw notFound('清单版本');
    throw new AppError('FORBIDDEN', '只能编辑本部门监管行业领域的检查清单');
  }
  if (v.status !== 'draft') throw conflict(`第 ${v.version} 版已发布，不能修改；请“新建版本”后编辑草稿`);
  return { v, t };
}

/** Edit a draft: metadata and/or the whole item list. */
export async function updateDraft(deps: AppDeps, ctx: RequestContext, versionId: string, input: DraftUpdate): Promise<TemplateVersionView> {
  await deps.db.transaction(async (tx) => {
    const { v, t } = await lockDraftForEdit(tx, ctx, versionId);
    if (input.rev !== undefined && input.rev !== v.rev) throw conflict('草稿已被他人修改，请刷新后再编辑', { currentRev: v.rev });
    const patch: Partial<repo.VersionRow> = { rev: v.rev + 1 };
    for (const k of ['name', 'applicability', 'basisNote', 'methodNote', 'changeNote'] as const) if (input[k] !== undefined) patch[k] = input[k]!;
    if (input.items) {
      const { values, issues } = validateItems(input.items);
      if (issues.length) throw new AppError('VALIDATION', `输入有误：${issues[0].path}：${issues[0].message}`, issues);
      await repo.replaceItems(tx, v.id, values);
      Object.assign(patch, counts(values));
    }
    const after = await repo.updateVersionRow(tx, v.id, patch);
    await recordAudit(tx, ctx, {
      action: 'checklist.edit',
      entity: AUDIT_ENTITY,
      entityId: t.id,
      regionCode: t.regionCode,
      before: { version: v.version, name: v.name, items: v.itemCount, majors: v.majorCount },
      after: { version: after.version, name: after.name, items: after.itemCount, majors: after.majorCount, itemsReplaced: !!input.items },
    });
  });
  return getVersion(deps, ctx, versionId);
}

/** Publish a draft: it becomes the current version (frozen); the previous one is superseded. */
export async function publishDraft(deps: AppDeps, ctx: RequestContext, versionId: string, input: PublishInput = {}): Promise<TemplateVersionView> {
  await deps.db.transaction(async (tx) => {
    const { v, t } = await lockDraftForEdit(tx, ctx, versionId);
    if (input.rev !== undefined && input.rev !== v.rev) throw conflict('草稿已被他人修改，请刷新后再发布', { currentRev: v.rev });
    if (v.itemCount === 0) throw conflict('草稿没有检查项，不能发布');
    const actor = requireActor(ctx);
    await repo.supersedePublished(tx, t.id);
    await repo.updateVersionRow(tx, v.id, { status: 'published', publishedAt: deps.clock.now(), publishedBy: actor.userId, changeNote: input.changeNote ?? v.changeNote });
    await repo.updateTemplateRow(tx, t.id, { currentVersionId: v.id });
    await recordAudit(tx, ctx, {
      action: 'checklist.publish',
      entity: AUDIT_ENTITY,
      entityId: t.id,
      regionCode: t.regionCode,
      before: { currentVersionId: t.currentVersionId },
      after: { currentVersionId: v.id, version: v.version, items: v.itemCount, majors: v.majorCount, changeNote: input.changeNote ?? v.changeNote },
    });
  });
  return getVersion(deps, ctx, versionId);
}

/** Discard a draft; a template that was never published goes with it. */
export async function deleteDraft(deps: AppDeps, ctx: RequestContext, versionId: string): Promise<{ ok: true; templateDeleted: boolean }> {
  return deps.db.transaction(async (tx) => {
    const { v, t } = await lockDraftForEdit(tx, ctx, versionId);
    await repo.deleteVersionRow(tx, v.id);
    let templateDeleted = false;
    if (!t.currentVersionId && (await repo.countPlansOfTemplate(tx, t.id)) === 0) {
      await repo.deleteTemplateRow(tx, t.id);
      templateDeleted = true;
    } else if (t.latestVersion === v.version) {
      await repo.updateTemplateRow(tx, t.id, { latestVersion: v.version - 1 });
    }
    await recordAudit(tx, ctx, { action: 'checklist.discard', entity: AUDIT_ENTITY, entityId: t.id, regionCode: t.regionCode, before: { version: v.version, items: v.itemCount }, after: { templateDeleted } });
    return { ok: true as const, templateDeleted };
  });
}

/** Install the shipped reference checklists (the ones already present are skipped), audited. */
export async function installReference(deps: AppDeps, ctx: RequestContext): Promise<{ installed: string[]; skipped: string[] }> {
  const actor = requireActor(ctx);
  return deps.db.transaction(async (tx) => {
    const r = await installReferenceChecklists(tx, ctx, actor.regionCode.slice(0, 6));
    await recordAudit(tx, ctx, { action: 'checklist.install', entity: AUDIT_ENTITY, entityId: null, regionCode: actor.regionCode, after: r });
    return r;
  });
}
