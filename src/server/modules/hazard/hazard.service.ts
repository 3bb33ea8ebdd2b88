import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { KeptViews, rows, type DbOrTx, type Tx } from '../../db';
import { requireActor, requirePermission, SYSTEM_CONTEXT, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { DOCUMENT_KINDS, IMAGE_KINDS, storeFile } from '../../platform/files';
import { claimRun, runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import { creditFlagsOf, enterpriseIdsMatching, enterpriseNamesByIds, enterpriseRegistryGeneration, findEnterprise, listRegions, listSectors, responsibleUnitIds, streetUnits } from '../org';
import type { DishonestFlag } from '../../../shared/contracts/org';
import {
  AcceptanceRequestInput,
  AcceptInput,
  ActionCreateInput,
  ActionUpdateInput,
  ConfirmInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  FixOnSpotInput,
  GovernancePlanInput,
  HazardCreateBody,
  HazardQuery,
  OpinionInput,
  RectificationInput,
  RegradeInput,
  ResumeApplyInput,
  ResumeDecisionInput,
  StopOrderInput,
  SupervisionInput,
  type HazardCreateExtra,
  type HazardCreateInput,
  type HazardListItem,
  type HazardPage,
  type HazardView,
} from '../../../shared/contracts/hazard';
import { isOverdue, overdueDays } from '../../../shared/hazard/dates';
import { chinaYear } from '../../../shared/time';
import { withUnit } from '../../../shared/text';
import { resolveClause } from '../../../shared/hazard/standards';
import { allowedSteps, checkStep, HAZARD_STATUS_LABELS, HAZARD_STEPS, partyOf, type HazardFacts, type HazardStatus, type HazardStep } from '../../../shared/hazard/workflow';
import * as repo from './hazard.repo';
import type { HazardInsert, HazardRow } from './hazard.repo';

/** A step's typed input (validated by the route from the contract table). */
type Input<S extends z.ZodType> = z.output<S>;

export const PHOTO_PURPOSE = 'hazard.photo';
export const DOCUMENT_PURPOSE = 'hazard.document';
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

// ---------- reference names (regions and sectors change rarely: cached per database for a minute) ----------

const namesCache = new WeakMap<object, { at: number; regions: Map<string, string>; sectors: Map<string, string>; departments: Map<string, string> }>();

export async function referenceNames(deps: AppDeps) {
  const hit = namesCache.get(deps.database);
  if (hit && Date.now() - hit.at < 60_000) return hit;
  const [regions, sectors] = await Promise.all([listRegions(deps.db), listSectors(deps.db)]);
  const v = {
    at: Date.now(),
    regions: new Map(regions.map((r) => [r.code, r.name])),
    sectors: new Map(sectors.map((s) => [s.code, s.name])),
    departments: new Map(sectors.map((s) => [s.code, s.departmentUnitId])),
  };
  namesCache.set(deps.database, v);
  return v;
}

/**
 * Enterprise names for ledger pages: a per-process cache saves the hot list a join per row; misses
 * are fetched in one query. Dropped whenever this instance writes the registry (a rename shows at
 * once); another instance's rename shows within a minute (details and exports join the live name).
 */
const NAME_TTL_MS = 60_000;
const nameCache = new WeakMap<object, { generation: number; names: Map<string, { name: string; at: number }> }>();

export async function enterpriseNames(deps: AppDeps, ids: string[]): Promise<Map<string, string>> {
  const generation = enterpriseRegistryGeneration();
  let kept = nameCache.get(deps.database);
  if (!kept || kept.generation !== generation) nameCache.set(deps.database, (kept = { generation, names: new Map() }));
  const cache = kept.names;
  const now = Date.now();
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const hit = cache.get(id);
    if (hit && now - hit.at < NAME_TTL_MS) out.set(id, hit.name);
    else missing.push(id);
  }
  if (missing.length) {
    if (cache.size > 100_000) cache.clear();
    const found = await enterpriseNamesByIds(deps.database, missing);
    // A write to the registry while reading: answer with what was read, keep nothing.
    const keep = enterpriseRegistryGeneration() === generation;
    for (const r of found) {
      if (keep) cache.set(r.id, { name: r.name, at: now });
      out.set(r.id, r.name);
    }
  }
  return out;
}

// ---------- presentation ----------

function facts(h: Pick<HazardRow, 'status' | 'grade' | 'extensionPending' | 'stopProduction' | 'productionState' | 'supervision'>): HazardFacts {
  return {
    status: h.status as HazardStatus,
    grade: h.grade as '一般' | '重大',
    extensionPending: h.extensionPending,
    stopProduction: h.stopProduction,
    productionState: h.productionState,
    supervision: h.supervision,
  };
}

/** What the audit log keeps of a hazard (no personal data is stored on it besides names). */
function snapshot(h: HazardRow) {
  const { createdAt: _c, ...rest } = h;
  return rest;
}

/** A ledger row as the API shows it; `dishonest` is the enterprise's 失信 entry in force (creditFlagsOf, read once per page). */
function listItem(names: Awaited<ReturnType<typeof referenceNames>>, r: repo.LedgerRow, today: string, dishonest: DishonestFlag | undefined, enterpriseName = r.enterprise_name): HazardListItem {
  const regionName = names.regions.get(r.region_code) ?? r.region_code;
  const sectorName = names.sectors.get(r.sector) ?? r.sector;
  return listItems.view(
    r,
    (k) => k.today === today && k.item.enterpriseName === enterpriseName && k.item.enterpriseDishonest === (dishonest ?? null) && k.item.regionName === regionName && k.item.sectorName === sectorName,
    () => ({ today, item: buildListItem(r, today, dishonest ?? null, enterpriseName, regionName, sectorName) }),
  ).item;
}

/**
 * The items of the rows the ledger keeps for its pages (hazard.repo's ledgerPages, 5 s): a page asked
 * again and again is formatted once per day, name and 失信 entry (the same objects while they are
 * kept), and shared by the requests that show it (nothing writes to an item).
 */
const listItems = new KeptViews<repo.LedgerRow, { today: string; item: HazardListItem }>();

function buildListItem(r: repo.LedgerRow, today: string, dishonest: DishonestFlag | null, enterpriseName: string, regionName: string, sectorName: string): HazardListItem {
  const status = r.status;
  return {
    id: r.id,
    code: r.code,
    status,
    grade: r.grade,
    source: r.source as HazardListItem['source'],
    enterpriseId: r.enterprise_id,
    enterpriseName,
    enterpriseDishonest: dishonest,
    regionCode: r.region_code,
    regionName,
    sector: r.sector,
    sectorName,
    place: r.place,
    category: r.category,
    description: r.description,
    foundAt: new Date(r.found_at).toISOString(),
    deadline: r.deadline,
    overdue: isOverdue(status, r.deadline, today),
    overdueDays: overdueDays(status, r.deadline, today),
    supervision: r.supervision,
    fixedOnSpot: r.fixed_on_spot,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    extensionPending: r.extension_pending,
    stopProduction: r.stop_production,
  };
}

// ---------- registration ----------

function partyOrThrow(actor: Actor) {
  const party = partyOf(actor.roles);
  if (!party) throw forbidden('系统管理员不办理隐患业务');
  return party;
}

/** Image files the actor uploaded for hazards and that no hazard holds yet. */
async function checkOwnPhotos(tx: DbOrTx, actor: Actor, ids: string[], field: string, purposes: string[] = [PHOTO_PURPOSE]): Promise<void> {
  const unique = [...new Set(ids)];
  const found = await repo.findAttachableFiles(tx, unique, actor.userId);
  for (const [i, id] of ids.entries()) {
    const f = found.find((x) => x.id === id);
    if (!f || !purposes.includes(f.purpose)) throw invalidField(`${field}.${i}`, '文件不存在，或不是您上传的隐患照片/材料');
    if (f.attached) throw invalidField(`${field}.${i}`, `文件“${f.name}”已属于其他隐患`);
    if (purposes.length === 1 && purposes[0] === PHOTO_PURPOSE && !f.mime.startsWith('image/')) throw invalidField(`${field}.${i}`, `“${f.name}”不是图片`);
  }
}

function checkClause(grade: string, ref: { standard: string; item: string } | undefined, field = 'standardRef') {
  if (grade !== '重大') return { standardId: null, standardItem: null };
  // DOMAIN.md: a 重大 grading cites the 判定标准 and its item.
  if (!ref) throw invalidField(field, '重大隐患须注明判定依据（重大事故隐患判定标准及条款）');
  const r = resolveClause(ref);
  if (!r.ok) throw invalidField(`${field}.${r.field}`, r.message);
  return { standardId: r.standard.id, standardItem: r.item.item };
}

function checkDeadline(deadline: string, field: string, today: string) {
  if (deadline < today) throw invalidField(field, `整改期限不能早于今天（${today}）`);
}

/**
 * Register a hazard inside the caller's transaction (the checklist module calls this for failed
 * items). Validates, checks the enterprise is in the actor's scope (404 otherwise), takes region,
 * sector and enterprise from the enterprise, assigns a readable code, writes the audit row in `tx`
 * and publishes `hazard.created` (a hint: listeners re-read; a rolled-back caller leaves no row).
 */
export async function createHazardInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, input: HazardCreateInput & Partial<HazardCreateExtra>): Promise<{ id: string; code: string }> {
  const r = await createInTx(deps, tx, ctx, input);
  deps.events.publish(r.event);
  return { id: r.id, code: r.code };
}

