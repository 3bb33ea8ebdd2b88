import { createHash } from 'node:crypto';
import { requirePermission, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, conflict, notFound } from '../../platform/errors';
import { sniffKind } from '../../platform/files';
import { campaignsWithDocNumber, createCampaignFromPlan } from '../campaign';
import { unitDirectory } from '../org';
import { UnitDirectory } from '../../../shared/org/reference';
import { isPlanInputError, parsePlanDocument, parsePlanText, type PlanInputError } from '../../../shared/plan/index';
import type { ParsedPlan } from '../../../shared/plan/types';
import type { z } from 'zod';
import type { PlanDraftListItem, PlanDraftQuery, PlanDraftView, PlanEditBody, PlanImportBody, PlanImportResult, PlanReparseBody } from '../../../shared/contracts/plan';
import type { PageResult } from '../../../shared/contracts/common';
import { applyEdits } from './plan.edit';
import { presentDraft, presentListItem, summarize } from './plan.present';
import * as repo from './plan.repo';
import type { PlanDraftRow, StoredPlan } from './plan.schema';

const ENTITY = 'plan_draft';

// ---------- the unit directory, built from the registry once per request ----------

const directories = new WeakMap<RequestContext, Promise<UnitDirectory>>();

/**
 * The organisation registry as the parser's alias table: name = short name (区应急管理局), aliases =
 * full name + the registry's aliases. Built per request (an edit of the registry shows up at the
 * next upload or reparse) and shared by the calls of one request. Call it before opening a
 * transaction: PGlite has one connection.
 */
export function unitDirectoryFor(deps: AppDeps, ctx: RequestContext): Promise<UnitDirectory> {
  let p = directories.get(ctx);
  if (!p) {
    // every unit, as the campaign import resolves them: a name the review shows as resolved stays resolved
    p = unitDirectory(deps.db, 'code');
    p.catch(() => directories.delete(ctx));
    directories.set(ctx, p);
  }
  return p;
}

// ---------- errors of the uploaded file ----------

/** PlanInputError → AppError with the parser's Chinese message (its code in details). */
export function planInputToAppError(e: PlanInputError): AppError {
  const code = e.status === 413 ? 'PAYLOAD_TOO_LARGE' : e.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
  return new AppError(code, e.message, { planError: e.code });
}

/**
 * Decide how to read the upload from its bytes, never its name: a Word package goes to mammoth, a PDF
 * to pdfjs (its text layer),
 * other archives, spreadsheets and images are refused with a message, everything else is text
 * (the parser tells UTF-8 / UTF-16 / GBK, binary and unknown encodings apart).
 */
function readAs(buffer: Buffer): 'docx' | 'pdf' | 'text' {
  const kind = sniffKind(buffer, '');
  if (kind === 'docx' || kind === 'zip') return 'docx';
  if (kind === 'pdf') return 'pdf';
  if (kind === 'xlsx') throw new AppError('UNSUPPORTED_MEDIA_TYPE', '这是 Excel 表格文件，不是方案正文。请上传 Word（.docx）、PDF 或纯文本（.txt）格式的方案。', { planError: 'UNSUPPORTED_FORMAT' });
  if (kind === 'jpg' || kind === 'png' || kind === 'gif' || kind === 'webp') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '这是图片文件，无法识别其中的文字。请上传 Word（.docx）、带文字层的 PDF 或纯文本（.txt）格式的方案。', { planError: 'UNSUPPORTED_FORMAT' });
  }
  return 'text';
}

/** The campaign import takes at most this many nodes; a review page of more is of no use either. */
export const MAX_DRAFT_NODES = 5000;

async function parseUpload(buffer: Buffer, directory: UnitDirectory): Promise<ParsedPlan> {
  const as = readAs(buffer);
  let plan: ParsedPlan;
  try {
    plan = await parsePlanDocument(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), `plan.${as === 'text' ? 'txt' : as}`, { units: directory });
  } catch (e) {
    if (isPlanInputError(e)) throw planInputToAppError(e);
    throw e;
  }
  if (plan.tasks.length > MAX_DRAFT_NODES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `文件中识别出 ${plan.tasks.length} 个任务和条目，超过 ${MAX_DRAFT_NODES} 个的上限。请确认上传的是一份方案，或拆分后分别上传。`, { planError: 'TOO_MANY_NODES' });
  }
  return plan;
}

function storedParts(plan: ParsedPlan) {
  const { sourceText, warnings, ...parsed } = plan;
  return { sourceText, warnings, parsed: parsed as StoredPlan };
}

