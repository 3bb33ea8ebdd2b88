import type { DbOrTx } from '../../db';
import type { AppDeps } from '../../platform/deps';
import { dueDateOf, lastDay, periodLabel, shiftPeriod, summaryKeyLabel, summaryKindOf, summaryPeriods } from '../../../shared/campaign/periods';
import { nodeLabel } from '../../../shared/campaign/nodes';
import { DEFAULT_ASSESSMENT, rankUnits, type UnitFacts } from '../../../shared/campaign/scoring';
import { COMPARATOR_LABELS, type CampaignSettings, type SummarySection } from '../../../shared/contracts/campaign';
import { ellipsis } from '../../../shared/text';
import * as repo from './repo';
import type { CampaignRow, CampaignScope } from './repo';
import { reportingUnits } from './campaign.common';
import { loadUnits } from './campaign.units';

/**
 * A summary's figures and words (季度/半年/年度 总结, 全面总结评估): compiled from the accepted reports
 * and the ledger as they stood at the end of the summary's period, into the sections of a 公文
 * (总体进展情况, 主要工作及成效, 存在的问题, 下一步工作打算; the final evaluation adds 分阶段,
 * 目标指标 and 考核评估). The office edits the draft before issuing it.
 */

const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '—');
/** Whitespace collapsed, at most `n` characters and "…". */
const clip = (s: string, n: number) => ellipsis(s.replace(/\s+/g, ' ').trim(), n + 1);

export interface CompileInput {
  campaign: CampaignRow;
  settings: CampaignSettings;
  periodKey: string;
  unit: { id: string; name: string; shortName: string; regionCode: string } | null;
}

/**
 * Figures and words of a summary, from the accepted reports and the ledger (no writes). Inside a
 * transaction pass its `tx` as `db`: PGlite has one connection, a query on deps.db would wait forever.
 */
