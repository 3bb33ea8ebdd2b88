import type { DbOrTx } from '../../db';
import { can, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import { maskPhone } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound, validationError } from '../../platform/errors';
import { DOCUMENT_KINDS, storeFile, type Upload } from '../../platform/files';
import { requireEnterpriseInScope } from '../org';
import {
  type FilingFields,
  type HazardSourceCreate,
  type HazardSourceQuery,
  type HazardSourceUpdate,
  type HazardSourceView,
} from '../../../shared/contracts/risk';
import type { PageResult } from '../../../shared/contracts/common';
import { evaluateSource, type SourceEvaluation, type SubstanceLineInput } from '../../../shared/risk';
import * as repo from './major-hazard.repo';
import type { InstallationRow, SourceJoined, SourceRow, SubstanceRow } from './major-hazard.repo';
import { lockEnterpriseForRisk } from './risk.repo';
import { loadRules, refreshEnterpriseLevels } from './risk.service';

// ---------- presentation ----------

export function presentSource(
  deps: AppDeps,
  actor: Actor | null,
  j: SourceJoined,
  detail?: { substances: SubstanceRow[]; installations: InstallationRow[]; filings: Awaited<ReturnType<typeof repo.listFilings>>; evaluations: Awaited<ReturnType<typeof repo.listEvaluations>> },
  opts: { forceMask?: boolean } = {},
): HazardSourceView {
  const s = j.s;
  const clear = !opts.forceMask && can(actor, 'pii.read');
  const phone = (enc: string | null) => {
    const p = deps.cipher.decrypt(enc);
    return clear ? p : maskPhone(p);
  };
  return {
    id: s.id,
    enterpriseId: s.enterpriseId,
    enterpriseName: j.enterpriseName,
    regionCode: s.regionCode,
    regionName: j.regionName ?? s.regionCode,
    sector: s.sector,
    code: s.code,
    name: s.name,
    unitKind: s.unitKind,
    location: s.location,
    peopleExposed: s.peopleExposed,
    alpha: s.alpha,
    S: s.sValue,
    R: s.rValue,
    isMajor: s.isMajor,
    grade: s.grade,
    status: s.status,
    mainName: s.mainName,
    mainPhone: phone(s.mainPhoneEnc),
    techName: s.techName,
    techPhone: phone(s.techPhoneEnc),
    opName: s.opName,
    opPhone: phone(s.opPhoneEnc),
    phonesMasked: !clear,
    evaluatedOn: s.evaluatedOn,
    substanceCount: j.substanceCount,
    ...(detail
      ? {
          substances: detail.substances.map((x) => ({
            id: x.id,
            catalogId: x.catalogId,
            name: x.name,
            cas: x.cas,
            symbol: x.symbol,
            hazardClass: x.hazardClass,
            quantity: x.quantity,
            criticalQuantity: x.criticalQuantity,
            qSource: x.qSource,
            beta: x.beta,
            betaSource: x.betaSource,
            ratio: x.quantity / x.criticalQuantity,
          })),
          installations: detail.installations.map((i) => ({ id: i.id, tag: i.tag, name: i.name, kind: i.kind, medium: i.medium, capacity: i.capacity, status: i.status })),
          filings: detail.filings.map(({ f, fileName }) => ({
            id: f.id,
            filingNo: f.filingNo,
            filedOn: f.filedOn,
            authority: f.authority,
            note: f.note,
            file: f.fileId ? { id: f.fileId, name: fileName ?? '附件' } : null,
            createdAt: f.createdAt.toISOString(),
          })),
          evaluations: detail.evaluations.map((e) => ({
            id: e.id,
            evaluatedOn: e.evaluatedOn,
            reason: e.reason,
            peopleExposed: e.peopleExposed,
            alpha: e.alpha,
            S: e.sValue,
            R: e.rValue,
            grade: e.grade,
            isMajor: e.isMajor,
            note: e.note,
            createdAt: e.createdAt.toISOString(),
          })),
        }
      : {}),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** What the audit log keeps: phones stay out (only whether they are set). */
function sourceSnapshot(s: SourceRow, substances: { name: string; quantity: number; criticalQuantity: number; beta: number }[], installations: InstallationRow[]) {
  const { mainPhoneEnc, techPhoneEnc, opPhoneEnc, createdAt: _c, ...rest } = s;
  return {
    ...rest,
    mainPhoneSet: !!mainPhoneEnc,
    techPhoneSet: !!techPhoneEnc,
    opPhoneSet: !!opPhoneEnc,
    substances: substances.map((x) => ({ name: x.name, q: x.quantity, Q: x.criticalQuantity, beta: x.beta })),
    installations: installations.map((i) => ({ id: i.id, tag: i.tag, name: i.name, kind: i.kind, status: i.status })),
  };
}

// ---------- queries ----------

export async function listHazardSources(deps: AppDeps, ctx: RequestContext, q: HazardSourceQuery): Promise<PageResult<HazardSourceView>> {
  const actor = requireActor(ctx);
  const { rows, total } = await repo.listSources(deps.db, actor.scope, q);
  return { items: rows.map((r) => presentSource(deps, actor, r, undefined, { forceMask: true })), total, page: q.page, pageSize: q.pageSize };
}

export async function getHazardSource(deps: AppDeps, ctx: RequestContext, id: string): Promise<HazardSourceView> {
  const actor = requireActor(ctx);
  const j = await repo.findSource(deps.db, actor.scope, id);
  if (!j) throw notFound('重大危险源');
  const [substances, installations, filings, evaluations] = await Promise.all([
    repo.listSubstances(deps.db, id),
    repo.listInstallations(deps.db, id),
    repo.listFilings(deps.db, id),
    repo.listEvaluations(deps.db, id),
  ]);
  return presentSource(deps, actor, j, { substances, installations, filings, evaluations });
}

export async function hazardSourceHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  if (!(await repo.findSource(deps.db, actor.scope, id))) throw notFound('重大危险源');
  return listAuditOfEntity(deps.db, 'major_hazard_source', id);
}

// ---------- mutations ----------

function evaluateOrThrow(peopleExposed: unknown, substances: SubstanceLineInput[]): SourceEvaluation {
  const r = evaluateSource({ peopleExposed, substances });
  if (!r.ok) throw validationError(r.issues);
  return r.value;
}

const linesToInsert = (ev: SourceEvaluation) =>
  ev.lines.map((l) => ({ catalogId: l.catalogId, name: l.name, cas: l.cas, symbol: l.symbol, hazardClass: l.hazardClass, quantity: l.quantity, criticalQuantity: l.criticalQuantity, qSource: l.qSource, beta: l.beta, betaSource: l.betaSource }));

const storedToInput = (rows: SubstanceRow[]): SubstanceLineInput[] => rows.map((r) => (r.catalogId ? { catalogId: r.catalogId, symbol: r.symbol, quantity: r.quantity } : { name: r.name, cas: r.cas, symbol: r.symbol, quantity: r.quantity }));

type InstallationInput = NonNullable<HazardSourceCreate['installations']>[number];

function checkInstallationTags(list: InstallationInput[]) {
  const seen = new Map<string, number>();
  list.forEach((i, k) => {
    if (seen.has(i.tag)) throw invalidField(`installations.${k}.tag`, `位号 ${i.tag} 与第 ${seen.get(i.tag)! + 1} 个设施重复`);
    seen.set(i.tag, k);
  });
}

/** Upsert installations by id: ids never change and rows are never deleted (sensors reference them). */
async function saveInstallations(tx: DbOrTx, source: SourceRow, list: InstallationInput[], existing: InstallationRow[]): Promise<InstallationRow[]> {
  const byId = new Map(existing.map((i) => [i.id, i]));
  const kept = new Set<string>();
  // Free the tags first so that swapping two tags does not hit the unique index mid-way.
  for (const [k, i] of list.entries()) {
    if (i.id && !byId.has(i.id)) throw invalidField(`installations.${k}.id`, '该设施不属于本重大危险源');
  }
  for (const e of existing) await repo.updateInstallation(tx, e.id, { tag: `~${e.id}` });
  for (const i of list) {
    const values = { tag: i.tag, name: i.name, kind: i.kind, medium: i.medium ?? '', capacity: i.capacity ?? '', status: i.status ?? '在用', regionCode: source.regionCode, sector: source.sector };
    if (i.id) {
      kept.add(i.id);
      await repo.updateInstallation(tx, i.id, values);
    } else await repo.insertInstallation(tx, { ...values, sourceId: source.id, enterpriseId: source.enterpriseId });
  }
  // Left out of the list: kept (stable id) but taken out of use, with its old tag back.
  for (const e of existing.filter((x) => !kept.has(x.id))) await repo.updateInstallation(tx, e.id, { tag: e.tag, status: '停用' });
  return repo.listInstallations(tx, source.id);
}

export async function createHazardSource(deps: AppDeps, ctx: RequestContext, input: HazardSourceCreate): Promise<HazardSourceView> {
  const actor = requireActor(ctx);
  const enterpriseId = input.enterpriseId ?? (actor.scope.kind === 'enterprise' ? actor.scope.enterpriseId : undefined);
  if (!enterpriseId) throw invalidField('enterpriseId', '请选择重大危险源所属企业');
  const ent = await requireEnterpriseInScope(deps, ctx, enterpriseId);
  // Q, β, α, S, R and the grade: computed here from the substances, never taken from the client.
  const ev = evaluateOrThrow(input.peopleExposed, input.substances as SubstanceLineInput[]);
  checkInstallationTags(input.installations ?? []);
  const id = await deps.db.transaction(async (tx) => {
    await lockEnterpriseForRisk(tx, enterpriseId);
    const code = input.code ?? (await repo.nextSourceCode(tx, enterpriseId));
    if (await repo.sourceCodeTaken(tx, enterpriseId, code)) throw new AppError('CONFLICT', `重大危险源编号 ${code} 已被本企业使用`, [{ path: 'code', message: '编号已存在' }]);
    const today = deps.clock.today();
    const source = await repo.insertSource(tx, {
      enterpriseId,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      code,
      name: input.name,
      unitKind: input.unitKind,
      location: input.location ?? '',
      peopleExposed: ev.peopleExposed,
      alpha: ev.alpha,
      sValue: ev.S,
      rValue: ev.R,
      isMajor: ev.isMajor,
      grade: ev.grade,
      mainName: input.mainName,
      mainPhoneEnc: deps.cipher.encrypt(input.mainPhone),
      techName: input.techName,
      techPhoneEnc: deps.cipher.encrypt(input.techPhone),
      opName: input.opName,
      opPhoneEnc: deps.cipher.encrypt(input.opPhone),
      evaluatedOn: today,
      createdBy: actor.userId,
    });
    const substances = await repo.replaceSubstances(tx, source, linesToInsert(ev));
    const installations = await saveInstallations(tx, source, input.installations ?? [], []);
    await repo.insertEvaluation(tx, { sourceId: source.id, enterpriseId, regionCode: source.regionCode, sector: source.sector, evaluatedOn: today, reason: '登记', peopleExposed: ev.peopleExposed, alpha: ev.alpha, sValue: ev.S, rValue: ev.R, isMajor: ev.isMajor, grade: ev.grade, substances: linesToInsert(ev), createdBy: actor.userId });
    await recordAudit(tx, ctx, { action: 'major_hazard.create', entity: 'major_hazard_source', entityId: source.id, regionCode: source.regionCode, after: sourceSnapshot(source, substances, installations) });
    await refreshEnterpriseLevels(tx, ctx, [enterpriseId], (await loadRules(tx)).rules);
    return source.id;
  });
  return getHazardSource(deps, ctx, id);
}

export async function updateHazardSource(deps: AppDeps, ctx: RequestContext, id: string, input: HazardSourceUpdate): Promise<HazardSourceView> {
  const actor = requireActor(ctx);
  const found = await repo.findSource(deps.db, actor.scope, id);
  if (!found) throw notFound('重大危险源');
  if (input.installations) checkInstallationTags(input.installations);
  // Validate the new numbers before opening the transaction (the same check runs again inside).
  if (input.substances !== undefined || input.peopleExposed !== undefined) {
    const stored = input.substances === undefined ? storedToInput(await repo.listSubstances(deps.db, id)) : (input.substances as SubstanceLineInput[]);
    evaluateOrThrow(input.peopleExposed === undefined ? found.s.peopleExposed : input.peopleExposed, stored);
  }
  await deps.db.transaction(async (tx) => {
    const ent = await lockEnterpriseForRisk(tx, found.s.enterpriseId);
    const before = await repo.lockSource(tx, actor.scope, id);
    if (!before || !ent) throw notFound('重大危险源');
    if (input.version !== undefined && input.version !== before.version) throw new AppError('CONFLICT', '该重大危险源已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    if (input.code && input.code !== before.code && (await repo.sourceCodeTaken(tx, before.enterpriseId, input.code, id))) {
      throw new AppError('CONFLICT', `重大危险源编号 ${input.code} 已被本企业使用`, [{ path: 'code', message: '编号已存在' }]);
    }
    const substancesBefore = await repo.listSubstances(tx, id);
    const installationsBefore = await repo.listInstallations(tx, id);
    const reevaluate = input.substances !== undefined || input.peopleExposed !== undefined || input.review === true;
    const ev = reevaluate ? evaluateOrThrow(input.peopleExposed ?? before.peopleExposed, input.substances !== undefined ? (input.substances as SubstanceLineInput[]) : storedToInput(substancesBefore)) : undefined;
    const today = deps.clock.today();
    const { version: _v, substances: _s, installations: inst, review, reviewNote, mainPhone, techPhone, opPhone, peopleExposed: _p, ...rest } = input;
    const values: Partial<repo.SourceInsert> = { ...rest, regionCode: ent.regionCode, sector: ent.sector };
    if (mainPhone !== undefined) values.mainPhoneEnc = deps.cipher.encrypt(mainPhone);
    if (techPhone !== undefined) values.techPhoneEnc = deps.cipher.encrypt(techPhone);
    if (opPhone !== undefined) values.opPhoneEnc = deps.cipher.encrypt(opPhone);
    if (ev) Object.assign(values, { peopleExposed: ev.peopleExposed, alpha: ev.alpha, sValue: ev.S, rValue: ev.R, isMajor: ev.isMajor, grade: ev.grade, evaluatedOn: today });
    const after = await repo.updateSourceRow(tx, id, values);
    if (after.regionCode !== before.regionCode || after.sector !== before.sector) await repo.syncSourceScopeColumns(tx, after);
    const substancesAfter = ev && input.substances !== undefined ? await repo.replaceSubstances(tx, after, linesToInsert(ev)) : substancesBefore;
    const installationsAfter = inst ? await saveInstallations(tx, after, inst, installationsBefore) : installationsBefore;
    if (ev) {
      const changed = ev.S !== before.sValue || ev.R !== before.rValue || ev.grade !== before.grade || input.substances !== undefined;
      await repo.insertEvaluation(tx, {
        sourceId: id,
        enterpriseId: after.enterpriseId,
        regionCode: after.regionCode,
        sector: after.sector,
        evaluatedOn: today,
        reason: review && !changed ? '复核' : '变更',
        peopleExposed: ev.peopleExposed,
        alpha: ev.alpha,
        sValue: ev.S,
        rValue: ev.R,
        isMajor: ev.isMajor,
        grade: ev.grade,
        substances: linesToInsert(ev),
        note: reviewNote ?? null,
        createdBy: actor.userId,
      });
    }
    await recordAudit(tx, ctx, {
      action: review ? 'major_hazard.review' : 'major_hazard.update',
      entity: 'major_hazard_source',
      entityId: id,
      regionCode: after.regionCode,
      before: sourceSnapshot(before, substancesBefore, installationsBefore),
      after: sourceSnapshot(after, substancesAfter, installationsAfter),
    });
    await refreshEnterpriseLevels(tx, ctx, [after.enterpriseId], (await loadRules(tx)).rules);
  });
  return getHazardSource(deps, ctx, id);
}

/** A 备案 record, with an optional scanned attachment (PDF, image, Word). */
export async function addFiling(deps: AppDeps, ctx: RequestContext, id: string, input: FilingFields, upload?: Upload): Promise<HazardSourceView> {
  const actor = requireActor(ctx);
  if (input.filedOn > deps.clock.today()) throw invalidField('filedOn', '备案日期不能晚于今天');
  const found = await repo.findSource(deps.db, actor.scope, id);
  if (!found) throw notFound('重大危险源');
  await deps.db.transaction(async (tx) => {
    const source = await repo.lockSource(tx, actor.scope, id);
    if (!source) throw notFound('重大危险源');
    const file = upload
      ? await storeFile(tx, ctx, { name: upload.fileName, data: upload.buffer, purpose: 'risk.filing', allowed: DOCUMENT_KINDS, maxBytes: deps.config.uploadMaxBytes, regionCode: source.regionCode, enterpriseId: source.enterpriseId })
      : null;
    const filing = await repo.insertFiling(tx, { sourceId: id, enterpriseId: source.enterpriseId, regionCode: source.regionCode, sector: source.sector, filingNo: input.filingNo, filedOn: input.filedOn, authority: input.authority, note: input.note ?? null, fileId: file?.id ?? null, createdBy: actor.userId });
    await recordAudit(tx, ctx, { action: 'major_hazard.filing', entity: 'major_hazard_source', entityId: id, regionCode: source.regionCode, after: { filingId: filing.id, filingNo: filing.filingNo, filedOn: filing.filedOn, authority: filing.authority, file: file ? { id: file.id, name: file.name } : null } });
  });
  return getHazardSource(deps, ctx, id);
}

/** May the actor read a filing attachment? Whoever sees the source. */
export async function canReadFilingFile(deps: AppDeps, ctx: RequestContext, fileId: string): Promise<boolean> {
  const actor = ctx.actor;
  if (!actor) return false;
  const sourceId = await repo.filingSourceOfFile(deps.db, fileId);
  return !!sourceId && !!(await repo.findSource(deps.db, actor.scope, sourceId));
}