/** Register a hazard (its own transaction); the event goes out after the commit. */
export async function createHazard(deps: AppDeps, ctx: RequestContext, input: HazardCreateBody): Promise<HazardView> {
  const r = await deps.db.transaction((tx) => createInTx(deps, tx, ctx, input));
  deps.events.publish(r.event);
  return getHazard(deps, ctx, r.id);
}

async function createInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, input: HazardCreateInput & Partial<HazardCreateExtra>) {
  const actor = requirePermission(ctx, 'hazard.create');
  const party = partyOrThrow(actor);
  const ent = await findEnterprise(tx, actor.scope, input.enterpriseId);
  if (!ent) throw notFound('企业');
  // 自查自改自报: an enterprise registers its own self-check findings; others come from government work.
  if (party === 'enterprise' && input.source !== 'self_check') throw invalidField('source', '企业只能登记自查发现的隐患（self_check）');
  const now = deps.clock.now();
  const foundAt = input.foundAt ? new Date(input.foundAt) : now;
  if (foundAt.getTime() > now.getTime() + 5 * 60_000) throw invalidField('foundAt', '发现时间不能晚于当前时间');
  const clause = checkClause(input.grade, input.standardRef);
  const before = input.photoFileIds ?? [];
  let after = input.afterPhotoFileIds ?? [];
  if (input.fixedOnSpot) {
    // 立查立改 only for 一般隐患 (16号令 Art.3: 重大隐患 need time and a plan to fix).
    if (input.grade !== '一般') throw invalidField('fixedOnSpot', '重大隐患不能立查立改，须制定治理方案并挂牌督办');
    if (after.length === 0 && before.length > 0) after = before.slice(-1);
    if (after.length === 0) throw invalidField('afterPhotoFileIds', '立查立改须上传整改后照片');
  }
  const photoIds = [...new Set([...before, ...after])];
  await checkOwnPhotos(tx, actor, photoIds, 'photoFileIds');
  const no = await repo.nextCodeNumber(tx);
  const code = `YH-${ent.e.regionCode.slice(0, 6)}-${chinaYear(foundAt)}-${String(no).padStart(6, '0')}`;
  const closed = !!input.fixedOnSpot;
  const row = await repo.insertHazard(tx, {
    code,
    source: input.source,
    originKind: input.origin?.kind ?? null,
    originId: input.origin?.id ?? null,
    originLabel: input.origin?.label ?? null,
    enterpriseId: ent.e.id,
    regionCode: ent.e.regionCode,
    sector: ent.e.sector,
    place: input.place,
    category: input.category,
    description: input.description,
    grade: input.grade,
    ...clause,
    status: closed ? 'closed' : 'reported',
    foundAt,
    foundBy: actor.userId,
    foundByName: actor.displayName,
    foundByUnit: actor.unitName ?? ent.e.name,
    fixedOnSpot: closed,
    fixNote: closed ? (input.fixNote ?? '现场立即整改完毕') : null,
    closedAt: closed ? now : null,
    closedByName: closed ? actor.displayName : null,
  });
  await repo.attachFiles(tx, row.id, [
    ...before.filter((id) => !after.includes(id)).map((fileId) => ({ fileId, kind: 'before' as const })),
    ...after.map((fileId) => ({ fileId, kind: 'after' as const })),
  ]);
  await repo.insertStep(tx, { hazardId: row.id, step: 'register', fromStatus: null, toStatus: 'reported', actorId: actor.userId, actorName: actor.displayName, comment: input.origin?.label ?? null });
  const audits = [{ action: 'hazard.create', entity: 'hazard', entityId: row.id, regionCode: row.regionCode, after: snapshot(row) }];
  if (closed) {
    await repo.insertStep(tx, { hazardId: row.id, step: 'fix_on_spot', fromStatus: 'reported', toStatus: 'closed', actorId: actor.userId, actorName: actor.displayName, comment: row.fixNote });
    audits.push({ action: 'hazard.fix_on_spot', entity: 'hazard', entityId: row.id, regionCode: row.regionCode, after: { status: 'closed', fixNote: row.fixNote, afterPhotos: after } as never });
  }
  await recordAudit(tx, ctx, audits);
  if (!closed && party === 'enterprise') {
    await notifyGovernment(tx, deps, row, `企业上报隐患待确认：${row.code}`, `${ent.e.name}：${row.description.slice(0, 60)}`);
  }
  const event = { type: 'hazard.created', regionCode: row.regionCode, sector: row.sector, enterpriseId: row.enterpriseId, payload: { id: row.id, code, status: row.status, grade: row.grade } };
  return { id: row.id, code, event };
}

