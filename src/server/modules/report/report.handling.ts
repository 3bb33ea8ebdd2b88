import type { Tx } from '../../db';
import { requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { createHazardInTx, findHazardInScope } from '../hazard';
import { findEnterprise } from '../org';
import type { CreateHazardInput, EnforcementInput, ReplyInput, ReportIdentity, RewardDecisionInput, RewardPayoutInput, RewardProposeInput, VerifyInput } from '../../../shared/contracts/report';
import { categoryOf, REWARD_STATUS_LABELS, type RewardStatus } from '../../../shared/report/categories';
import { rewardAmount, rewardIneligibility } from '../../../shared/report/reward';
import { chinaDate } from '../../../shared/time';
import * as repo from './report.repo';
import { getReport, routeReport } from './report.service';
import { enforcementCaseOpener } from './report.hooks';

/**
 * Handling a report: 受理 (the officer becomes its handler), 调整类别 (re-routes), 核查, 答复,
 * 隐患 (create through hazard's createHazardInTx, or link), 执法立案 (through the registered
 * opener), 奖励 (proposal → approval → payout, 《安全生产领域举报奖励办法》).
 * Only the handler — or the 安委办 — takes the steps after 受理; only the handler sees the
 * reporter's identity, and each view is audited.
 */

type Row = repo.ReportRow;

async function step(deps: AppDeps, ctx: RequestContext, id: string, fn: (tx: Tx, r: Row, actor: Actor, now: Date) => Promise<void>, permission = 'report.handle') {
  const actor = requirePermission(ctx, permission);
  await deps.db.transaction(async (tx) => {
    const r = await repo.lockScoped(tx, actor.scope, id);
    if (!r) throw notFound('举报');
    await fn(tx, r, actor, deps.clock.now());
  });
  return getReport(deps, ctx, id);
}

const isOffice = (a: Actor) => a.roles.includes('office');

/** After 受理 the handler (or the 安委办) takes the steps. */
function requireHandler(r: Row, a: Actor) {
  if (r.status === 'submitted') throw conflict('请先受理该举报');
  if (r.handlerUserId !== a.userId && !isOffice(a)) throw forbidden(`该举报由${r.handlerName ?? '其他人员'}承办，仅承办人或区安委办可办理`);
}

async function event(tx: Tx, r: Row, actor: Actor, now: Date, kind: string, text: string, isPublic = false) {
  await repo.insertEvent(tx, { reportId: r.id, at: now, kind, isPublic, text, actorName: isPublic ? '' : actor.displayName, unitName: actor.unitName ?? r.departmentName });
}

async function audit(tx: Tx, ctx: RequestContext, r: Row, action: string, after: Record<string, unknown>, before?: Record<string, unknown>) {
  await recordAudit(tx, ctx, { action: `report.${action}`, entity: 'report', entityId: r.id, regionCode: r.regionCode, before, after: { caseNo: r.caseNo, ...after } });
}

export const acceptReport = (deps: AppDeps, ctx: RequestContext, id: string) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    if (r.status !== 'submitted') throw conflict(`该举报已由${r.handlerName ?? '他人'}受理`);
    await repo.updateReport(tx, r.id, { status: 'accepted', acknowledgedAt: now, handlerUserId: actor.userId, handlerName: actor.displayName, updatedAt: now });
    await event(tx, r, actor, now, 'accepted', `${actor.unitName ?? ''}${actor.displayName}受理`);
    await event(tx, r, actor, now, 'reply', `您的举报已于 ${chinaDate(now)} 受理，承办单位：${actor.unitName ?? r.departmentName}。我们将在规定期限内核查并答复。`, true);
    await audit(tx, ctx, r, 'accept', { status: 'accepted' }, { status: r.status });
  });

export const recategorizeReport = (deps: AppDeps, ctx: RequestContext, id: string, body: { category: string; note?: string }) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    if (r.status === 'closed' || r.status === 'verified') throw conflict('已核实或办结的举报不能调整类别');
    if (r.status === 'accepted') requireHandler(r, actor);
    if (body.category === r.category) throw invalidField('category', '类别未变化');
    const route = await routeReport(tx, body.category, r);
    const moved = route.departmentUnitId !== r.departmentUnitId;
    // A report moved to another department goes back to 待受理 there (that department accepts it).
    await repo.updateReport(tx, r.id, {
      category: body.category,
      sector: route.sector,
      departmentUnitId: route.departmentUnitId,
      departmentName: route.departmentName,
      ...(moved ? { status: 'submitted', handlerUserId: null, handlerName: null } : {}),
      updatedAt: now,
    });
    const name = categoryOf(body.category)?.name ?? body.category;
    await event(tx, r, actor, now, 'recategorized', `类别调整为“${name}”${moved ? `，改由${route.departmentName}办理` : ''}${body.note ? `：${body.note}` : ''}`);
    await audit(tx, ctx, r, 'recategorize', { category: body.category, departmentName: route.departmentName }, { category: r.category, departmentName: r.departmentName });
  });

