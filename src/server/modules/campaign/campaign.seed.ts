import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DbOrTx } from '../../db';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { DISTRICT_CODE } from '../../../shared/org/reference';
import { decodePlanBytes, parsePlanText } from '../../../shared/plan/index';
import { campaignPeriods, dueDateOf, periodOf, shiftPeriod } from '../../../shared/campaign/periods';
import { addDays, chinaDate, daysBetween } from '../../../shared/time';
import type { Rng } from '../org';
import type { campaignIndicatorValues, campaignListEntries, campaignReportEntries, campaignReports, campaignReviews } from './campaign.schema';
import { planUnitDirectory } from './campaign.import';
import { importPlanTx } from './campaign.plan';
import { loadUnits } from './campaign.units';
import * as repo from './repo';
import { projectPath } from '../../paths';
import { campaignWrite } from './campaign.cache';

/** The reference plan 东安〔2020〕7号, shipped with the repository. */
export const REFERENCE_PLAN = projectPath('fixtures', 'plans', 'dongxihu-2020-7.txt');

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

/** The reference plan's first month (it was signed 2020年9月23日). */
const PLAN_START_PERIOD = '2020-09';

/**
 * Whole years to move the reference plan by so that the demo campaign is in its second year on
 * `today`: about 15 months after its (shifted) start, whatever the date.
 */
export function demoYearShift(today: string): number {
  const idx = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
  return Math.round((idx(periodOf(today)) - idx(PLAN_START_PERIOD) - 15) / 12);
}

/**
 * The plan's text with its calendar years (2020年…2023年, the dates and deadlines) moved by `years`.
 * Document numbers (〔2020〕), standards (GB50779-2012) and editions (2017年版) are not dates of the
 * plan and stay as they are.
 */
export function shiftPlanYears(text: string, years: number): string {
  if (!years) return text;
  return text.replace(/(?<![\d〔—-])(202[0-3])(\s*年)(?!版)/g, (_, y: string, nian: string) => `${Number(y) + years}${nian}`);
}

/** The reference plan moved to the present (see demoYearShift), parsed with the district's units. */
export async function demoPlan(deps: AppDeps) {
  const text = shiftPlanYears(decodePlanBytes(readFileSync(REFERENCE_PLAN)), demoYearShift(deps.clock.today()));
  return parsePlanText(text, { units: await planUnitDirectory(deps) });
}

/**
 * Import the reference plan as the demo campaign, its schedule moved so that it is in its second
 * year today, with a plausible history up to this month: past months mostly accepted, a few late
 * or returned, last month partly still under review, this month open.
 */
export async function seedDemoCampaign(deps: AppDeps, rng: Rng): Promise<void> {
  const plan = await demoPlan(deps);
  await campaignWrite(deps, undefined, async (tx) => {
    const now = deps.clock.now();
    const r = await importPlanTx(tx, SYSTEM_CONTEXT, { plan, regionCode: DISTRICT_CODE, now });
    const counts = await seedHistory(tx, r.id, rng, now);
    await recordAudit(tx, SYSTEM_CONTEXT, { action: 'campaign.seed', entity: 'campaign', entityId: r.id, regionCode: DISTRICT_CODE, after: counts });
  });
}

