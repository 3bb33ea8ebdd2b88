import type { Tx } from '../../db';
import { recordAudit } from '../../platform/audit';
import { requirePermission, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { findEnterprise } from '../org';
import type { CaseOpenInput, CaseStepInput, CaseView, DiscretionView, DocumentIssueInput, LegalReviewInput } from '../../../shared/contracts/inspection';
import { CASE_DOCUMENTS, CASE_STATUS_LABELS, DEFAULT_DISCRETION, DOCUMENT_LABELS, MAJOR_DECISION_FINE, type CaseStatus, type Circumstance } from '../../../shared/inspection/rules';
import { chinaYear } from '../../../shared/time';
import { actorOf, unitDirectory } from './inspection.common';
import { issueDocumentInTx } from './inspection.documents';
import * as repo from './inspection.repo';

/**
 * 行政执法案件: 立案 → 调查取证 → (拟处罚意见; 重大执法决定 → 法制审核) → 决定 → 执行 → 结案.
 * Every step is an event of the case (执法全过程记录) and an audit row, in the step's transaction.
 */

const STEP_LABELS: Record<string, string> = {
  file: '立案',
  investigate: '调查取证',
  propose: '拟处罚意见',
  legal_review: '法制审核',
  decide: '作出决定',
  execute: '执行',
  close: '结案',
  document: '制作文书',
};

/**
 * Open a case inside the caller's transaction (other modules: e.g. the public-report module opens
 * one from a verified report). The enterprise must be in the actor's scope; the case belongs to the
 * enterprise's supervising department (一企一执法主体).
 */
export async function openEnforcementCaseInTx(tx: Tx, deps: AppDeps, ctx: RequestContext, input: CaseOpenInput): Promise<{ id: string; code: string }> {
  const actor = requirePermission(ctx, 'inspection.case');
  const ent = await findEnterprise(tx, actor.scope, input.enterpriseId);
  if (!ent) throw notFound('企业');
  const now = deps.clock.now();
  const prefix = `AJ-${chinaYear(now)}-`;
  await repo.lockCodes(tx, 'enforcement_case_code');
  const code = `${prefix}${String(await repo.nextNumber(tx, 'enforcement_cases', prefix)).padStart(4, '0')}`;
  const row = await repo.insertCase(tx, {
    code,
    enterpriseId: ent.e.id,
    regionCode: ent.e.regionCode,
    sector: ent.e.sector,
    unitId: ent.supervisingUnitId,
    source: input.source,
    sourceRef: input.sourceRef ?? null,
    summary: input.summary,
    status: 'filed',
    handlerId: actor.userId,
    handlerName: actor.displayName,
    filedOn: deps.clock.today(),
    createdAt: now,
  });
  await repo.insertEvent(tx, { caseId: row.id, step: 'file', actorId: actor.userId, actorName: actor.displayName, at: now, note: input.summary });
  await recordAudit(tx, ctx, { action: 'inspection.case_open', entity: 'enforcement_case', entityId: row.id, regionCode: row.regionCode, after: { code, source: input.source, sourceRef: input.sourceRef } });
  return { id: row.id, code };
}

export async function openCase(deps: AppDeps, ctx: RequestContext, input: CaseOpenInput): Promise<CaseView> {
  const r = await deps.db.transaction((tx) => openEnforcementCaseInTx(tx, deps, ctx, input));
  return getCase(deps, ctx, r.id);
}

export async function discretionTable(deps: AppDeps, db: AppDeps['db'] | Tx = deps.db): Promise<DiscretionView[]> {
  const rows = await repo.listDiscretion(db);
  const list = rows.length ? rows : DEFAULT_DISCRETION;
  return list.map((r) => ({ code: r.code, violation: r.violation, article: r.article, basis: r.basis, ranges: r.ranges as DiscretionView['ranges'] }));
}

/** Inside a transaction, read with its connection (never the pool while holding a row lock). */
async function discretionRow(deps: AppDeps, tx: Tx, code: string) {
  return (await discretionTable(deps, tx)).find((r) => r.code === code);
}

const money = (n: number) => `${n.toLocaleString('zh-CN')} 元`;

export async function caseStep(deps: AppDeps, ctx: RequestContext, id: string, input: CaseStepInput): Promise<CaseView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const c = await repo.lockCase(tx, actor.scope, id);
    if (!c) throw notFound('案件');
    const now = deps.clock.now();
    const need = (...s: CaseStatus[]) => {
      if (!s.includes(c.status as CaseStatus)) throw conflict(`案件当前为“${CASE_STATUS_LABELS[c.status as CaseStatus]}”，不能${STEP_LABELS[input.step]}`);
    };
    const patch: Parameters<typeof repo.updateCase>[2] = { version: c.version + 1 };
    let note = input.note ?? '';
    switch (input.step) {
      case 'investigate':
        need('filed', 'investigating');
        patch.status = 'investigating';
        break;
      case 'propose': {
        need('investigating', 'legal_review');
        const row = await discretionRow(deps, tx, input.violationCode!);
        if (!row) throw invalidField('violationCode', '裁量基准中没有该违法行为');
        const [min, max] = row.ranges[input.circumstance!];
        const fine = input.fineAmount!;
        // 裁量基准: the amount must fall within the range of the chosen circumstance.
        if (fine < min || fine > max) {
          throw invalidField('fineAmount', `罚款金额 ${money(fine)} 不在裁量范围内：“${row.violation}”情节${input.circumstance}的罚款为 ${money(min)} 至 ${money(max)}（${row.basis}）`);
        }
        const major = fine >= MAJOR_DECISION_FINE;
        Object.assign(patch, { violationCode: row.code, circumstance: input.circumstance, fineAmount: fine, major, reviewPassed: null, reviewerName: null, reviewOpinion: null, status: major ? 'legal_review' : 'investigating' });
        note = `${row.violation}（${row.article}；${row.basis}），情节${input.circumstance}，拟罚款 ${money(fine)}${major ? '；属重大执法决定，提交法制审核' : ''}${note ? `。${note}` : ''}`;
        break;
      }
      case 'decide':
        need('investigating', 'legal_review');
        if (!c.violationCode || c.fineAmount === null) throw conflict('请先提出拟处罚意见（违法行为、情节与罚款金额）');
        // 执法三项制度: a 重大执法决定 is made only after 法制审核 passed.
        if (c.major && c.reviewPassed !== true) throw conflict('重大执法决定须经法制审核通过后方可作出');
        Object.assign(patch, { status: 'decided', decidedOn: deps.clock.today() });
        break;
      case 'execute':
        need('decided');
        patch.status = 'executing';
        break;
      case 'close':
        need('decided', 'executing');
        Object.assign(patch, { status: 'closed', closedOn: deps.clock.today() });
        break;
    }
    await repo.updateCase(tx, id, patch);
    await repo.insertEvent(tx, { caseId: id, step: input.step, actorId: actor.userId, actorName: actor.displayName, at: now, note });
    await recordAudit(tx, ctx, { action: `inspection.case_${input.step}`, entity: 'enforcement_case', entityId: id, regionCode: c.regionCode, before: { status: c.status }, after: { ...patch, note } });
  });
  return getCase(deps, ctx, id);
}