export const verifyReport = (deps: AppDeps, ctx: RequestContext, id: string, body: VerifyInput) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    if (r.status !== 'accepted') throw conflict('该举报已核实或已办结');
    let duplicateOfId: string | null = null;
    if (body.result === '重复') {
      const orig = await repo.findByCaseNo(tx, body.duplicateOfCaseNo!.trim().toUpperCase());
      if (!orig || orig.id === r.id) throw invalidField('duplicateOfCaseNo', '原举报的受理编号不存在');
      if (orig.submittedAt > r.submittedAt) throw invalidField('duplicateOfCaseNo', '原举报应早于本举报（奖励办法第八条：以最先举报为准）');
      duplicateOfId = orig.id;
    }
    const finding = body.result === '属实' ? body.finding! : null;
    await repo.updateReport(tx, r.id, { status: 'verified', verifiedAt: now, verifyResult: body.result, finding, duplicateOfId, verifyNote: body.note, updatedAt: now });
    await event(tx, r, actor, now, 'verified', `核查结论：${body.result}${finding ? `（${finding}）` : ''}。${body.note}`);
    await audit(tx, ctx, r, 'verify', { result: body.result, finding });
  });

export const replyReport = (deps: AppDeps, ctx: RequestContext, id: string, body: ReplyInput) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    if (r.status === 'closed') throw conflict('该举报已办结');
    if (body.final && r.status !== 'verified') throw conflict('请先填写核查结论，再作办结答复');
    await event(tx, r, actor, now, 'reply', body.text, true);
    if (body.final) await repo.updateReport(tx, r.id, { status: 'closed', closedAt: now, updatedAt: now });
    else await repo.updateReport(tx, r.id, { updatedAt: now });
    await audit(tx, ctx, r, body.final ? 'close' : 'reply', { final: body.final, length: body.text.length });
  });

function requireVerifiedTrue(r: Row, what: string) {
  if (r.verifyResult !== '属实') throw conflict(`举报核查属实后才能${what}`);
}

export const createHazardFromReport = (deps: AppDeps, ctx: RequestContext, id: string, body: CreateHazardInput) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    // The enterprise must be in the officer's scope (a record outside it is not found).
    if (!(await findEnterprise(tx, actor.scope, body.enterpriseId))) throw notFound('企业');
    requireVerifiedTrue(r, '登记隐患');
    if (r.hazardId) throw conflict(`该举报已关联隐患 ${r.hazardCode}`);
    const h = await createHazardInTx(deps, tx, ctx, {
      enterpriseId: body.enterpriseId,
      source: 'public_report',
      place: body.place,
      category: body.hazardCategory,
      grade: body.grade,
      description: body.description ?? r.description,
      origin: { kind: 'report', id: r.id, label: `举报 ${r.caseNo}` },
    });
    await repo.updateReport(tx, r.id, { hazardId: h.id, hazardCode: h.code, enterpriseId: body.enterpriseId, updatedAt: now });
    await event(tx, r, actor, now, 'hazard', `据举报登记隐患 ${h.code}（${body.grade}）`);
    await audit(tx, ctx, r, 'hazard_create', { hazardId: h.id, hazardCode: h.code });
  });

export const linkHazard = (deps: AppDeps, ctx: RequestContext, id: string, body: { hazardId: string }) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    // Read with this transaction: on PGlite (one connection) a read on deps.db here would wait for it forever.
    const h = await findHazardInScope(tx, actor.scope, body.hazardId);
    if (!h) throw notFound('隐患');
    if (r.hazardId) throw conflict(`该举报已关联隐患 ${r.hazardCode}`);
    await repo.updateReport(tx, r.id, { hazardId: h.id, hazardCode: h.code, enterpriseId: h.enterpriseId, updatedAt: now });
    await event(tx, r, actor, now, 'hazard', `关联已有隐患 ${h.code}`);
    await audit(tx, ctx, r, 'hazard_link', { hazardId: h.id, hazardCode: h.code });
  });

export const openEnforcementCase = (deps: AppDeps, ctx: RequestContext, id: string, body: EnforcementInput) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    if (!(await findEnterprise(tx, actor.scope, body.enterpriseId))) throw notFound('企业');
    requireVerifiedTrue(r, '立案');
    if (r.caseId) throw conflict(`该举报已立案 ${r.caseCode}`);
    const opener = enforcementCaseOpener();
    if (!opener) throw conflict('执法案件功能尚未启用（执法检查模块未接入），暂不能据举报立案；可先登记隐患');
    const c = await opener(tx, deps, ctx, { enterpriseId: body.enterpriseId, source: 'report', sourceRef: r.id, summary: body.summary });
    await repo.updateReport(tx, r.id, { caseId: c.id, caseCode: c.code, enterpriseId: body.enterpriseId, updatedAt: now });
    await event(tx, r, actor, now, 'case', `据举报立执法案件 ${c.code}`);
    await audit(tx, ctx, r, 'case_open', { caseId: c.id, caseCode: c.code });
  });