/** Store one uploaded photo (or document) for a hazard about to be registered. */
export async function uploadHazardFile(deps: AppDeps, ctx: RequestContext, upload: { buffer: Buffer; fileName: string }, kind: 'photo' | 'document') {
  const actor = requirePermission(ctx, 'hazard.create');
  partyOrThrow(actor);
  return deps.db.transaction((tx) =>
    storeFile(tx, ctx, {
      name: upload.fileName,
      data: upload.buffer,
      purpose: kind === 'photo' ? PHOTO_PURPOSE : DOCUMENT_PURPOSE,
      allowed: kind === 'photo' ? IMAGE_KINDS : DOCUMENT_KINDS,
      maxBytes: PHOTO_MAX_BYTES,
      regionCode: actor.scope.kind === 'enterprise' ? actor.regionCode : null,
      enterpriseId: actor.enterpriseId,
    }),
  );
}

// ---------- notifications ----------

async function unitsFor(tx: DbOrTx, h: Pick<HazardRow, 'regionCode' | 'sector'>): Promise<string[]> {
  return responsibleUnitIds(tx, h);
}

async function notifyGovernment(tx: DbOrTx, deps: AppDeps, h: HazardRow, title: string, body: string) {
  for (const unitId of await unitsFor(tx, h)) {
    await notify(tx, deps, { unitId, kind: 'hazard', title, body, link: `/hazards/${h.id}`, dedupeKey: `${title}:${h.id}:${unitId}:${h.version}` });
  }
}

async function notifyEnterprise(tx: DbOrTx, deps: AppDeps, h: HazardRow, title: string, body: string) {
  const users = await rows<{ id: string }>(tx, sql`SELECT id FROM users WHERE enterprise_id = ${h.enterpriseId} AND active`);
  for (const u of users) {
    await notify(tx, deps, { userId: u.id, kind: 'hazard', title, body, link: `/hazards/${h.id}`, dedupeKey: `${title}:${h.id}:${u.id}:${h.version}` });
  }
}

// ---------- reading ----------