function contentValues(parsed: StoredPlan, warnings: ParsedPlan['warnings']) {
  return { parsed, warnings, summary: summarize(parsed, warnings), title: parsed.document.title, docNumber: parsed.document.docNumber };
}

function assertEditable(row: PlanDraftRow): void {
  if (row.status === 'imported') throw conflict('该方案已导入为专项行动，不能再修改', { campaignId: row.campaignId });
  if (row.status === 'importing') throw conflict('该方案正在导入为专项行动，请稍候刷新');
}

function assertVersion(row: PlanDraftRow, version: number | undefined): void {
  if (version !== undefined && version !== row.version) {
    throw conflict(`该草稿已被他人修改（当前版本 ${row.version}，您编辑的是版本 ${version}），请刷新后再修改`, { currentVersion: row.version });
  }
}

const summaryOf = (r: PlanDraftRow) => ({ fileName: r.fileName, title: r.title, docNumber: r.docNumber, version: r.version, status: r.status, summary: r.summary });

// ---------- queries ----------

export async function listDrafts(deps: AppDeps, ctx: RequestContext, q: PlanDraftQuery): Promise<PageResult<PlanDraftListItem>> {
  const actor = requirePermission(ctx, 'plan.manage');
  const { rows, total } = await repo.listDrafts(deps.db, actor.scope, q);
  return { items: rows.map(presentListItem), total, page: q.page, pageSize: q.pageSize };
}

export async function getDraft(deps: AppDeps, ctx: RequestContext, id: string, opts: { withText?: boolean } = {}): Promise<PlanDraftView> {
  const actor = requirePermission(ctx, 'plan.manage');
  const r = await repo.findDraft(deps.db, actor.scope, id);
  if (!r) throw notFound('方案草稿');
  // Another campaign from the same 文号: importing this draft would make a second one (the review page warns).
  const sameDocCampaigns = r.docNumber ? (await campaignsWithDocNumber(deps.db, r.docNumber)).filter((c) => c.id !== r.campaignId) : [];
  return presentDraft(r, r.createdByName, { withText: opts.withText ?? true, sameDocCampaigns });
}

export async function draftHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  await getDraft(deps, ctx, id, { withText: false });
  return listAuditOfEntity(deps.db, ENTITY, id);
}

/** The draft as the parser's ParsedPlan (what the campaign import takes). */
export function draftAsParsedPlan(r: PlanDraftRow): ParsedPlan {
  return { ...r.parsed, sourceText: r.sourceText, warnings: r.warnings };
}

// ---------- mutations ----------

export async function uploadPlan(deps: AppDeps, ctx: RequestContext, upload: { buffer: Buffer; fileName: string }): Promise<PlanDraftView> {
  const actor = requirePermission(ctx, 'plan.manage');
  const directory = await unitDirectoryFor(deps, ctx);
  const plan = await parseUpload(upload.buffer, directory);
  const { sourceText, warnings, parsed } = storedParts(plan);
  const sha256 = createHash('sha256').update(upload.buffer).digest('hex');
  const id = await deps.db.transaction(async (tx) => {
    const row = await repo.insertDraft(tx, {
      fileName: upload.fileName,
      fileSize: upload.buffer.length,
      sha256,
      sourceText,
      ...contentValues(parsed, warnings),
      regionCode: actor.regionCode,
      createdBy: actor.userId,
    });
    await recordAudit(tx, ctx, { action: 'plan.upload', entity: ENTITY, entityId: row.id, regionCode: row.regionCode, after: { ...summaryOf(row), fileSize: row.fileSize, sha256 } });
    return row.id;
  });
  return getDraft(deps, ctx, id);
}

/** Apply edit operations (all or nothing) to a draft at the version the clerk edited. */
export async function editDraft(deps: AppDeps, ctx: RequestContext, id: string, input: PlanEditBody): Promise<PlanDraftView> {
  const actor = requirePermission(ctx, 'plan.manage');
  const directory = input.ops.some((o) => o.op === 'setUnits') ? await unitDirectoryFor(deps, ctx) : undefined;
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockDraft(tx, actor.scope, id);
    if (!row) throw notFound('方案草稿');
    assertEditable(row);
    assertVersion(row, input.version);
    const result = applyEdits({ parsed: row.parsed, warnings: row.warnings, sourceText: row.sourceText }, input.ops, { resolver: directory });
    const after = await repo.updateDraftContent(tx, id, contentValues(result.parsed, result.warnings));
    await recordAudit(
      tx,
      ctx,
      result.audits.map((a, i) => ({
        action: a.action,
        entity: ENTITY,
        entityId: id,
        regionCode: row.regionCode,
        before: { version: row.version, ...(a.before as object | null) },
        after: { version: after.version, op: input.ops[i], result: a.after },
      })),
    );
  });
  return getDraft(deps, ctx, id, { withText: false });
}

