import type { RequestContext } from '../../platform/access';
import { loadActor } from '../../platform/auth';
import { clockAt } from '../../platform/clock';
import type { AppDeps } from '../../platform/deps';
import { findUserByUsername, insertUser } from '../../platform/users.repo';
import { getVersion, listTemplates } from '../checklist';
import { findUnitByCode, personName, type Rng } from '../org';
import { DEFAULT_DISCRETION } from '../../../shared/inspection/rules';
import { addDays } from '../../../shared/time';
import { caseStep, issueCaseDocument, legalReview, openCase } from './inspection.cases';
import { createDraw, executeDraw } from './inspection.draws';
import { addDishonest, applyRepair } from './inspection.credit';
import { createPlan, reviewPlan, submitPlan, updatePlan } from './inspection.plans';
import { recordNewInspection, recordStart, recordSubmission } from './inspection.field';
import * as repo from './inspection.repo';
import { allEnterprises } from './inspection.common';
import { classifiedTargets } from './inspection.directory';

/**
 * The 裁量基准 at every seed level; for the demo, a year of work dated from deps.clock: inspectors of
 * 区应急管理局 and 区住建局 (one certificate expired, one conflict declared), a 双随机 draw every
 * other month with its inspections (failed items in the hazard ledger), cases and penalties, a
 * draw committed but not yet run, and an unannounced (四不两直) inspection not yet started.
 */

// A 1×1 PNG (the drawn signature of the demo).
const SIGNATURE = `data:image/png;base64,${Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex').toString('base64')}`;