export async function getHazard(deps: AppDeps, ctx: RequestContext, id: string): Promise<HazardView> {
  const actor = requirePermission(ctx, 'hazard.read');
  const h = await repo.findHazard(deps.db, actor.scope, id);
  if (!h) throw notFound('隐患');
  const [entNames, flags, names, photos, actions, extensions, plan, supervision, resumptions, steps] = await Promise.all([
    enterpriseNames(deps, [h.enterpriseId]),
    creditFlagsOf(deps, [h.enterpriseId]),
    referenceNames(deps),
    repo.listFiles(deps.db, id),
    repo.listActions(deps.db, id),
    repo.listExtensions(deps.db, id),
    repo.findPlan(deps.db, id),
    repo.findSupervision(deps.db, id),
    repo.listResumptions(deps.db, id),
    repo.listSteps(deps.db, id),
  ]);
  const enterpriseName = entNames.get(h.enterpriseId) ?? '';
  const today = deps.clock.today();
  const clause = h.standardId && h.standardItem ? resolveClause({ standard: h.standardId, item: h.standardItem }) : undefined;
  const base = listItem(
    names,
    {
      id: h.id,
      code: h.code,
      status: h.status as HazardStatus,
      grade: h.grade as '一般' | '重大',
      source: h.source,
      enterprise_id: h.enterpriseId,
      enterprise_name: enterpriseName,
      region_code: h.regionCode,
      sector: h.sector,
      place: h.place,
      category: h.category,
      description: h.description,
      found_at: h.foundAt,
      deadline: h.deadline,
      supervision: h.supervision as 'listed' | 'delisted' | null,
      fixed_on_spot: h.fixedOnSpot,
      closed_at: h.closedAt,
      extension_pending: h.extensionPending,
      stop_production: h.stopProduction,
    },
    today,
    flags.get(h.enterpriseId),
  );
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    ...base,
    description: h.description,
    standardRef: clause?.ok ? { standard: clause.standard.id, standardName: clause.standard.name, item: clause.item.item, itemLabel: clause.item.label, text: clause.item.text } : null,
    origin: h.originKind && h.originId ? { kind: h.originKind, id: h.originId, ...(h.originLabel ? { label: h.originLabel } : {}) } : null,
    foundByName: h.foundByName,
    foundByUnit: h.foundByUnit,
    reportedAt: h.createdAt.toISOString(),
    confirmedAt: iso(h.confirmedAt),
    confirmedByName: h.confirmedByName,
    rectification: { measures: h.measures, responsiblePerson: h.responsiblePerson, funds: h.funds, deadline: h.deadline, emergencyPlan: h.emergencyPlan, startedAt: iso(h.rectifyStartedAt) },
    rectificationNote: h.rectificationNote,
    acceptanceRequestedAt: iso(h.acceptanceRequestedAt),
    closedByName: h.closedByName,
    acceptanceOpinion: h.acceptanceOpinion,
    fixNote: h.fixNote,
    productionState: h.productionState,
    version: h.version,
    photos: photos.map((p) => ({ fileId: p.fileId, kind: p.kind as 'before' | 'after' | 'document', name: p.name, createdAt: p.createdAt.toISOString() })),
    actions: actions.map((a) => ({ id: a.id, title: a.title, responsible: a.responsible, dueDate: a.dueDate, done: a.done, doneAt: iso(a.doneAt), note: a.note })),
    extensions: extensions.map((x) => ({
      id: x.id,
      oldDeadline: x.oldDeadline,
      newDeadline: x.newDeadline,
      reason: x.reason,
      status: x.status as 'pending' | 'approved' | 'rejected',
      requestedAt: x.requestedAt.toISOString(),
      requestedByName: x.requestedByName,
      decidedAt: iso(x.decidedAt),
      decidedByName: x.decidedByName,
      opinion: x.opinion,
    })),
    plan: plan
      ? {
          objectives: plan.objectives,
          methods: plan.methods,
          fundsMaterials: plan.fundsMaterials,
          organization: plan.organization,
          schedule: plan.schedule,
          safetyMeasures: plan.safetyMeasures,
          updatedAt: plan.updatedAt.toISOString(),
          updatedByName: plan.updatedByName,
        }
      : null,
    supervisionRecord: supervision
      ? {
          level: supervision.level,
          supervisingUnit: supervision.supervisingUnit,
          docNo: supervision.docNo,
          deadline: supervision.deadline,
          signedBy: supervision.signedBy,
          signedOn: supervision.signedOn,
          requirements: supervision.requirements,
          status: supervision.status as 'listed' | 'delisted',
          listedAt: supervision.listedAt.toISOString(),
          delistedAt: iso(supervision.delistedAt),
        }
      : null,
    resumptions: resumptions.map((x) => ({
      id: x.id,
      application: x.application,
      assessment: x.assessment,
      status: x.status as 'pending' | 'approved' | 'rejected',
      appliedAt: x.appliedAt.toISOString(),
      appliedByName: x.appliedByName,
      decidedAt: iso(x.decidedAt),
      decidedByName: x.decidedByName,
      opinion: x.opinion,
    })),
    steps: steps.map((s) => ({
      at: s.at.toISOString(),
      step: s.step,
      label: STEP_LABELS[s.step] ?? s.step,
      fromStatus: s.fromStatus,
      toStatus: s.toStatus,
      actorName: s.actorName,
      comment: s.comment,
    })),
    allowedSteps: allowedSteps(facts(h), partyOf(actor.roles)),
  };
}

const STEP_LABELS: Record<string, string> = {
  register: '登记上报',
  overdue: '标记超期',
  extension_decided: '延期审批',
  action_add: '新增整改措施',
  action_done: '整改措施完成',
  action_reopen: '整改措施重新打开',
  action_delete: '删除整改措施',
  photo_add: '上传照片',
  delist: '摘牌',
  ...Object.fromEntries(Object.entries(HAZARD_STEPS).map(([k, v]) => [k, v.label])),
};

export async function hazardHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requirePermission(ctx, 'hazard.read');
  const h = await repo.findHazard(deps.db, actor.scope, id);
  if (!h) throw notFound('隐患');
  return listAuditOfEntity(deps.db, 'hazard', id);
}

// ---------- the ledger ----------

const overdueSwept = new WeakMap<object, string>();

/**
 * The stored overdue flags (and so the counters) are exact once today's sweep has run; the list
 * runs it on first use each day, so the counters can answer overdue filters.
 */
export async function ensureOverdueSwept(deps: AppDeps): Promise<boolean> {
  const today = deps.clock.today();
  if (overdueSwept.get(deps.database) === today) return true;
  const r = await sweepOverdueFlags(deps, today);
  return r !== undefined;
}

export async function listHazards(deps: AppDeps, ctx: RequestContext, q: HazardQuery): Promise<HazardPage> {
  return listWithQuery(deps, requireActor(ctx), q);
}