// ---------- rewards (《安全生产领域举报奖励办法》, shared/report/reward.ts) ----------

export const proposeReward = (deps: AppDeps, ctx: RequestContext, id: string, body: RewardProposeInput) =>
  step(deps, ctx, id, async (tx, r, actor, now) => {
    requireHandler(r, actor);
    const why = rewardIneligibility(r);
    if (why) throw conflict(why);
    const existing = await repo.rewardOf(tx, r.id);
    if (existing && existing.status !== 'rejected') throw conflict(`奖励已${REWARD_STATUS_LABELS[existing.status as RewardStatus]}，不能重复提出`);
    // 第十一条: 15% of the fine, at least 3,000 and at most 300,000 元.
    const amount = rewardAmount(body.fineAmount);
    await repo.upsertReward(tx, {
      reportId: r.id,
      basis: r.finding!,
      fineAmount: body.fineAmount,
      penaltyDocNo: body.penaltyDocNo,
      amount,
      status: 'proposed',
      exclusionChecked: body.exclusionChecked,
      proposedBy: actor.userId,
      proposedByName: actor.displayName,
      proposedAt: now,
      proposalNote: body.note,
    });
    await event(tx, r, actor, now, 'reward', `提出奖励 ${amount} 元（罚款 ${body.fineAmount} 元 × 15%，最低 3000 元、最高 30 万元；处罚决定书 ${body.penaltyDocNo}）`);
    await audit(tx, ctx, r, 'reward_propose', { amount, fineAmount: body.fineAmount });
  });

export const decideReward = (deps: AppDeps, ctx: RequestContext, id: string, body: RewardDecisionInput) =>
  step(
    deps,
    ctx,
    id,
    async (tx, r, actor, now) => {
      const w = await repo.rewardOf(tx, r.id);
      if (!w || w.status !== 'proposed') throw conflict('没有待审批的奖励');
      // Who proposes does not approve (separation of duties).
      if (w.proposedBy === actor.userId) throw conflict('奖励的提出人不能审批本人提出的奖励');
      await repo.updateReward(tx, w.id, { status: body.approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedByName: actor.displayName, decidedAt: now, decisionNote: body.note });
      await event(tx, r, actor, now, 'reward', `${body.approve ? '批准' : '不批准'}奖励 ${w.amount} 元：${body.note}`);
      await audit(tx, ctx, r, 'reward_decide', { approve: body.approve, amount: w.amount });
    },
    'report.reward',
  );

export const payReward = (deps: AppDeps, ctx: RequestContext, id: string, body: RewardPayoutInput) =>
  step(
    deps,
    ctx,
    id,
    async (tx, r, actor, now) => {
      const w = await repo.rewardOf(tx, r.id);
      if (!w || w.status !== 'approved') throw conflict('奖励尚未批准，不能登记发放');
      if (body.paidOn > chinaDate(now)) throw invalidField('paidOn', '发放日期不能晚于今天');
      if (body.paidOn < chinaDate(w.decidedAt ?? now)) throw invalidField('paidOn', '发放日期不能早于批准日期');
      await repo.updateReward(tx, w.id, { status: 'paid', paidOn: body.paidOn, voucherNo: body.voucherNo, payMethod: body.method, paidByName: actor.displayName });
      await event(tx, r, actor, now, 'reward', `奖励 ${w.amount} 元已发放（${body.method}，凭证 ${body.voucherNo}）`);
      await audit(tx, ctx, r, 'reward_pay', { amount: w.amount, voucherNo: body.voucherNo });
    },
    'report.reward',
  );

/** The reporter's identity: the handler only; each view is an audit row (without the identity). */
export async function revealIdentity(deps: AppDeps, ctx: RequestContext, id: string): Promise<ReportIdentity> {
  const actor = requirePermission(ctx, 'report.handle');
  return deps.db.transaction(async (tx) => {
    const r = await repo.findScoped(tx, actor.scope, id);
    if (!r) throw notFound('举报');
    if (!r.handlerUserId || r.handlerUserId !== actor.userId) throw new AppError('FORBIDDEN', '举报人身份仅承办人可查看（受理后由承办人查看）');
    await recordAudit(tx, ctx, { action: 'report.identity_view', entity: 'report', entityId: r.id, regionCode: r.regionCode, after: { caseNo: r.caseNo, anonymous: r.anonymous } });
    return {
      anonymous: r.anonymous,
      name: deps.cipher.decrypt(r.reporterNameEnc),
      phone: deps.cipher.decrypt(r.reporterPhoneEnc),
      email: deps.cipher.decrypt(r.reporterEmailEnc),
      notice: '举报人信息依法保密：不得以任何方式透露给被举报单位或无关人员；本次查看已记入审计日志。',
    };
  });
}
