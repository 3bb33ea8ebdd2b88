import { requireActor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { dueDateOf, lastDay, periodLabel, periodOf, periodsBetween, shiftPeriod } from '../../../shared/campaign/periods';
import { nodeLabel } from '../../../shared/campaign/nodes';
import type { ItemStatus, ReportStatus } from '../../../shared/contracts/campaign';
import type { MyTasks, Overdue } from '../../../shared/contracts/campaign.views';
import { ellipsis } from '../../../shared/text';
import { daysBetween, formatDateChinese } from '../../../shared/time';
import * as repo from './repo';
import { currentPeriodOf, loadCampaign, reportingUnits, settingsOf } from './campaign.common';
import { renderOfficialDocx } from './campaign.docx';
import { loadUnits } from './campaign.units';

/**
 * What is late (督办): reports past their due date, items past their deadline, the draft 通报 on
 * them for the office, and each unit's own to-do list (my tasks).
 */

/** Reports past their due date and not filed (missing, draft, returned), items past their deadline and not done. */
export async function overdue(deps: AppDeps, ctx: RequestContext, campaignId: string): Promise<Overdue> {
  const { campaign, settings, scope } = await loadCampaign(deps, ctx, campaignId);
  const day = deps.clock.today();
  const allUnits = await loadUnits(deps.db);
  const [units, matrix, items] = await Promise.all([
    reportingUnits(deps.db, campaignId, scope, allUnits),
    repo.reportMatrix(deps.db, campaignId, scope),
    repo.overdueDuties(deps.db, campaignId, scope, day, allUnits.order),
  ]);
  const periods = periodsBetween(periodOf(campaign.startDate), currentPeriodOf(campaign, day)).filter((p) => dueDateOf(p, settings.dueDay) < day);
  const cell = new Map(matrix.map((m) => [`${m.unitId}|${m.period}`, m]));
  const reports: Overdue['reports'] = [];
  for (const p of periods) {
    const due = dueDateOf(p, settings.dueDay);
    for (const u of units) {
      const m = cell.get(`${u.unitId}|${p}`);
      if (m && m.status !== 'draft' && m.status !== 'returned') continue;
      reports.push({ unitId: u.unitId, unitName: u.name, period: p, dueDate: due, status: (m?.status as 'draft' | 'returned' | undefined) ?? 'missing', daysOverdue: daysBetween(due, day) });
    }
  }
  const byUnit = units
    .map((u) => ({ unitId: u.unitId, unitName: u.name, kind: u.kind, reports: reports.filter((r) => r.unitId === u.unitId).length, items: items.filter((i) => i.unitId === u.unitId).length }))
    .filter((u) => u.reports || u.items)
    .sort((a, b) => b.reports + b.items - (a.reports + a.items));
  return {
    today: day,
    reports: reports.sort((a, b) => b.period.localeCompare(a.period)),
    items: items.map((i) => ({ ...i, unitName: allUnits.name(i.unitId), status: i.status as ItemStatus, daysOverdue: daysBetween(i.dueDate, day) })),
    byUnit,
  };
}

/** Draft 通报 (.docx) on units with overdue reports and items, for the office to edit and issue. */
export async function overdueNoticeDocx(deps: AppDeps, ctx: RequestContext, campaignId: string): Promise<{ buffer: Buffer; fileName: string }> {
  const { campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  const o = await overdue(deps, ctx, campaignId);
  const day = o.today;
  const reportLines = new Map<string, string[]>();
  for (const r of o.reports) {
    if (!reportLines.has(r.unitName)) reportLines.set(r.unitName, []);
    reportLines.get(r.unitName)!.push(periodLabel(r.period));
  }
  const itemUnits = new Map<string, typeof o.items>();
  for (const i of o.items) {
    if (!itemUnits.has(i.unitName)) itemUnits.set(i.unitName, []);
    itemUnits.get(i.unitName)!.push(i);
  }
  const buffer = await renderOfficialDocx({
    title: `关于${campaign.name.replace(/方案$/, '')}工作进展情况的通报`,
    note: '（代拟稿）',
    recipient: '区安委会各成员单位，各街道办事处、各管理处：',
    intro: [
      `按照${campaign.docNumber ? `《${campaign.name}》（${campaign.docNumber}）` : `《${campaign.name}》`}要求，各单位应逐月梳理工作进展，于每月${settings.dueDay}日前报送区安委办。现将截至${formatDateChinese(day)}的工作推进情况通报如下。`,
    ],
    sections: [
      {
        heading: '总体情况',
        paragraphs: [
          `共有${reportLines.size}家单位存在逾期未报送月度进展报告的情况，累计${o.reports.length}期次；${itemUnits.size}家单位有${o.items.length}项任务逾期未完成。`,
        ],
      },
      {
        heading: '逾期未报送单位',
        paragraphs: reportLines.size ? [...reportLines].map(([u, ps]) => `${u}：${ps.length > 6 ? `${ps.slice(0, 6).join('、')}等${ps.length}期` : ps.join('、')}。`) : ['无。'],
      },
      {
        heading: '逾期未完成任务',
        paragraphs: itemUnits.size
          ? [...itemUnits].map(([u, list]) => {
              const shown = list.slice(0, 5).map((i) => `${nodeLabel(i.nodeId)}“${ellipsis(i.title, 25)}”（时限${formatDateChinese(i.dueDate)}）`);
              return `${u}：${list.length}项，包括${shown.join('；')}${list.length > 5 ? '等' : ''}。`;
            })
          : ['无。'],
      },
      {
        heading: '有关要求',
        paragraphs: [
          '请上述单位高度重视，对照任务清单逐项查找原因，于通报印发之日起5个工作日内补报逾期报告，并将逾期任务的整改措施和完成时限书面报送区安委办。',
          '区安委办将持续跟踪督办，对连续两个月逾期未报或整改不力的单位进行约谈；对因工作不力导致发生生产安全事故的，按照有关规定严肃追责问责，年度安全生产考核实行“一票否决”。',
        ],
      },
    ],
    issuer: '东西湖区安全生产委员会办公室',
    issuedOn: day,
    fontProfile: settings.fontProfile,
  });
  return { buffer, fileName: `逾期情况通报（代拟稿）-${day.replace(/-/g, '')}.docx` };
}

// ---------- my tasks (home widget) ----------

/** The home widget of a unit: per active campaign, the month to file, its report, the unit's items due and overdue. */
export async function myTasks(deps: AppDeps, ctx: RequestContext): Promise<MyTasks> {
  const actor = requireActor(ctx);
  if (!actor.unitId) return { campaigns: [] };
  const scope = repo.campaignScopeOf(actor);
  const list = (await repo.listCampaigns(deps.db, scope)).filter((c) => c.status === 'active');
  const day = deps.clock.today();
  const order = (await loadUnits(deps.db)).order;
  const out: MyTasks['campaigns'] = [];
  for (const c of list) {
    const duties = await repo.dutiesOfUnit(deps.db, c.id, actor.unitId);
    if (!duties.length) continue;
    const settings = settingsOf(c);
    const closed = await repo.closedPeriods(deps.db, c.id);
    let period = currentPeriodOf(c, day);
    while (closed.has(period) && period > periodOf(c.startDate)) period = shiftPeriod(period, -1);
    const report = await repo.findReportOf(deps.db, c.id, actor.unitId, period);
    // What falls due in the month being reported (this month; a historical campaign's last open month).
    const [dueThisMonth, overdueItems] = await Promise.all([
      repo.dutiesDueBetween(deps.db, c.id, { kind: 'unit', unitId: actor.unitId, regionCode: actor.regionCode }, `${period}-01`, lastDay(period)),
      repo.overdueDuties(deps.db, c.id, { kind: 'unit', unitId: actor.unitId, regionCode: actor.regionCode }, day, order, 50),
    ]);
    const count = (s: string) => duties.filter((d) => d.status === s).length;
    const dueDate = dueDateOf(period, settings.dueDay);
    out.push({
      id: c.id,
      name: c.name,
      period,
      dueDate,
      daysLeft: daysBetween(day, dueDate),
      report: report ? { id: report.id, status: report.status as ReportStatus, late: report.late, returnCount: report.returnCount, reviewComment: report.reviewComment } : null,
      items: {
        total: duties.length,
        lead: duties.filter((d) => d.role === 'lead').length,
        co: duties.filter((d) => d.role === 'co').length,
        territorial: duties.filter((d) => d.role === 'territorial').length,
        done: count('已完成'),
        progress: count('推进中'),
        lagging: count('滞后'),
        notStarted: count('未开始'),
      },
      dueThisMonth: dueThisMonth.filter((d) => d.status !== '已完成').map((d) => ({ ...d, status: d.status as ItemStatus })),
      overdueCount: overdueItems.length,
      overdue: overdueItems.slice(0, 8).map((i) => ({ itemId: i.itemId, nodeId: i.nodeId, title: i.title, dueDate: i.dueDate, status: i.status as ItemStatus, daysOverdue: daysBetween(i.dueDate, day) })),
    });
  }
  return { campaigns: out };
}
