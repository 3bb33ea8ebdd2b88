import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbOrTx } from '../../db';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { DISTRICT_CODE } from '../../../shared/org/reference';
import { parsePlanDocument } from '../../../shared/plan/index';
import { campaignPeriods, dueDateOf, periodOf } from '../../../shared/campaign/periods';
import { addDays } from '../../../shared/time';
import type { Rng } from '../org';
import type { campaignIndicatorValues, campaignListEntries, campaignReportEntries, campaignReports, campaignReviews } from './campaign.schema';
import { planUnitDirectory } from './campaign.import';
import { importPlanTx } from './campaign.plan';
import { loadUnits } from './campaign.units';
import * as repo from './repo';

/** The reference plan 东安〔2020〕7号, shipped with the repository. */
export const REFERENCE_PLAN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/plans/dongxihu-2020-7.txt');

/** Left unfiled by the seed so the demo (and the browser test) can file it: 区住建局's last month. */
export const DEMO_OPEN_UNIT_CODE = 'dept.housing';

const DONE_TEXT = ['已按期完成，形成工作台账并归档备查。', '已全面完成，相关制度文件已印发执行。', '已完成并通过区安委办抽查验收。', '已完成整治，隐患全部整改销号。'];
const PROGRESS_TEXT = ['已制定工作方案，明确责任分工，正在组织排查。', '本月开展专项检查，督促问题整改，按计划推进。', '已召开专题部署会，建立问题清单，逐项推进落实。', '联合属地街道开展检查，发现问题已交办整改。'];
const LAG_TEXT = ['受疫情防控影响，现场检查推迟，已调整计划于下月补齐。', '涉及多部门协调，方案尚在征求意见，进度滞后。', '资金未到位，工程改造进度滞后，已报请区政府协调。'];
const PROBLEMS = ['个别企业主体责任落实不到位，隐患反复出现。', '基层执法力量不足，专业检查能力有待提升。', '部分整改项目资金缺口较大，推进较慢。', ''];
const PLANS = ['继续开展专项检查，推动问题隐患动态清零。', '加强部门联动，组织开展“回头看”。', '做好迎接上级督导检查准备，完善工作台账。'];

interface DutyRow {
  unitId: string;
  itemId: string;
  taskId: string;
  role: string;
  dueDate: string | null;
  regionCode: string;
  unitName: string;
  code: string;
  title: string;
}

/** Import the reference plan as the demo campaign and give it plausible 2020–2022 history. */
export async function seedDemoCampaign(deps: AppDeps, rng: Rng): Promise<void> {
  const plan = await parsePlanDocument(readFileSync(REFERENCE_PLAN), path.basename(REFERENCE_PLAN), { units: await planUnitDirectory(deps) });
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const r = await importPlanTx(tx, SYSTEM_CONTEXT, { plan, regionCode: DISTRICT_CODE, now });
    const counts = await seedHistory(tx, r.id, rng, now);
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'campaign.seed', entity: 'campaign', entityId: r.id, regionCode: DISTRICT_CODE, after: counts });
  });
}