export async function seedInspection(deps: AppDeps, level: 'demo' | 'org', demoPasswordHash: () => Promise<string>, rng: Rng): Promise<void> {
  await deps.db.transaction((tx) =>
    repo.insertDiscretion(
      tx,
      DEFAULT_DISCRETION.map((d) => ({ code: d.code, violation: d.violation, article: d.article, basis: d.basis, ranges: d.ranges })),
    ),
  );
  if (level !== 'demo') return;
  const today = deps.clock.today();
  const emergency = await findUnitByCode(deps.db, 'dept.emergency');
  const housing = await findUnitByCode(deps.db, 'dept.housing');
  const [jiancha, yingji, zhujian, qiye] = await Promise.all(['jiancha', 'yingjiju', 'zhujianju', 'qiye'].map((u) => findUserByUsername(deps.db, u)));
  if (!emergency || !housing || !jiancha || !yingji || !zhujian) return;

  // ---------- 执法人员名录 ----------
  const hash = await demoPasswordHash();
  const newInspectors: { username: string; unitId: string }[] = [
    ...[2, 3, 4, 5, 6].map((n) => ({ username: `jiancha${n}`, unitId: emergency.id })),
    ...[1, 2, 3].map((n) => ({ username: `zhujian${n}`, unitId: housing.id })),
  ];
  const ids: Record<string, string> = { jiancha: jiancha.id };
  await deps.db.transaction(async (tx) => {
    for (const p of newInspectors) {
      const existing = await findUserByUsername(tx, p.username);
      const u = existing ?? (await insertUser(tx, { username: p.username, displayName: `执法检查员 ${personName(rng)}`, roles: ['inspector'], unitId: p.unitId, passwordHash: hash }));
      ids[p.username] = u.id;
    }
    let n = 0;
    for (const [username, id] of Object.entries(ids)) {
      const unitId = username.startsWith('zhujian') ? housing.id : emergency.id;
      // jiancha6's certificate lapsed last month: the directory shows it and draws leave it out.
      const expiry = username === 'jiancha6' ? addDays(today, -30) : addDays(today, 400 + 30 * n);
      await repo.upsertInspector(tx, { userId: id, unitId, regionCode: '420112', certNo: `鄂执${42011200 + ++n}`, certExpiry: expiry, active: true, updatedAt: deps.clock.now() });
    }
  });
  const ctxOf = async (userId: string): Promise<RequestContext> => ({ actor: await loadActor(deps, userId), ip: null, requestId: null });
  const at = (days: number) => ({ ...deps, clock: clockAt(`${addDays(today, days)}T09:30:00+08:00`) });

  // A declared conflict: jiancha2's relative works at the demo enterprise.
  const qiyeEnt = qiye?.enterpriseId ? { id: qiye.enterpriseId } : undefined;
  if (qiyeEnt?.id && ids.jiancha2) {
    await deps.db.transaction((tx) => repo.insertConflict(tx, { userId: ids.jiancha2, enterpriseId: qiyeEnt.id, kind: 'relative', note: '配偶在该企业任安全员', createdAt: deps.clock.now() }));
  }
  const yCtx = await ctxOf(yingji.id);
  const zCtx = await ctxOf(zhujian.id);
  const templates = await listTemplates(deps, yCtx, {});
  const versionOf = (sector: string) => templates.find((t) => t.sector === sector && t.currentVersionId)?.currentVersionId ?? undefined;
  const hazchemVersion = versionOf('hazchem');
  // The items answered in the field: the checklist version's, read once per version (the steps below
  // record without reading back the inspection's view, which the seed does not need).
  const itemsOf = new Map<string, { id: string; point: string }[]>();
  const versionItems = async (versionId: string) => {
    if (!itemsOf.has(versionId)) itemsOf.set(versionId, (await getVersion(deps, yCtx, versionId)).items);
    return itemsOf.get(versionId)!;
  };

  // ---------- 严重失信主体名单: one listed, one under 信用修复, one whose period has ended ----------
  const hazchemEnts = (await allEnterprises(deps, yCtx, { sector: 'hazchem' })).filter((e) => e.sector === 'hazchem' && e.status === '在营' && e.id !== qiye?.enterpriseId);
  const credit: [number, number, string, string][] = [
    [-150, 3 * 365 - 150, '发生生产安全事故，造成 1 人死亡，对事故发生负有责任', '《安全生产严重失信主体名单管理办法》第六条第一项'],
    [-300, 365 - 300, '拒不执行安全监管监察指令，未按期完成重大事故隐患整改', '《安全生产严重失信主体名单管理办法》第六条第五项'],
    [-420, -20, '未依法取得安全生产许可证擅自从事储存经营活动', '《安全生产严重失信主体名单管理办法》第六条第三项'],
  ];
  for (const [i, [from, to, reason, basis]] of credit.entries()) {
    const ent = hazchemEnts[hazchemEnts.length - 2 - i];
    if (!ent) continue;
    try {
      const entry = await addDishonest(at(from), yCtx, { enterpriseId: ent.id, reason, basis, startsOn: addDays(today, from), endsOn: addDays(today, to) });
      if (i === 1) await applyRepair(at(-10), yCtx, entry.id, { reason: '企业已缴清罚款，完成重大事故隐患整改并通过复查，主要负责人参加信用修复培训，作出信用承诺' });
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'inspection seed: 失信 entry skipped');
    }
  }
  const constructionVersion = versionOf('construction');

  // ---------- a year of draws and inspections ----------
  const plan: { days: number; ctx: RequestContext; unitId: string; name: string; count: number; version?: string }[] = [];
  for (let m = 11; m >= 1; m -= 2) plan.push({ days: -30 * m - 5, ctx: yCtx, unitId: emergency.id, name: `危险化学品企业双随机抽查（第${(12 - m + 1) / 2}批）`, count: 4, version: hazchemVersion });
  for (const m of [10, 6, 2]) plan.push({ days: -30 * m - 12, ctx: zCtx, unitId: housing.id, name: `建筑施工企业双随机抽查（${m > 6 ? '上半年' : '下半年'}）`, count: 3, version: constructionVersion });
  const completed: { id: string; code: string; enterpriseId: string; days: number; ctx: RequestContext; failed: number }[] = [];
  for (const p of plan) {
    const d0 = at(p.days);
    let draw;
    try {
      const committed = await createDraw(d0, p.ctx, { name: p.name, count: p.count, perTarget: 2 });
      draw = await executeDraw(at(p.days), p.ctx, committed.id);
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'inspection seed: draw skipped');
      continue;
    }
    if (!p.version) continue;
    for (const [i, t] of draw.targets.entries()) {
      // The most recent batch is partly still to be inspected.
      if (p.days > -40 && i >= 2) continue;
      const dayOf = p.days + 3 + i * 2;
      const member = await ctxOf(t.inspectors[0].id);
      try {
        const created = await recordNewInspection(at(dayOf), member, { drawTargetId: t.id, checklistVersionId: p.version, unannounced: rng.chance(0.3) });
        await recordStart(at(dayOf), member, created.id);
        const answers = (await versionItems(p.version)).slice(0, 12).map((it) => {
          const fail = rng.chance(0.12);
          return fail
            ? { itemId: it.id, result: 'fail' as const, note: `现场检查发现：${it.point.slice(0, 40)}不符合要求`, deadline: addDays(today, dayOf + 30) }
            : { itemId: it.id, result: rng.chance(0.1) ? ('na' as const) : ('pass' as const) };
        });
        const done = await recordSubmission(at(dayOf), member, created.id, {
          clientKey: `seed-${created.id}`,
          answers,
          locationNote: `${t.enterpriseName} 生产现场`,
          signerName: personName(rng),
          signature: SIGNATURE,
          summary: '检查组依照检查清单逐项检查，现场向企业反馈了检查情况。',
        });
        completed.push({ ...created, days: dayOf, ctx: member, failed: done.failed });
      } catch (e) {
        deps.log.warn({ err: (e as Error).message }, 'inspection seed: inspection skipped');
      }
    }
  }

  // ---------- cases: a closed penalty, a 重大 decision waiting for 法制审核, one under investigation ----------
  const withFailures = completed.filter((c) => c.failed > 0);
  const cases: [number, string, 'closed' | 'review' | 'investigating'][] = [
    [0, 'AQ-05', 'closed'],
    [1, 'AQ-17', 'review'],
    [2, 'AQ-10', 'investigating'],
    [3, 'AQ-12', 'closed'],
  ];
  for (const [idx, code, end] of cases) {
    const c = withFailures[idx];
    if (!c) continue;
    try {
      const d = (n: number) => at(c.days + n);
      const summary =
        idx === 3
          ? '执法检查发现企业动火作业未办理审批手续，现场负责人张建国（电话13907195566）未安排专人监护'
          : '执法检查发现企业未按规定落实隐患排查治理和安全设施管理要求';
      const opened = await openCase(d(2), c.ctx, { enterpriseId: c.enterpriseId, source: 'inspection', sourceRef: c.code, summary });
      await issueCaseDocument(d(2), c.ctx, opened.id, { kind: 'filing_approval' });
      await caseStep(d(5), c.ctx, opened.id, { step: 'investigate', note: '调取隐患排查记录、询问安全负责人，制作询问笔录两份' });
      if (end === 'investigating') continue;
      if (end === 'review') {
        await caseStep(d(9), c.ctx, opened.id, { step: 'propose', violationCode: code, circumstance: '较重', fineAmount: 60_000, note: '重大危险源未定期检测评估' });
        continue;
      }
      await caseStep(d(9), c.ctx, opened.id, { step: 'propose', violationCode: code, circumstance: '一般', fineAmount: 30_000 });
      await caseStep(d(16), c.ctx, opened.id, { step: 'decide', note: '企业未提出陈述申辩' });
      await issueCaseDocument(d(16), c.ctx, opened.id, { kind: 'penalty_notice' });
      await issueCaseDocument(d(16), c.ctx, opened.id, { kind: 'penalty_decision' });
      await caseStep(d(25), c.ctx, opened.id, { step: 'execute', note: '企业已缴纳罚款，缴款凭证存档' });
      await caseStep(d(30), c.ctx, opened.id, { step: 'close', note: '处罚决定执行完毕，整改复查合格，结案' });
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'inspection seed: case skipped');
    }
  }
  void legalReview;

  // ---------- 执法计划 of this year: 区应急管理局's accepted, 区住建局's submitted ----------
  const year = Number(today.slice(0, 4));
  const office = await findUserByUsername(deps.db, 'anweiban');
  const planDay = { ...deps, clock: clockAt(`${today < `${year}-01-06` ? today : `${year}-01-06`}T09:30:00+08:00`) };
  // 重点检查 by the plan: A/B-class hazchem enterprises visited by jiancha and jiancha4 over the year.
  if (hazchemVersion && ids.jiancha4) {
    const jc = await ctxOf(jiancha.id);
    const ab = (await classifiedTargets(deps, jc)).filter((x) => x.sector === 'hazchem' && (x.targetClass === 'A' || x.targetClass === 'B') && x.enterpriseId !== qiye?.enterpriseId);
    const dayOfYear = Math.round((Date.parse(today) - Date.parse(`${year}-01-01`)) / 86_400_000);
    for (const [i, x] of ab.slice(0, 8).entries()) {
      const dayOf = -Math.round(((i + 1) * dayOfYear) / 9);
      try {
        const created = await recordNewInspection(at(dayOf), jc, { enterpriseId: x.enterpriseId, checklistVersionId: hazchemVersion, team: [ids.jiancha4], fromPlan: true, unannounced: false, plannedOn: addDays(today, dayOf) });
        await recordStart(at(dayOf), jc, created.id);
        await recordSubmission(at(dayOf), jc, created.id, {
          clientKey: `seed-plan-${created.id}`,
          answers: (await versionItems(hazchemVersion)).slice(0, 8).map((it) => ({ itemId: it.id, result: 'pass' as const })),
          locationNote: `${x.name} 生产现场`,
          signerName: personName(rng),
          signature: SIGNATURE,
          summary: '按年度执法计划开展重点检查，逐项检查未发现问题。',
        });
      } catch (e) {
        deps.log.warn({ err: (e as Error).message }, 'inspection seed: planned inspection skipped');
      }
    }
  }
  for (const [ctx, accept] of [
    [yCtx, true],
    [zCtx, false],
  ] as const) {
    try {
      const created = await createPlan(planDay, ctx, { year });
      // Spring Festival in February: part of February's scheduled work moves to March, with the reason.
      const months = created.months.map((m) => ({ scheduled: m.scheduled, random: m.random, note: '' }));
      if (months[1].scheduled > 0) {
        months[2].scheduled += months[1].scheduled;
        months[1].scheduled = 0;
        months[1].note = '春节假期，重点检查顺延至 3 月';
        months[2].note = '承接 2 月顺延的重点检查';
      }
      await updatePlan(deps, ctx, created.id, { months, note: '按分类分级确定检查频次：A 类每年 2 次、B 类每年 1 次，C、D 类纳入双随机抽查。' });
      await submitPlan(deps, ctx, created.id);
      if (accept && office) await reviewPlan(deps, await ctxOf(office.id), created.id, { accepted: true, opinion: '计划符合分类分级要求，同意实施' });
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'inspection seed: plan skipped');
    }
  }

  // ---------- this month: a committed draw, and an unannounced inspection not yet started ----------
  try {
    await createDraw(deps, yCtx, { name: '本月危险化学品企业双随机抽查', count: 3, perTarget: 2, plannedMonth: today.slice(0, 7) });
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, 'inspection seed: current draw skipped');
  }
  if (hazchemVersion && ids.jiancha3) {
    const jc = await ctxOf(jiancha.id);
    const ent = (await allEnterprises(deps, jc, { sector: 'hazchem' })).filter((e) => e.sector === 'hazchem' && e.status === '在营' && e.id !== qiyeEnt?.id).pop();
    if (ent) {
      await recordNewInspection(deps, jc, { enterpriseId: ent.id, checklistVersionId: hazchemVersion, unannounced: true, team: [ids.jiancha3], plannedOn: addDays(today, 2) }).catch((e) =>
        deps.log.warn({ err: (e as Error).message }, 'inspection seed: unannounced skipped'),
      );
    }
  }
}