/** With a free-text search: the enterprises whose name, credit code or address matches (at most 500). */
export async function enterprisesMatching(deps: AppDeps, text: string | undefined): Promise<string[] | undefined> {
  return text ? enterpriseIdsMatching(deps.database, text, 500) : undefined;
}

export async function listWithQuery(deps: AppDeps, actor: Actor, q: HazardQuery): Promise<HazardPage> {
  const today = deps.clock.today();
  const { page, pageSize, sort, ...filter } = q;
  const fresh = q.overdue === undefined ? true : await ensureOverdueSwept(deps);
  const f: repo.LedgerFilter = { ...filter, today, overdueFlagFresh: q.overdue !== undefined && fresh, qEnterpriseIds: await enterprisesMatching(deps, q.q) };
  const [r, names] = await Promise.all([repo.ledgerPage(deps.database, actor.scope, f, sort, page, pageSize, fresh), referenceNames(deps)]);
  // The page's enterprises only: names (cached) and 失信 entries (one query for the page's ids, never per row).
  const pageEnterprises = r.rows.map((x) => x.enterprise_id);
  const [ents, flags] = await Promise.all([enterpriseNames(deps, pageEnterprises), creditFlagsOf(deps, pageEnterprises)]);
  // The rows may be kept for other requests (ledgerPages): read, never changed here.
  return { items: r.rows.map((x) => listItem(names, x, today, flags.get(x.enterprise_id), ents.get(x.enterprise_id) ?? '')), total: r.total, totalExact: r.exact, page, pageSize };
}

// ---------- workflow steps ----------

interface StepResult {
  patch: Partial<HazardInsert>;
  comment?: string | null;
  audit?: Record<string, unknown>;
  after?: (tx: Tx, h: HazardRow) => Promise<void>;
}

/**
 * One workflow step: lock the hazard (in scope, else 404), check the state machine (409 naming
 * the state and the possible steps; 403 for the wrong party), run the step, record the timeline
 * and the audit row, and update the hazard last (its trigger updates the counters, so their rows
 * stay locked only until the commit).
 */
async function runStep(deps: AppDeps, ctx: RequestContext, id: string, step: HazardStep, fn: (tx: Tx, h: HazardRow, actor: Actor) => Promise<StepResult>, opts: { recordStep?: string } = {}): Promise<HazardView> {
  const actor = requirePermission(ctx, 'hazard.work');
  const party = partyOf(actor.roles);
  let event: Parameters<AppDeps['events']['publish']>[0] | undefined;
  await deps.db.transaction(async (tx) => {
    const h = await repo.lockHazard(tx, actor.scope, id);
    if (!h) throw notFound('隐患');
    const check = checkStep(step, facts(h), party);
    if (!check.ok) {
      if (check.reason === 'party') throw forbidden(check.message);
      throw conflict(check.message, { status: h.status, statusLabel: HAZARD_STATUS_LABELS[h.status as HazardStatus], allowedSteps: allowedSteps(facts(h), party) });
    }
    const r = await fn(tx, h, actor);
    const nextStatus = (r.patch.status ?? h.status) as HazardStatus;
    const nextDeadline = r.patch.deadline !== undefined ? r.patch.deadline : h.deadline;
    const patch: Partial<HazardInsert> = { ...r.patch, overdue: isOverdue(nextStatus, nextDeadline, deps.clock.today()) };
    await repo.insertStep(tx, {
      hazardId: id,
      step: opts.recordStep ?? step,
      fromStatus: h.status,
      toStatus: nextStatus,
      actorId: actor.userId,
      actorName: actor.displayName,
      comment: r.comment ?? null,
    });
    const afterRow = { ...h, ...patch, version: h.version + 1 } as HazardRow;
    await recordAudit(tx, ctx, {
      action: `hazard.${opts.recordStep ?? step}`,
      entity: 'hazard',
      entityId: id,
      regionCode: h.regionCode,
      before: snapshot(h),
      after: { ...snapshot(afterRow), ...(r.audit ? { detail: r.audit } : {}) },
    });
    const updated = await repo.updateHazardRow(tx, id, patch);
    if (r.after) await r.after(tx, updated);
    event = { type: `hazard.${step}`, regionCode: h.regionCode, sector: h.sector, enterpriseId: h.enterpriseId, payload: { id, code: h.code, status: updated.status } };
  });
  if (event) deps.events.publish(event);
  return getHazard(deps, ctx, id);
}

export async function confirmHazard(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ConfirmInput>) {
  return runStep(deps, ctx, id, 'confirm', async (_tx, _h, actor) => {
    const clause = checkClause(input.grade, input.standardRef);
    if (input.deadline) checkDeadline(input.deadline, 'deadline', deps.clock.today());
    return {
      patch: {
        status: 'confirmed',
        grade: input.grade,
        ...clause,
        ...(input.category ? { category: input.category } : {}),
        ...(input.deadline ? { deadline: input.deadline } : {}),
        confirmedAt: deps.clock.now(),
        confirmedByName: withUnit(actor.unitName, actor.displayName),
      },
      comment: [`定级：${input.grade}隐患`, input.deadline ? `限期 ${input.deadline} 前整改` : '', input.opinion ?? ''].filter(Boolean).join('；'),
      after: async (tx, h) => notifyEnterprise(tx, deps, h, `隐患已确认：${h.code}`, `${input.grade}隐患，请落实整改措施、责任、资金、时限和预案`),
    };
  });
}

export async function dismissHazard(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof OpinionInput>) {
  return runStep(deps, ctx, id, 'dismiss', async () => ({ patch: { status: 'dismissed', closedAt: deps.clock.now() }, comment: input.opinion }));
}