/** `now` (the domain clock) dates what the demo creates today: the list entries. */
async function seedHistory(tx: DbOrTx, campaignId: string, rng: Rng, now: Date) {
  const [c] = await repo.listCampaigns(tx, { kind: 'all' }).then((l) => l.filter((x) => x.id === campaignId));
  const periods = campaignPeriods(c.startDate, c.endDate);
  const n = periods.length;
  const units = await loadUnits(tx);
  const duties: DutyRow[] = (await repo.dutiesForSeed(tx, campaignId, units.order)).map((d) => ({ ...d, unitName: units.name(d.unitId), code: units.get(d.unitId)?.code ?? '' }));
  const unitIds = [...new Set(duties.map((d) => d.unitId))];
  const unitInfo = new Map(duties.map((d) => [d.unitId, { name: d.unitName, code: d.code, regionCode: d.regionCode }]));

  // ---- report headers: most months accepted, a few returned, some late, some missing ----
  type Rep = typeof campaignReports.$inferInsert & { id: string };
  const reports = new Map<string, Rep>();
  const reviews: (typeof campaignReviews.$inferInsert)[] = [];
  const profile = new Map(unitIds.map((u) => [u, { miss: rng.next() * 0.1, late: 0.05 + rng.next() * 0.3, ret: 0.02 + rng.next() * 0.1 }]));
  for (const unitId of unitIds) {
    const p = profile.get(unitId)!;
    const info = unitInfo.get(unitId)!;
    periods.forEach((period, pi) => {
      const lastMonth = pi === n - 1;
      if (lastMonth && info.code === DEMO_OPEN_UNIT_CODE) return;
      if (pi > 0 && rng.chance(p.miss)) return;
      if (lastMonth && rng.chance(0.25)) return;
      const due = dueDateOf(period, 25);
      const late = rng.chance(p.late);
      const submitDay = late ? addDays(due, rng.int(1, 20)) : addDays(due, -rng.int(0, 10));
      const submittedAt = new Date(`${submitDay}T${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`);
      const returned = rng.chance(p.ret);
      let status: string = 'accepted';
      if (lastMonth) status = rng.pick(['submitted', 'submitted', 'accepted', 'draft']);
      else if (pi === n - 2 && returned) status = 'returned';
      const id = randomUUID();
      const reviewedAt = new Date(submittedAt.getTime() + rng.int(1, 5) * 86_400_000);
      const rep: Rep = {
        id,
        campaignId,
        unitId,
        period,
        regionCode: info.regionCode,
        status,
        dueDate: due,
        summary: status === 'draft' ? '' : `${info.name}${period.slice(0, 4)}年${Number(period.slice(5))}月按照三年行动部署推进各项任务，${rng.pick(PROGRESS_TEXT)}`,
        problems: rng.chance(0.4) ? rng.pick(PROBLEMS) : '',
        nextPlan: rng.pick(PLANS),
        firstSubmittedAt: status === 'draft' ? null : submittedAt,
        submittedAt: status === 'draft' ? null : submittedAt,
        late: status === 'draft' ? false : late,
        reviewedAt: status === 'accepted' || status === 'returned' ? reviewedAt : null,
        reviewComment: status === 'returned' || returned ? '请补充本月检查企业数量、发现隐患及整改情况等量化数据。' : null,
        returnCount: returned && status !== 'submitted' && status !== 'draft' ? 1 : 0,
        createdAt: new Date(submittedAt.getTime() - 3 * 86_400_000),
        updatedAt: status === 'accepted' ? reviewedAt : submittedAt,
      };
      reports.set(`${unitId}|${period}`, rep);
      if (status === 'draft') return;
      reviews.push({ reportId: id, campaignId, action: 'submit', actorName: `${info.name}联络员`, at: submittedAt });
      if (rep.returnCount) {
        const back = new Date(submittedAt.getTime() + 86_400_000);
        reviews.push({ reportId: id, campaignId, action: 'return', comment: rep.reviewComment, actorName: '区安委办 王建华', at: back });
        if (status === 'accepted') reviews.push({ reportId: id, campaignId, action: 'resubmit', actorName: `${info.name}联络员`, at: new Date(back.getTime() + 86_400_000) });
      }
      if (status === 'accepted') reviews.push({ reportId: id, campaignId, action: 'accept', actorName: '区安委办 王建华', at: new Date(reviewedAt.getTime() + 2 * 86_400_000) });
    });
  }

  // ---- entries: each duty starts, progresses and (mostly) completes around its due date ----
  const entries: (typeof campaignReportEntries.$inferInsert)[] = [];
  const periodIndex = (d: string | null) => {
    if (!d) return n - 1;
    const i = periods.indexOf(periodOf(d));
    return i < 0 ? n - 1 : i;
  };
  const place = (unitId: string, pi: number): Rep | undefined => {
    for (let k = pi; k < n; k++) {
      const r = reports.get(`${unitId}|${periods[k]}`);
      if (r && r.status !== 'draft') return r;
    }
    return undefined;
  };
  const seen = new Set<string>();
  const add = (d: DutyRow, pi: number, status: string, narrative: string) => {
    const r = place(d.unitId, pi);
    if (!r) return;
    const key = `${r.id}|${d.itemId}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ reportId: r.id, campaignId, unitId: d.unitId, period: r.period, itemId: d.itemId, status, narrative, updatedAt: r.updatedAt as Date });
  };
  for (const d of duties) {
    const dueIdx = periodIndex(d.dueDate);
    // 属地 duties: streets report once, when their part is done (most of them by the due date).
    if (d.role === 'territorial') {
      if (rng.chance(0.9)) add(d, rng.int(Math.min(3, dueIdx), Math.max(0, dueIdx - 1)), '已完成', rng.pick(DONE_TEXT));
      continue;
    }
    const start = Math.min(rng.int(0, 6), Math.max(0, dueIdx - 1));
    add(d, start, '推进中', rng.pick(PROGRESS_TEXT));
    const r = rng.next();
    if (r < 0.07) {
      add(d, Math.min(n - 1, start + rng.int(2, 8)), '滞后', rng.pick(LAG_TEXT));
      continue;
    }
    // Most items finish some time between a few months after starting and their deadline; some late.
    const doneIdx = r < 0.18 ? Math.min(n - 1, dueIdx + rng.int(1, 6)) : rng.int(Math.min(dueIdx, start + 3), Math.max(start + 1, dueIdx));
    if (r > 0.96) continue; // still in progress
    add(d, Math.min(n - 1, doneIdx), '已完成', `${d.title.slice(0, 18)}：${rng.pick(DONE_TEXT)}`);
  }

  // ---- indicator values: quarterly, rising towards the target ----
  const indicators = await repo.listIndicators(tx, campaignId);
  const values: (typeof campaignIndicatorValues.$inferInsert)[] = [];
  for (const { i } of indicators) {
    const who = [...new Set(duties.filter((d) => d.role !== 'territorial' && (d.itemId === i.taskId || d.taskId === i.taskId)).map((d) => d.unitId))];
    for (const unitId of who) {
      const target = i.targetValue ?? 100;
      const startV = i.unit === '%' ? target * (0.45 + rng.next() * 0.3) : 0;
      const reach = rng.chance(0.8);
      periods.forEach((period, pi) => {
        if (pi % 3 !== 2) return;
        const r = reports.get(`${unitId}|${period}`);
        if (!r || r.status !== 'accepted') return;
        const f = Math.min(1, pi / (n - 4));
        let v = startV + (target * (reach ? 1.02 : 0.9) - startV) * f;
        if (i.unit === '%') v = Math.min(100, v);
        else v = Math.max(0, Math.round(i.comparator === 'between' ? rng.int(0, 2) : v));
        values.push({ reportId: r.id, campaignId, indicatorId: i.id, unitId, period, valueNumber: Math.round(v * 10) / 10 });
      });
    }
  }

  // ---- 三个清单: a few entries for the demo departments and 将军路街道 ----
  const lists: (typeof campaignListEntries.$inferInsert)[] = [];
  const demoUnits = unitIds.filter((u) => ['dept.housing', 'dept.emergency', 'street.420112004'].includes(unitInfo.get(u)!.code));
  for (const unitId of demoUnits) {
    const info = unitInfo.get(unitId)!;
    const mine = duties.filter((d) => d.unitId === unitId && d.role !== 'territorial');
    const samples: [string, string, string, string][] = [
      ['hazard', '在建工地塔吊限位装置失效', '立即停用塔吊，更换限位器并经检测合格后恢复使用', '一般'],
      ['hazard', '老旧小区燃气管道锈蚀', '纳入老旧小区改造计划，分批更换燃气立管', '一般'],
      ['hazard', '人员密集场所疏散通道堵塞', '现场责令清理，建立每日巡查制度', '一般'],
      ['selfcheck', '安全生产责任清单未覆盖全部科室', '修订责任清单，明确到岗到人', ''],
      ['selfcheck', '执法检查记录填写不规范', '组织执法文书规范化培训，开展案卷评查', ''],
      ['measure', '安全生产领域专项整治工作制度', '明确例会、督办、通报、约谈工作机制', ''],
      ['measure', '重大事故隐患挂牌督办办法', '规定挂牌、督办、验收、销号流程', ''],
    ];
    const seqByKind = new Map<string, number>();
    for (const [kind, title, measures, level] of samples) {
      if (kind === 'hazard' && info.code === 'street.420112004' && rng.chance(0.3)) continue;
      const seq = (seqByKind.get(kind) ?? 0) + 1;
      seqByKind.set(kind, seq);
      const done = rng.chance(0.6);
      const deadline = `202${rng.int(1, 2)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(10, 28)).padStart(2, '0')}`;
      lists.push({
        campaignId,
        unitId,
        regionCode: info.regionCode,
        kind,
        seq,
        title,
        category: kind === 'measure' ? '制度' : kind === 'selfcheck' ? '责任落实' : '',
        measures,
        roadmap: [
          { date: addDays(deadline, -60), step: '排查摸底，建立台账', done: true },
          { date: addDays(deadline, -20), step: '制定整改方案，落实资金和责任人', done: true },
          { date: deadline, step: '整改完成并验收', done },
        ],
        deadline,
        responsiblePerson: rng.pick(['李文斌', '张志强', '陈海燕', '刘国庆']),
        status: done ? '已完成' : '推进中',
        completedOn: done ? deadline : null,
        completionNote: done ? '已整改完成，经复查合格。' : '',
        docNumber: kind === 'measure' ? `东${info.name.replace(/^区/, '').slice(0, 2)}〔202${rng.int(0, 2)}〕${rng.int(1, 40)}号` : '',
        hazardLevel: kind === 'hazard' ? level : null,
        taskId: mine.length ? rng.pick(mine).taskId : null,
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  const reportValues = [...reports.values()];
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  await repo.bulkInsert(
    tx,
    'campaign_reports',
    [
      ['id', 'uuid'],
      ['campaign_id', 'uuid'],
      ['unit_id', 'uuid'],
      ['period', 'text'],
      ['region_code', 'text'],
      ['status', 'text'],
      ['due_date', 'date'],
      ['summary', 'text'],
      ['problems', 'text'],
      ['next_plan', 'text'],
      ['first_submitted_at', 'timestamptz'],
      ['submitted_at', 'timestamptz'],
      ['late', 'boolean'],
      ['reviewed_at', 'timestamptz'],
      ['review_comment', 'text'],
      ['return_count', 'int'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    reportValues.map((r) => ({
      id: r.id,
      campaign_id: r.campaignId,
      unit_id: r.unitId,
      period: r.period,
      region_code: r.regionCode,
      status: r.status,
      due_date: r.dueDate,
      summary: r.summary,
      problems: r.problems,
      next_plan: r.nextPlan,
      first_submitted_at: iso(r.firstSubmittedAt),
      submitted_at: iso(r.submittedAt),
      late: r.late,
      reviewed_at: iso(r.reviewedAt),
      review_comment: r.reviewComment,
      return_count: r.returnCount,
      created_at: iso(r.createdAt),
      updated_at: iso(r.updatedAt),
    })),
  );
  await repo.bulkInsert(
    tx,
    'campaign_report_entries',
    [
      ['report_id', 'uuid'],
      ['campaign_id', 'uuid'],
      ['unit_id', 'uuid'],
      ['period', 'text'],
      ['item_id', 'uuid'],
      ['status', 'text'],
      ['narrative', 'text'],
      ['updated_at', 'timestamptz'],
    ],
    entries.map((e) => ({ report_id: e.reportId, campaign_id: e.campaignId, unit_id: e.unitId, period: e.period, item_id: e.itemId, status: e.status, narrative: e.narrative, updated_at: iso(e.updatedAt as Date) })),
  );
  await repo.bulkInsert(
    tx,
    'campaign_reviews',
    [
      ['report_id', 'uuid'],
      ['campaign_id', 'uuid'],
      ['action', 'text'],
      ['comment', 'text'],
      ['actor_name', 'text'],
      ['at', 'timestamptz'],
    ],
    reviews.map((r) => ({ report_id: r.reportId, campaign_id: r.campaignId, action: r.action, comment: r.comment ?? null, actor_name: r.actorName, at: iso(r.at as Date) })),
  );
  await repo.insertIndicatorValueRows(tx, values);
  await repo.insertListEntryRows(tx, lists);
  // The office closed (封账) the months up to mid-2022; the last half-year is still open.
  const closeUpTo = '2022-06';
  const closed = periods.filter((p) => p <= closeUpTo).map((period) => ({ campaignId, period, note: '月度审核完成，封账', closedAt: new Date(`${dueDateOf(period, 28)}T18:00:00+08:00`) }));
  await repo.insertClosedPeriods(tx, closed);
  await repo.refreshDutyStatus(tx, campaignId);
  return { reports: reportValues.length, entries: entries.length, reviews: reviews.length, indicatorValues: values.length, listEntries: lists.length, closedPeriods: closed.length };
}