/** `now` (the domain clock) ends the history: nothing is filed, reviewed or done after it. */
async function seedHistory(tx: DbOrTx, campaignId: string, rng: Rng, now: Date) {
  const [c] = await repo.listCampaigns(tx, { kind: 'all' }).then((l) => l.filter((x) => x.id === campaignId));
  const today = chinaDate(now);
  const current = periodOf(today);
  const allPeriods = campaignPeriods(c.startDate, c.endDate);
  const periods = allPeriods.filter((p) => p <= current);
  const n = periods.length;
  const units = await loadUnits(tx);
  const duties: DutyRow[] = (await repo.dutiesForSeed(tx, campaignId, units.order)).map((d) => ({ ...d, unitName: units.name(d.unitId), code: units.get(d.unitId)?.code ?? '' }));
  const unitIds = [...new Set(duties.map((d) => d.unitId))];
  const unitInfo = new Map(duties.map((d) => [d.unitId, { name: d.unitName, code: d.code, regionCode: d.regionCode }]));
  const atTime = (day: string) => new Date(`${day}T${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`);
  const latest = new Date(now.getTime() - 3_600_000);
  const notAfterNow = (d: Date) => (d.getTime() > latest.getTime() ? latest : d);

  // ---- report headers: past months accepted (some late, a few returned and resubmitted), a few
  // recent months missed, last month partly under review, this month open ----
  type Rep = typeof campaignReports.$inferInsert & { id: string };
  const reports = new Map<string, Rep>();
  const reviews: (typeof campaignReviews.$inferInsert)[] = [];
  const profile = new Map(unitIds.map((u) => [u, { miss: rng.next() * 0.12, late: 0.05 + rng.next() * 0.25, ret: 0.02 + rng.next() * 0.08 }]));
  for (const unitId of unitIds) {
    const p = profile.get(unitId)!;
    const info = unitInfo.get(unitId)!;
    periods.forEach((period, pi) => {
      const thisMonth = pi === n - 1;
      const due = dueDateOf(period, 25);
      if (thisMonth && info.code === DEMO_OPEN_UNIT_CODE) return;
      // This month: before the due day only a few have filed early or started a draft.
      const dueYet = today > due;
      if (thisMonth && !dueYet && !rng.chance(0.3)) return;
      // Missed months are recent ones only (older ones were chased up and filed late).
      if (!thisMonth && pi >= n - 4 && rng.chance(p.miss)) return;
      const late = dueYet || !thisMonth ? rng.chance(p.late) : false;
      let submitDay = late ? addDays(due, rng.int(1, 20)) : addDays(due, -rng.int(0, 10));
      if (submitDay > today) submitDay = today;
      const submittedAt = notAfterNow(atTime(submitDay));
      const isLate = chinaDate(submittedAt) > due;
      const reviewedAt = new Date(submittedAt.getTime() + rng.int(1, 5) * 86_400_000);
      const returned = rng.chance(p.ret);
      let status: string = 'accepted';
      if (thisMonth) status = rng.chance(0.4) ? 'draft' : 'submitted';
      else if (reviewedAt.getTime() > latest.getTime()) status = 'submitted';
      else if (pi === n - 2 && returned) status = 'returned';
      // A returned report resubmitted and accepted needs its second review in the past too.
      const acceptedAt = new Date(reviewedAt.getTime() + 2 * 86_400_000);
      const wasReturned = returned && status === 'accepted' && acceptedAt.getTime() < latest.getTime();
      const id = randomUUID();
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
        late: status === 'draft' ? false : isLate,
        reviewedAt: status === 'returned' ? reviewedAt : status === 'accepted' ? (wasReturned ? acceptedAt : reviewedAt) : null,
        reviewComment: status === 'returned' || wasReturned ? '请补充本月检查企业数量、发现隐患及整改情况等量化数据。' : null,
        returnCount: status === 'returned' || wasReturned ? 1 : 0,
        createdAt: new Date(submittedAt.getTime() - 3 * 86_400_000),
        updatedAt: status === 'accepted' ? (wasReturned ? acceptedAt : reviewedAt) : submittedAt,
      };
      reports.set(`${unitId}|${period}`, rep);
      if (status === 'draft') return;
      reviews.push({ reportId: id, campaignId, action: 'submit', actorName: `${info.name}联络员`, at: submittedAt });
      if (rep.returnCount) {
        reviews.push({ reportId: id, campaignId, action: 'return', comment: rep.reviewComment, actorName: '区安委办 王建华', at: reviewedAt });
        if (status === 'accepted') reviews.push({ reportId: id, campaignId, action: 'resubmit', actorName: `${info.name}联络员`, at: new Date(reviewedAt.getTime() + 86_400_000) });
      }
      if (status === 'accepted') reviews.push({ reportId: id, campaignId, action: 'accept', actorName: '区安委办 王建华', at: rep.reviewedAt as Date });
    });
  }

  // ---- entries: each duty starts, progresses and (mostly) completes around its due date ----
  const entries: (typeof campaignReportEntries.$inferInsert)[] = [];
  // Index of a due date among all the campaign's months (beyond n - 1 = not yet due this month).
  const periodIndex = (d: string | null) => {
    const i = allPeriods.indexOf(periodOf(d ?? c.endDate));
    return i < 0 ? allPeriods.length - 1 : i;
  };
  // The first report filed at or after month pi; entries land in accepted months when `accepted`.
  const place = (unitId: string, pi: number, accepted = false): Rep | undefined => {
    for (let k = Math.max(0, pi); k < n; k++) {
      const r = reports.get(`${unitId}|${periods[k]}`);
      if (r && r.status !== 'draft' && (!accepted || r.status === 'accepted')) return r;
    }
    return undefined;
  };
  const seen = new Set<string>();
  const add = (d: DutyRow, pi: number, status: string, narrative: string, accepted = false) => {
    if (pi > n - 1) return;
    const r = place(d.unitId, pi, accepted);
    if (!r) return;
    const key = `${r.id}|${d.itemId}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ reportId: r.id, campaignId, unitId: d.unitId, period: r.period, itemId: d.itemId, status, narrative, updatedAt: r.updatedAt as Date });
  };
  // A living district: what fell due over a year ago is done (late, perhaps); only the last deadline slips.
  const longOverdue = (d: DutyRow) => !!d.dueDate && daysBetween(d.dueDate, today) > 365;
  const finish = (d: DutyRow, from: number, dueIdx: number) => {
    const lo = Math.min(n - 3, Math.max(from, dueIdx));
    add(d, rng.int(lo, Math.max(lo, Math.min(n - 3, dueIdx + 4))), '已完成', `${d.title.slice(0, 18)}：${rng.pick(DONE_TEXT)}`, true);
  };
  for (const d of duties) {
    const dueIdx = periodIndex(d.dueDate);
    // 属地 duties: streets report once, when their part is done (most of them by the due date).
    if (d.role === 'territorial') {
      if (longOverdue(d) || rng.chance(0.9)) add(d, rng.int(Math.min(3, dueIdx), Math.max(0, dueIdx - 1)), '已完成', rng.pick(DONE_TEXT), longOverdue(d));
      continue;
    }
    const start = Math.min(rng.int(0, 6), Math.max(0, dueIdx - 1));
    add(d, start, '推进中', rng.pick(PROGRESS_TEXT));
    const r = rng.next();
    if (r < 0.07) {
      const lagIdx = longOverdue(d) ? Math.min(start + rng.int(2, 8), n - 5) : start + rng.int(2, 8);
      add(d, lagIdx, '滞后', rng.pick(LAG_TEXT));
      if (longOverdue(d)) finish(d, lagIdx + 1, dueIdx);
      continue;
    }
    // Most items finish some time between a few months after starting and their deadline; some late.
    const doneIdx = r < 0.18 ? dueIdx + rng.int(1, 6) : rng.int(Math.min(dueIdx, start + 3), Math.max(start + 1, dueIdx));
    if (r > 0.96 && !longOverdue(d)) continue; // still in progress
    if (longOverdue(d) && (r > 0.96 || doneIdx > n - 3)) finish(d, start + 1, dueIdx);
    else add(d, doneIdx, '已完成', `${d.title.slice(0, 18)}：${rng.pick(DONE_TEXT)}`);
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
        const f = Math.min(1, pi / (allPeriods.length - 4));
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
      // Done ones fell due in the past months; open ones are due in the coming months (one just slipped).
      const done = rng.chance(0.6);
      const deadline = done ? addDays(today, -rng.int(20, 250)) : addDays(today, rng.chance(0.15) ? -rng.int(3, 30) : rng.int(10, 150));
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
        docNumber: kind === 'measure' ? `东${info.name.replace(/^区/, '').slice(0, 2)}〔${Number(c.startDate.slice(0, 4)) + rng.int(0, 1)}〕${rng.int(1, 40)}号` : '',
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
  // The office closed (封账) the months up to four months ago; the recent ones are still open.
  const closeUpTo = shiftPeriod(current, -4);
  const closed = periods.filter((p) => p <= closeUpTo).map((period) => ({ campaignId, period, note: '月度审核完成，封账', closedAt: new Date(`${dueDateOf(period, 28)}T18:00:00+08:00`) }));
  await repo.insertClosedPeriods(tx, closed);
  await repo.refreshDutyStatus(tx, campaignId);
  return { reports: reportValues.length, entries: entries.length, reviews: reviews.length, indicatorValues: values.length, listEntries: lists.length, closedPeriods: closed.length };
}