/** Parse the stored text again against today's registry (e.g. after aliases were added); edits are replaced. */
export async function reparseDraft(deps: AppDeps, ctx: RequestContext, id: string, input: z.output<typeof PlanReparseBody>): Promise<PlanDraftView> {
  const actor = requirePermission(ctx, 'plan.manage');
  const directory = await unitDirectoryFor(deps, ctx);
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockDraft(tx, actor.scope, id);
    if (!row) throw notFound('方案草稿');
    assertEditable(row);
    assertVersion(row, input.version);
    const { warnings, parsed } = storedParts(parsePlanText(row.sourceText, { units: directory }));
    const after = await repo.updateDraftContent(tx, id, contentValues(parsed, warnings));
    await recordAudit(tx, ctx, { action: 'plan.reparse', entity: ENTITY, entityId: id, regionCode: row.regionCode, before: summaryOf(row), after: summaryOf(after) });
  });
  return getDraft(deps, ctx, id, { withText: false });
}

export async function deleteDraft(deps: AppDeps, ctx: RequestContext, id: string): Promise<void> {
  const actor = requirePermission(ctx, 'plan.manage');
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockDraft(tx, actor.scope, id);
    if (!row) throw notFound('方案草稿');
    if (row.status === 'imported') throw conflict('该方案已导入为专项行动，草稿不能删除', { campaignId: row.campaignId });
    if (row.status === 'importing') throw conflict('该方案正在导入为专项行动，不能删除');
    await repo.deleteDraftRow(tx, id);
    await recordAudit(tx, ctx, { action: 'plan.delete', entity: ENTITY, entityId: id, regionCode: row.regionCode, before: { ...summaryOf(row), sha256: row.sha256 } });
  });
}

/** A claim older than this is a crashed import and may be taken over. */
const STALE_IMPORT_MS = 10 * 60_000;

/**
 * Import the corrected tree as a campaign (campaign module). The draft is claimed first
 * (draft → importing, a conditional UPDATE) so two clicks cannot create two campaigns; the
 * campaign is created in its own transaction; then the draft is marked imported with the
 * campaign's id. A failed import releases the claim.
 */
export async function importDraft(deps: AppDeps, ctx: RequestContext, id: string, input: PlanImportBody): Promise<PlanImportResult> {
  const actor = requirePermission(ctx, 'plan.manage');
  const row = await deps.db.transaction(async (tx) => {
    const current = await repo.lockDraft(tx, actor.scope, id);
    if (!current) throw notFound('方案草稿');
    if (current.status === 'imported') throw conflict('该方案已导入为专项行动', { campaignId: current.campaignId });
    assertVersion(current, input.version);
    const claimed = await repo.claimForImport(tx, actor.scope, id, new Date(Date.now() - STALE_IMPORT_MS));
    if (!claimed) throw conflict('该方案正在导入为专项行动，请稍候刷新');
    return claimed;
  });
  let campaign: PlanImportResult['campaign'];
  try {
    campaign = await createCampaignFromPlan(deps, ctx, { plan: draftAsParsedPlan(row), name: input.name ?? row.title ?? undefined, sourceDraftId: id });
  } catch (e) {
    await deps.db.transaction((tx) => repo.releaseImportClaim(tx, id));
    throw e;
  }
  await deps.db.transaction(async (tx) => {
    const after = await repo.markImported(tx, id, campaign.id);
    if (!after) throw conflict('导入期间草稿状态被改变，请刷新后核对');
    await recordAudit(tx, ctx, {
      action: 'plan.import',
      entity: ENTITY,
      entityId: id,
      regionCode: row.regionCode,
      before: { status: 'draft', version: row.version },
      after: { status: 'imported', version: after.version, campaignId: campaign.id, name: input.name ?? row.title, tasks: campaign.tasks, items: campaign.items, unresolvedUnits: campaign.unresolvedUnits },
    });
  });
  return { draft: await getDraft(deps, ctx, id, { withText: false }), campaign };
}