export async function compileSummary(deps: AppDeps, input: CompileInput, db: DbOrTx = deps.db): Promise<{ title: string; recipient: string; issuer: string; sections: SummarySection[]; stats: Record<string, unknown> }> {
  const { campaign, settings, periodKey, unit } = input;
  const kind = summaryKindOf(periodKey)!;
  const periods = summaryPeriods(periodKey, campaign.startDate, campaign.endDate);
  const from = periods[0];
  const to = periods.at(-1)!;
  const day = deps.clock.today();
  const evalDate = [day, lastDay(to)].sort()[0];
  const scope: CampaignScope = unit ? { kind: 'unit', unitId: unit.id, regionCode: unit.regionCode } : { kind: 'region', prefix: campaign.regionCode };
  const allUnits = await loadUnits(db);
  const unitName = (id: string) => allUnits.name(id);
  const [units, matrix, asOf, tasks, narratives, reportTexts, indicators, latest, phases, vetoes, reviews] = await Promise.all([
    reportingUnits(db, campaign.id, scope, allUnits),
    repo.reportMatrix(db, campaign.id, scope),
    repo.dutiesAsOf(db, campaign.id, scope, to, allUnits.order),
    repo.listTasks(db, campaign.id),
    repo.acceptedNarratives(db, campaign.id, from, to, unit?.id ?? null),
    repo.reportSummaries(db, campaign.id, from, to, unit?.id ?? null, allUnits.order),
    repo.listIndicators(db, campaign.id),
    repo.indicatorLatest(db, campaign.id, scope, to),
    repo.listPhases(db, campaign.id),
    repo.listVetoes(db, campaign.id),
    repo.reviewFacts(db, campaign.id, from, to, day),
  ]);
  // Figures as they stood at the end of the period (the latest accepted status up to `to`).
  const tally = (list: repo.DutyAsOf[]) => ({
    total: list.length,
    done: list.filter((d) => d.status === '已完成').length,
    progress: list.filter((d) => d.status === '推进中').length,
    lagging: list.filter((d) => d.status === '滞后').length,
  });
  const measured = unit ? asOf : asOf.filter((d) => d.role === 'lead');
  const groupBy = <K extends string>(list: repo.DutyAsOf[], key: (d: repo.DutyAsOf) => K) => {
    const m = new Map<K, repo.DutyAsOf[]>();
    for (const d of list) {
      const k = key(d);
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(d);
    }
    return m;
  };
  const byTaskMap = groupBy(measured, (d) => d.taskId);
  const byTask = [...byTaskMap].map(([taskId, list]) => ({ taskId, ...tally(list) }));
  const byUnit = [...groupBy(asOf, (d) => d.unitId)].map(([unitId, list]) => ({
    unitId,
    ...tally(list),
    due: list.filter((d) => d.dueDate && d.dueDate <= evalDate).length,
    dueDone: list.filter((d) => d.dueDate && d.dueDate <= evalDate && d.status === '已完成').length,
  }));
  const overdueItems = asOf.filter((d) => d.status !== '已完成' && d.dueDate && d.dueDate < evalDate && d.role !== 'territorial');
  const byPhase = phases.map((p) => {
    const list = measured.filter((d) => d.dueDate && p.startDate && p.endDate && d.dueDate >= p.startDate && d.dueDate <= p.endDate);
    return { phaseId: p.id, ...tally(list) };
  });
  const inRange = matrix.filter((m) => m.period >= from && m.period <= to);
  const duePeriods = periods.filter((p) => dueDateOf(p, settings.dueDay) < day);
  const expected = units.length * duePeriods.length;
  const submitted = inRange.filter((m) => m.status !== 'draft').length;
  const accepted = inRange.filter((m) => m.status === 'accepted').length;
  const late = inRange.filter((m) => m.late).length;
  const returned = inRange.filter((m) => m.returnCount > 0).length;
  const items = tally(measured);
  const lead = tally(asOf.filter((d) => d.role === 'lead'));
  const workItems = new Set(asOf.map((d) => d.itemId)).size;
  const base = campaign.name.replace(/方案$/, '').replace(/实施$/, '');
  const label = summaryKeyLabel(periodKey);
  const who = unit ? unit.shortName : '全区';
  const taskById = new Map(tasks.map((t) => [t.id, t]));

  // indicator figures (avg or sum of the latest accepted values)
  const indLines = indicators.map(({ i }) => {
    const vals = latest.filter((l) => l.indicatorId === i.id && l.value !== null).map((l) => Number(l.value));
    const cur = vals.length ? (i.aggregate === 'sum' ? vals.reduce((a, b) => a + b, 0) : vals.reduce((a, b) => a + b, 0) / vals.length) : null;
    const target = i.targetValue === null ? '' : `${COMPARATOR_LABELS[i.comparator as '>=']}${i.targetValue}${i.unit}`;
    const met = cur === null || i.targetValue === null ? null : i.comparator === '<=' ? cur <= i.targetValue : i.comparator === '<' ? cur < i.targetValue : cur >= i.targetValue;
    return { name: i.name, cur, target, met, unit: i.unit };
  });
  const reported = indLines.filter((l) => l.cur !== null);

  // 主要工作: per group of the plan (二、主要任务 → （一）…（四）), the best narrative of each task
  const groups = tasks.filter((t) => t.kind === 'group' && tasks.some((c) => c.parentId === t.id && c.kind === 'task'));
  const bestByTask = new Map<string, (typeof narratives)[number]>();
  for (const n of narratives) {
    const cur = bestByTask.get(n.taskId);
    if (!cur || n.period > cur.period || (n.period === cur.period && n.narrative.length > cur.narrative.length)) bestByTask.set(n.taskId, n);
  }
  const workChildren: SummarySection[] = [];
  for (const g of groups) {
    const paras: string[] = [];
    for (const t of tasks.filter((x) => x.parentId === g.id && x.kind === 'task')) {
      const n = bestByTask.get(t.id);
      const st = byTask.find((b) => b.taskId === t.id);
      if (!n && !st) continue;
      const progress = st ? `（${st.done}/${st.total}项完成）` : '';
      paras.push(`${t.title}${progress}。${n ? `${clip(n.narrative, 160)}${unit ? '' : `（${unitName(n.unitId)}）`}` : '本期无新进展报送。'}`);
    }
    if (paras.length) workChildren.push({ heading: g.title, paragraphs: paras });
  }
  if (!workChildren.length) {
    const paras = [...bestByTask.values()].slice(0, 12).map((n) => `${taskById.get(n.taskId)?.title ?? ''}：${clip(n.narrative, 160)}`);
    workChildren.push({ heading: '重点任务推进情况', paragraphs: paras.length ? paras : ['本期暂无已采纳的进展报告，请各单位按时报送。'] });
  }

  const problems = [...new Set(reportTexts.map((r) => r.problems.trim()).filter(Boolean))].slice(0, 6).map((p) => (unit ? clip(p, 200) : `${unitName(reportTexts.find((r) => r.problems.trim() === p)?.unitId ?? '')}反映：${clip(p, 180)}`));
  const autoProblems: string[] = [];
  if (expected > submitted) autoProblems.push(`月度报送不够及时：应报${expected}期次，实报${submitted}期次，迟报${late}期次，${returned}期次报告经退回修改。`);
  if (overdueItems.length) {
    const units2 = [...new Set(overdueItems.map((o) => unitName(o.unitId)))];
    autoProblems.push(`截至${periodLabel(to)}，${overdueItems.length}项任务超过完成时限仍未完成，涉及${units2.slice(0, 8).join('、')}${units2.length > 8 ? '等' : ''}${units2.length}家单位。`);
  }
  if (items.lagging) autoProblems.push(`${items.lagging}项任务进展滞后，需加大推进力度。`);
  const nextPlans = [...new Set(reportTexts.filter((r) => r.period === to).map((r) => r.nextPlan.trim()).filter(Boolean))].slice(0, 4).map((p) => clip(p, 160));
  const upcoming = await repo.dutiesDueBetween(db, campaign.id, scope, `${shiftPeriod(to, 1)}-01`, lastDay(shiftPeriod(to, 3)));

  const overview: string[] = [
    unit
      ? `截至${periodLabel(to)}，${who}承担${items.total}个事项（牵头${lead.total}个），已完成${items.done}个（完成率${pct(items.done, items.total)}），正在推进${items.progress}个，进展滞后${items.lagging}个。`
      : `截至${periodLabel(to)}，全区${units.length}家责任单位承担${workItems}个事项、${items.total}项牵头任务，已完成牵头任务${items.done}项（完成率${pct(items.done, items.total)}），正在推进${items.progress}项，进展滞后${items.lagging}项。`,
    `${label}月度进展报告应报${expected}期次，已报送${submitted}期次（报送率${pct(submitted, expected)}），已采纳${accepted}期次，按时报送${submitted - late}期次，迟报${late}期次。`,
  ];
  if (reported.length) overview.push(`${indicators.length}项目标指标中${reported.length}项已有填报数据，${reported.filter((l) => l.met).length}项达到目标要求。`);

  let sections: SummarySection[];
  if (kind === 'final') {
    const facts: UnitFacts[] = units.map((u) => {
      const d = byUnit.find((x) => x.unitId === u.unitId);
      const r = reviews.find((x) => x.unitId === u.unitId);
      const v = vetoes.find((x) => x.unitId === u.unitId);
      return {
        unitId: u.unitId,
        reportsDue: duePeriods.length,
        onTime: Number(r?.onTime ?? 0),
        late: Number(r?.late ?? 0),
        items: Number(d?.total ?? 0),
        completed: Number(d?.done ?? 0),
        inProgress: Number(d?.progress ?? 0),
        itemsDue: d?.due ?? 0,
        itemsDueCompleted: d?.dueDone ?? 0,
        reviewed: Number(r?.reviewed ?? 0),
        firstPass: Number(r?.firstPass ?? 0),
        veto: v ? { reason: v.reason } : null,
      };
    });
    const ranked = rankUnits(facts, { ...DEFAULT_ASSESSMENT, weights: settings.weights, latePenalty: settings.latePenalty });
    const nameOf = (id: string) => units.find((u) => u.unitId === id)?.name ?? '';
    const grades = ['优秀', '良好', '合格', '不合格'].map((g) => ({ g, n: ranked.filter((r) => r.grade === g).length }));
    sections = [
      {
        heading: '基本情况',
        paragraphs: [
          `${campaign.docNumber ? `《${campaign.name}》（${campaign.docNumber}）` : `《${campaign.name}》`}印发以来，全区按照${phases.map((p) => p.name).join('、')}等阶段有序推进专项整治工作。`,
          ...overview,
        ],
      },
      {
        heading: '任务完成情况',
        paragraphs: [],
        children: [
          {
            heading: '分阶段完成情况',
            paragraphs: phases.map((p) => {
              const s = byPhase.find((x) => x.phaseId === p.id);
              return `${p.name}阶段（${p.startDate ?? ''}至${p.endDate ?? ''}）：${s && s.total ? `应完成${s.total}项，已完成${s.done}项，完成率${pct(s.done, s.total)}。` : '无到期任务。'}`;
            }),
          },
          ...workChildren,
        ],
      },
      {
        heading: '目标指标完成情况',
        paragraphs: indLines.length
          ? indLines.map((l) => `${clip(l.name, 40)}：目标${l.target || '—'}，${l.cur === null ? '尚无填报数据' : `当前${Math.round(l.cur * 10) / 10}${l.unit}，${l.met ? '已达标' : '未达标'}`}。`)
          : ['本专项行动未设置量化指标。'],
      },
      {
        heading: '考核评估情况',
        paragraphs: [
          `按照按时报送${settings.weights.timeliness}%、任务完成${settings.weights.completion}%、审核质量${settings.weights.review}%的权重进行综合评估，${grades.map((x) => `${x.g}${x.n}家`).join('，')}。`,
          ranked.length ? `综合得分前五名：${ranked.slice(0, 5).map((r) => `${nameOf(r.unitId)}（${r.score}分）`).join('、')}。` : '',
          vetoes.length ? `${vetoes.map((v) => `${nameOf(v.unitId)}因${v.reason}`).join('；')}，实行“一票否决”。` : '',
        ].filter(Boolean),
      },
      { heading: '存在的问题', paragraphs: [...autoProblems, ...problems].length ? [...autoProblems, ...problems] : ['各单位工作推进总体平稳。'] },
      {
        heading: '下一步工作建议',
        paragraphs: [
          '巩固专项整治成果，把行之有效的经验做法固化为制度成果，推动问题隐患和制度措施“两个清单”动态更新、常态长效。',
          '对未完成的任务逐项明确责任单位、整改措施和完成时限，纳入下一年度安全生产工作要点持续推进。',
        ],
      },
    ];
  } else {
    sections = [
      { heading: '总体进展情况', paragraphs: overview },
      { heading: '主要工作及成效', paragraphs: [], children: workChildren },
      { heading: '存在的问题', paragraphs: [...autoProblems, ...problems].length ? [...autoProblems, ...problems] : ['本期工作推进总体平稳，未发现突出问题。'] },
      {
        heading: '下一步工作打算',
        paragraphs: [
          ...nextPlans,
          ...(upcoming.length ? [`下阶段有${upcoming.length}项任务到期，包括${upcoming.slice(0, 5).map((u) => `${nodeLabel(u.nodeId)}“${clip(u.title, 20)}”（${u.dueDate}）`).join('、')}等，须确保按时完成。`] : []),
          '继续严格落实月度报送制度，对逾期未报、进展滞后的单位加强督办，确保各项任务按期完成。',
        ],
      },
    ];
  }
  const title = kind === 'final' ? `${base}全面总结评估报告` : `${unit ? unit.shortName : '东西湖区'}${base.replace(/^东西湖区/, '')}${label}工作总结`;
  return {
    title,
    recipient: unit ? '区安委办：' : '区安委会：',
    issuer: unit ? unit.name : '东西湖区安全生产委员会办公室',
    sections,
    stats: {
      periods: { from, to, label: `${periodLabel(from)}至${periodLabel(to)}` },
      units: units.length,
      items,
      lead,
      reports: { expected, submitted, accepted, late, returned },
      indicators: indLines,
      overdueItems: overdueItems.length,
      asOf: to,
    },
  };
}