async function requireAfterPhoto(tx: DbOrTx, actor: Actor, h: HazardRow, ids: string[] | undefined, field: string): Promise<string[]> {
  const list = ids ?? [];
  await checkOwnPhotos(tx, actor, list, field);
  if (list.length === 0) {
    const existing = await repo.listFiles(tx, h.id);
    if (!existing.some((f) => f.kind === 'after')) throw invalidField(field, '请上传整改后的照片');
  }
  return list;
}

export async function fixOnSpot(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof FixOnSpotInput>) {
  return runStep(deps, ctx, id, 'fix_on_spot', async (tx, h, actor) => {
    const photos = await requireAfterPhoto(tx, actor, h, input.afterPhotoFileIds, 'afterPhotoFileIds');
    const open = await repo.openActions(tx, id);
    if (open.length) throw conflict(`还有 ${open.length} 项整改措施未完成（${open.map((a) => a.title).join('、')}），不能销号`);
    await repo.attachFiles(tx, id, photos.map((fileId) => ({ fileId, kind: 'after' as const })));
    return { patch: { status: 'closed', fixedOnSpot: true, fixNote: input.fixNote, closedAt: deps.clock.now(), closedByName: actor.displayName }, comment: input.fixNote, audit: { afterPhotos: photos } };
  });
}

async function validateRectification(tx: DbOrTx, h: HazardRow, input: RectificationInput, opts: { update: boolean; today: string }) {
  checkDeadline(input.deadline, 'deadline', opts.today);
  if (opts.update && h.deadline && input.deadline > h.deadline) {
    throw invalidField('deadline', `整改期限只能提前；推迟到 ${input.deadline} 请提交延期申请`);
  }
  if (!opts.update && h.grade === '重大' && !(await repo.findPlan(tx, h.id))) {
    // 16号令 Art.15: 重大事故隐患 须制定并实施治理方案.
    throw conflict('重大隐患须先制定治理方案（目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案）再开始整改');
  }
}

export async function startRectification(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof RectificationInput>) {
  return runStep(deps, ctx, id, 'start_rectification', async (tx, h) => {
    if (input.version !== undefined && input.version !== h.version) throw conflict('该隐患已被他人修改，请刷新后重试', { currentVersion: h.version });
    await validateRectification(tx, h, input, { update: false, today: deps.clock.today() });
    if (input.actions?.length) await repo.insertActions(tx, id, input.actions);
    return {
      patch: { status: 'rectifying', measures: input.measures, responsiblePerson: input.responsiblePerson, funds: input.funds, deadline: input.deadline, emergencyPlan: input.emergencyPlan, rectifyStartedAt: deps.clock.now() },
      comment: `五落实：责任人 ${input.responsiblePerson}，资金 ${input.funds} 元，期限 ${input.deadline}`,
    };
  });
}

export async function updateRectification(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof RectificationInput>) {
  return runStep(deps, ctx, id, 'update_rectification', async (tx, h) => {
    if (input.version !== undefined && input.version !== h.version) throw conflict('该隐患已被他人修改，请刷新后重试', { currentVersion: h.version });
    await validateRectification(tx, h, input, { update: true, today: deps.clock.today() });
    if (input.actions?.length) await repo.insertActions(tx, id, input.actions);
    return { patch: { measures: input.measures, responsiblePerson: input.responsiblePerson, funds: input.funds, deadline: input.deadline, emergencyPlan: input.emergencyPlan }, comment: '修改五落实' };
  });
}

async function refuseOpenActions(tx: DbOrTx, id: string, what: string) {
  const open = await repo.openActions(tx, id);
  if (open.length) {
    // DOMAIN.md: a hazard cannot be 销号 while any of its actions is open.
    throw conflict(`还有 ${open.length} 项整改措施未完成（${open.map((a) => `“${a.title}”`).join('、')}），不能${what}`, { openActions: open });
  }
}

export async function requestAcceptance(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof AcceptanceRequestInput>) {
  return runStep(deps, ctx, id, 'request_acceptance', async (tx, h, actor) => {
    await refuseOpenActions(tx, id, '申请验收');
    const photos = await requireAfterPhoto(tx, actor, h, input.afterPhotoFileIds, 'afterPhotoFileIds');
    await repo.attachFiles(tx, id, photos.map((fileId) => ({ fileId, kind: 'after' as const })));
    return {
      patch: { status: 'pending_acceptance', rectificationNote: input.rectificationNote, acceptanceRequestedAt: deps.clock.now() },
      comment: input.rectificationNote,
      after: async (t, row) => notifyGovernment(t, deps, row, `隐患整改完毕待验收：${row.code}`, input.rectificationNote.slice(0, 80)),
    };
  });
}

export async function acceptHazard(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof AcceptInput>) {
  return runStep(deps, ctx, id, 'accept', async (tx, h, actor) => {
    await refuseOpenActions(tx, id, '验收销号');
    const sup = h.supervision === 'listed';
    return {
      // 摘牌 on 销号: a listed 重大隐患 leaves the public list of current 挂牌 items.
      patch: { status: 'closed', closedAt: deps.clock.now(), closedByName: withUnit(actor.unitName, actor.displayName), acceptanceOpinion: input.opinion, ...(sup ? { supervision: 'delisted' } : {}) },
      comment: [input.opinion, input.acceptors ? `验收人员：${input.acceptors}` : ''].filter(Boolean).join('；'),
      audit: sup ? { delisted: true } : undefined,
      after: async (t, row) => {
        if (sup) {
          await repo.updateSupervision(t, id, { status: 'delisted', delistedAt: deps.clock.now() });
          await repo.insertStep(t, { hazardId: id, step: 'delist', fromStatus: 'closed', toStatus: 'closed', actorId: actor.userId, actorName: actor.displayName, comment: '销号摘牌' });
        }
        await notifyEnterprise(t, deps, row, `隐患验收通过已销号：${row.code}`, input.opinion);
      },
    };
  });
}