export async function legalReview(deps: AppDeps, ctx: RequestContext, id: string, input: LegalReviewInput): Promise<CaseView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const c = await repo.lockCase(tx, actor.scope, id);
    if (!c) throw notFound('案件');
    if (c.status !== 'legal_review') throw conflict('案件不在法制审核阶段');
    if (c.reviewPassed === true) throw conflict('法制审核已通过');
    // The reviewer is not the handler nor whoever proposed the decision.
    const events = await repo.eventsOf(tx, id);
    if (c.handlerId === actor.userId || events.some((e) => e.step === 'propose' && e.actorId === actor.userId)) throw forbidden('法制审核须由承办人以外的人员进行');
    const now = deps.clock.now();
    await repo.updateCase(tx, id, { reviewPassed: input.passed, reviewerName: actor.displayName, reviewOpinion: input.opinion, status: input.passed ? 'legal_review' : 'investigating', version: c.version + 1 });
    await repo.insertEvent(tx, { caseId: id, step: 'legal_review', actorId: actor.userId, actorName: actor.displayName, at: now, note: `${input.passed ? '审核通过' : '审核不通过，退回调查'}：${input.opinion}` });
    await recordAudit(tx, ctx, { action: 'inspection.case_legal_review', entity: 'enforcement_case', entityId: id, regionCode: c.regionCode, after: input });
  });
  return getCase(deps, ctx, id);
}