export async function rejectAcceptance(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof OpinionInput>) {
  return runStep(deps, ctx, id, 'reject', async () => ({
    patch: { status: 'rectifying', acceptanceOpinion: input.opinion },
    comment: input.opinion,
    after: async (t, row) => notifyEnterprise(t, deps, row, `隐患验收未通过：${row.code}`, input.opinion),
  }));
}

export async function requestExtension(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ExtensionRequestInput>) {
  return runStep(deps, ctx, id, 'request_extension', async (tx, h, actor) => {
    if (!h.deadline) throw conflict('该隐患尚未确定整改期限，无需申请延期');
    if (input.newDeadline <= h.deadline) throw invalidField('newDeadline', `延期后的期限应晚于当前期限（${h.deadline}）`);
    await repo.insertExtension(tx, { hazardId: id, oldDeadline: h.deadline, newDeadline: input.newDeadline, reason: input.reason, requestedBy: actor.userId, requestedByName: actor.displayName });
    return {
      patch: { extensionPending: true },
      comment: `申请延期至 ${input.newDeadline}：${input.reason}`,
      after: async (t, row) => notifyGovernment(t, deps, row, `隐患延期申请待审批：${row.code}`, `申请延期至 ${input.newDeadline}`),
    };
  });
}

export async function decideExtension(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ExtensionDecisionInput>) {
  return runStep(deps, ctx, id, 'decide_extension', async (tx, h, actor) => {
    const ext = await repo.pendingExtension(tx, id);
    if (!ext) throw conflict('没有待审批的延期申请');
    await repo.decideExtension(tx, ext.id, { status: input.approve ? 'approved' : 'rejected', decidedAt: deps.clock.now(), decidedByName: actor.displayName, opinion: input.opinion ?? null });
    const patch: Partial<HazardInsert> = { extensionPending: false };
    if (input.approve) patch.deadline = ext.newDeadline;
    return {
      patch,
      comment: `${input.approve ? '同意' : '不同意'}延期至 ${ext.newDeadline}${input.opinion ? `：${input.opinion}` : ''}`,
      audit: { extensionId: ext.id, approved: input.approve, newDeadline: ext.newDeadline },
      after: async (t, row) => {
        // The 挂牌督办 deadline follows an approved deferral (its history is the extension list).
        if (input.approve && h.supervision === 'listed') await repo.updateSupervision(t, id, { deadline: ext.newDeadline });
        await notifyEnterprise(t, deps, row, `延期申请${input.approve ? '已同意' : '未同意'}：${row.code}`, input.opinion ?? '');
      },
    };
  });
}

export async function regradeHazard(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof RegradeInput>) {
  return runStep(deps, ctx, id, 'regrade', async (_tx, h) => {
    if (input.grade === '一般' && h.supervision === 'listed') throw conflict('该隐患正在挂牌督办，不能降为一般隐患（销号时摘牌）');
    const clause = checkClause(input.grade, input.standardRef);
    return { patch: { grade: input.grade, ...clause }, comment: `由${h.grade}隐患改为${input.grade}隐患：${input.opinion}` };
  });
}

export async function addAction(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ActionCreateInput>) {
  return runStep(
    deps,
    ctx,
    id,
    'manage_actions',
    async (tx) => {
      const [a] = await repo.insertActions(tx, id, [input]);
      return { patch: {}, comment: input.title, audit: { actionId: a.id, title: a.title } };
    },
    { recordStep: 'action_add' },
  );
}

export async function updateAction(deps: AppDeps, ctx: RequestContext, id: string, actionId: string, input: Input<typeof ActionUpdateInput>) {
  return runStep(
    deps,
    ctx,
    id,
    'manage_actions',
    async (tx) => {
      const a = await repo.findAction(tx, id, actionId);
      if (!a) throw notFound('整改措施');
      await repo.updateAction(tx, id, actionId, { done: input.done, doneAt: input.done ? deps.clock.now() : null, note: input.note ?? a.note });
      return { patch: {}, comment: a.title, audit: { actionId, done: input.done } };
    },
    { recordStep: input.done ? 'action_done' : 'action_reopen' },
  );
}

export async function deleteAction(deps: AppDeps, ctx: RequestContext, id: string, actionId: string) {
  return runStep(
    deps,
    ctx,
    id,
    'manage_actions',
    async (tx) => {
      const a = await repo.findAction(tx, id, actionId);
      if (!a) throw notFound('整改措施');
      if (a.done) throw conflict('已完成的整改措施不能删除');
      await repo.deleteAction(tx, id, actionId);
      return { patch: {}, comment: a.title, audit: { actionId, title: a.title } };
    },
    { recordStep: 'action_delete' },
  );
}

export async function setPlan(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof GovernancePlanInput>) {
  return runStep(deps, ctx, id, 'set_plan', async (tx, _h, actor) => {
    await repo.upsertPlan(tx, { hazardId: id, ...input, updatedAt: deps.clock.now(), updatedByName: actor.displayName });
    return { patch: {}, comment: '制定/修改治理方案', audit: { plan: input } };
  });
}

export async function superviseHazard(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof SupervisionInput>) {
  return runStep(deps, ctx, id, 'supervise', async (tx, h) => {
    requirePermission(ctx, 'hazard.supervise');
    checkDeadline(input.deadline, 'deadline', deps.clock.today());
    if (input.signedOn > deps.clock.today()) throw invalidField('signedOn', '签发日期不能晚于今天');
    await repo.upsertSupervision(tx, { hazardId: id, regionCode: h.regionCode, ...input, requirements: input.requirements ?? null, status: 'listed', listedAt: deps.clock.now() });
    return {
      patch: { supervision: 'listed', ...(h.deadline && h.deadline > input.deadline ? { deadline: input.deadline } : {}), ...(!h.deadline ? { deadline: input.deadline } : {}) },
      comment: `${input.level}挂牌督办（${input.docNo}），督办单位 ${input.supervisingUnit}，期限 ${input.deadline}`,
      after: async (t, row) => notifyEnterprise(t, deps, row, `重大隐患${input.level}挂牌督办：${row.code}`, `督办文号 ${input.docNo}，期限 ${input.deadline}`),
    };
  });
}

export async function orderStop(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof StopOrderInput>) {
  return runStep(deps, ctx, id, 'order_stop', async () => ({
    patch: { stopProduction: input.kind, productionState: '停产治理' },
    comment: [input.kind, input.scope, input.docNo].filter(Boolean).join('；'),
  }));
}

export async function applyResume(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ResumeApplyInput>) {
  return runStep(deps, ctx, id, 'apply_resume', async (tx, _h, actor) => {
    const docs = input.documentFileIds ?? [];
    await checkOwnPhotos(tx, actor, docs, 'documentFileIds', [DOCUMENT_PURPOSE, PHOTO_PURPOSE]);
    await repo.attachFiles(tx, id, docs.map((fileId) => ({ fileId, kind: 'document' as const })));
    await repo.insertResumption(tx, { hazardId: id, application: input.application, assessment: input.assessment ?? null, appliedByName: actor.displayName });
    return {
      patch: { productionState: '申请复产' },
      comment: input.application.slice(0, 200),
      after: async (t, row) => notifyGovernment(t, deps, row, `复产申请待审批：${row.code}`, input.application.slice(0, 80)),
    };
  });
}

export async function decideResume(deps: AppDeps, ctx: RequestContext, id: string, input: Input<typeof ResumeDecisionInput>) {
  return runStep(deps, ctx, id, 'decide_resume', async (tx, _h, actor) => {
    const app = await repo.pendingResumption(tx, id);
    if (!app) throw conflict('没有待审批的复产申请');
    await repo.decideResumption(tx, app.id, { status: input.approve ? 'approved' : 'rejected', decidedAt: deps.clock.now(), decidedByName: actor.displayName, opinion: input.opinion });
    return {
      patch: { productionState: input.approve ? '已复产' : '停产治理' },
      comment: `${input.approve ? '同意' : '不同意'}恢复生产：${input.opinion}`,
      after: async (t, row) => notifyEnterprise(t, deps, row, `复产申请${input.approve ? '已同意' : '未同意'}：${row.code}`, input.opinion),
    };
  });
}

/** Upload a photo (before/after) or a document straight onto a hazard. */
export async function addHazardFile(deps: AppDeps, ctx: RequestContext, id: string, upload: { buffer: Buffer; fileName: string; fields: Record<string, string> }) {
  const kind = upload.fields.kind ?? 'before';
  if (!['before', 'after', 'document'].includes(kind)) throw invalidField('kind', '应为 before（整改前）、after（整改后）或 document（材料）');
  return runStep(
    deps,
    ctx,
    id,
    'add_photo',
    async (tx, h) => {
      const f = await storeFile(tx, ctx, {
        name: upload.fileName,
        data: upload.buffer,
        purpose: kind === 'document' ? DOCUMENT_PURPOSE : PHOTO_PURPOSE,
        allowed: kind === 'document' ? DOCUMENT_KINDS : IMAGE_KINDS,
        maxBytes: PHOTO_MAX_BYTES,
        regionCode: h.regionCode,
        enterpriseId: h.enterpriseId,
      });
      await repo.attachFiles(tx, id, [{ fileId: f.id, kind: kind as 'before' | 'after' | 'document' }]);
      return { patch: {}, comment: `${kind === 'before' ? '整改前照片' : kind === 'after' ? '整改后照片' : '材料'}：${f.name}`, audit: { fileId: f.id, kind, name: f.name } };
    },
    { recordStep: 'photo_add' },
  );
}

// ---------- overdue (job, idempotent; also run on first use each day) ----------

/** Mark hazards overdue whose deadline passed (and clear moved ones); remind the units once per day. */
export async function sweepOverdueFlags(deps: AppDeps, today = deps.clock.today()) {
  const r = await runExclusive(deps, 'hazard.overdue', async (tx) => {
    const res = await repo.sweepOverdue(tx, today);
    if (res.newly.length || res.cleared) {
      await recordAudit(tx, SYSTEM_CONTEXT, { action: 'hazard.overdue_sweep', entity: 'hazard', entityId: null, regionCode: null, after: { today, newlyOverdue: res.newly.length, cleared: res.cleared, codes: res.newly.slice(0, 50).map((h) => h.code) } });
    }
    // One reminder per unit and day: the street and the supervising department of each new overdue hazard.
    if (res.newly.length && (await claimRun(tx, 'hazard.overdue.remind', today))) {
      const byUnit = new Map<string, number>();
      const names = await referenceNames(deps);
      const streets = (await streetUnits(tx)).map((u) => ({ id: u.id, region_code: u.regionCode }));
      for (const h of res.newly) {
        for (const u of [names.departments.get(h.sector), streets.find((s) => s.region_code === h.region_code)?.id]) if (u) byUnit.set(u, (byUnit.get(u) ?? 0) + 1);
      }
      for (const [unitId, n] of [...byUnit].slice(0, 500)) {
        await notify(tx, deps, { unitId, kind: 'hazard.overdue', title: `新增 ${n} 条超期未整改隐患`, body: `截至 ${today}，辖区/行业内有隐患超过整改期限`, link: '/hazards?overdue=true', dedupeKey: `hazard.overdue:${today}:${unitId}` });
      }
    }
    return res;
  });
  if (r) overdueSwept.set(deps.database, today);
  return r;
}