export async function issueCaseDocument(deps: AppDeps, ctx: RequestContext, id: string, input: DocumentIssueInput): Promise<CaseView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const c = await repo.lockCase(tx, actor.scope, id);
    if (!c) throw notFound('案件');
    const allowed = CASE_DOCUMENTS[input.kind];
    if (!allowed) throw invalidField('kind', `${DOCUMENT_LABELS[input.kind]}随现场检查生成，不能在案件中制作`);
    if (!allowed.includes(c.status as CaseStatus)) throw conflict(`案件当前为“${CASE_STATUS_LABELS[c.status as CaseStatus]}”，不能制作${DOCUMENT_LABELS[input.kind]}`);
    if ((input.kind === 'penalty_notice' || input.kind === 'penalty_decision') && (!c.violationCode || c.fineAmount === null)) throw conflict('请先提出拟处罚意见');
    if (input.kind === 'penalty_notice' && c.major && c.reviewPassed !== true) throw conflict('重大执法决定须经法制审核通过后方可告知');
    const row = c.violationCode ? await discretionRow(deps, tx, c.violationCode) : undefined;
    const doc = await issueDocumentInTx(deps, tx, ctx, { kind: input.kind, case: c, data: { note: input.note, violation: row?.violation, article: row?.article, basis: row?.basis } });
    await repo.insertEvent(tx, { caseId: id, step: 'document', actorId: actor.userId, actorName: actor.displayName, at: deps.clock.now(), note: `${DOCUMENT_LABELS[input.kind]} ${doc.number}`, documentId: doc.id });
  });
  return getCase(deps, ctx, id);
}

export async function getCase(deps: AppDeps, ctx: RequestContext, id: string): Promise<CaseView> {
  const actor = actorOf(ctx);
  const c = await repo.findCase(deps.db, actor.scope, id);
  if (!c) throw notFound('案件');
  const [base] = await presentCases(deps, [c]);
  const [events, docs] = await Promise.all([repo.eventsOf(deps.db, id), repo.documentsOf(deps.db, { caseId: id })]);
  return {
    ...base,
    events: events.map((e) => ({ step: e.step, actorName: e.actorName, at: e.at.toISOString(), note: e.note, documentId: e.documentId })),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind as never, number: d.number, issuedAt: d.issuedAt.toISOString() })),
  };
}

async function presentCases(deps: AppDeps, list: repo.CaseRow[]) {
  const dir = await unitDirectory(deps);
  const table = await discretionTable(deps);
  const out = [];
  for (const c of list) {
    const ent = await findEnterprise(deps.db, { kind: 'all' }, c.enterpriseId);
    out.push({
      id: c.id,
      code: c.code,
      enterpriseId: c.enterpriseId,
      enterpriseName: ent?.e.name ?? '',
      regionName: dir.regionName.get(c.regionCode) ?? c.regionCode,
      unitName: dir.unitById.get(c.unitId)?.shortName ?? '',
      source: c.source as CaseView['source'],
      sourceRef: c.sourceRef,
      summary: c.summary,
      status: c.status as CaseStatus,
      handlerName: c.handlerName,
      violationCode: c.violationCode,
      violation: table.find((r) => r.code === c.violationCode)?.violation ?? null,
      circumstance: c.circumstance as Circumstance | null,
      fineAmount: c.fineAmount,
      major: c.major,
      reviewPassed: c.reviewPassed,
      reviewerName: c.reviewerName,
      reviewOpinion: c.reviewOpinion,
      filedOn: c.filedOn,
      decidedOn: c.decidedOn,
      closedOn: c.closedOn,
      version: c.version,
    });
  }
  return out;
}

export async function listCases(deps: AppDeps, ctx: RequestContext, q: { status?: CaseStatus; page: number; pageSize: number }) {
  const { list, total } = await repo.listCases(deps.db, actorOf(ctx).scope, q);
  return { items: await presentCases(deps, list), total, page: q.page, pageSize: q.pageSize };
}

