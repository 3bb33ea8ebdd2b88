import { can, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import type { DbOrTx } from '../../db';
import { AppError, forbidden, invalidField, notFound, parseOrThrow } from '../../platform/errors';
import { addMonths, chinaDate, dueDateOf, lastDay, periodLabel, summaryKeyLabel, summaryKindOf, summaryPeriods, SUMMARY_KIND_LABELS } from '../../../shared/campaign/periods';
import { DEFAULT_ASSESSMENT, rankUnits, type UnitFacts } from '../../../shared/campaign/scoring';
import { COMPARATOR_LABELS, SummaryCreate, SummaryUpdate, type SummarySection } from '../../../shared/contracts/campaign';
import * as repo from './campaign.repo';
import type { CampaignRow, CampaignScope, SummaryRow } from './campaign.repo';
import { loadCampaign, settingsOf, today } from './campaign.service';
import { renderOfficialDocx } from './campaign.docx';
import type { CampaignSettings } from '../../../shared/contracts/campaign';

/**
 * Quarterly, half-year and annual summaries (district-wide by the office, per unit by each unit)
 * and the final evaluation (全面总结评估, 2022年11月 in the reference plan). A summary is compiled
 * from the accepted reports and the ledger's figures into structured sections, which the office
 * edits before issuing; the .docx is rendered in 公文 layout (campaign.docx.ts).
 */

const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '—');
const clip = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

export function presentSummary(s: SummaryRow, unitName: string | null) {
  return {
    id: s.id,
    campaignId: s.campaignId,
    unitId: s.unitId,
    unitName,
    kind: s.kind,
    kindLabel: SUMMARY_KIND_LABELS[s.kind as 'quarter'],
    periodKey: s.periodKey,
    periodLabel: summaryKeyLabel(s.periodKey),
    title: s.title,
    recipient: s.recipient,
    docNumber: s.docNumber,
    issuer: s.issuer,
    issuedOn: s.issuedOn,
    sections: s.sections as SummarySection[],
    stats: s.stats as Record<string, unknown>,
    status: s.status,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    finalizedAt: s.finalizedAt?.toISOString() ?? null,
  };
}

interface CompileInput {
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
  const day = today();
  const evalDate = [day, lastDay(to)].sort()[0];
  const scope: CampaignScope = unit ? { kind: 'unit', unitId: unit.id, regionCode: unit.regionCode } : { kind: 'region', prefix: campaign.regionCode };
  const [units, matrix, asOf, tasks, narratives, reportTexts, indicators, latest, phases, vetoes, reviews] = await Promise.all([
    repo.reportingUnits(db, campaign.id, scope),
    repo.reportMatrix(db, campaign.id, scope),
    repo.dutiesAsOf(db, campaign.id, scope, to),
    repo.listTasks(db, campaign.id),
    repo.acceptedNarratives(db, campaign.id, from, to, unit?.id ?? null),
    repo.reportSummaries(db, campaign.id, from, to, unit?.id ?? null),
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
      paras.push(`${t.title}${progress}。${n ? `${clip(n.narrative, 160)}${unit ? '' : `（${n.unitName}）`}` : '本期无新进展报送。'}`);
    }
    if (paras.length) workChildren.push({ heading: g.title, paragraphs: paras });
  }
  if (!workChildren.length) {
    const paras = [...bestByTask.values()].slice(0, 12).map((n) => `${taskById.get(n.taskId)?.title ?? ''}：${clip(n.narrative, 160)}`);
    workChildren.push({ heading: '重点任务推进情况', paragraphs: paras.length ? paras : ['本期暂无已采纳的进展报告，请各单位按时报送。'] });
  }

  const problems = [...new Set(reportTexts.map((r) => r.problems.trim()).filter(Boolean))].slice(0, 6).map((p) => (unit ? clip(p, 200) : `${reportTexts.find((r) => r.problems.trim() === p)?.unitName ?? ''}反映：${clip(p, 180)}`));
  const autoProblems: string[] = [];
  if (expected > submitted) autoProblems.push(`月度报送不够及时：应报${expected}期次，实报${submitted}期次，迟报${late}期次，${returned}期次报告经退回修改。`);
  if (overdueItems.length) {
    const units2 = [...new Set(overdueItems.map((o) => o.unitName))];
    autoProblems.push(`截至${periodLabel(to)}，${overdueItems.length}项任务超过完成时限仍未完成，涉及${units2.slice(0, 8).join('、')}${units2.length > 8 ? '等' : ''}${units2.length}家单位。`);
  }
  if (items.lagging) autoProblems.push(`${items.lagging}项任务进展滞后，需加大推进力度。`);
  const nextPlans = [...new Set(reportTexts.filter((r) => r.period === to).map((r) => r.nextPlan.trim()).filter(Boolean))].slice(0, 4).map((p) => clip(p, 160));
  const upcoming = await repo.dutiesDueBetween(db, campaign.id, scope, `${addMonths(to, 1)}-01`, lastDay(addMonths(to, 3)));

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
          ...(upcoming.length ? [`下阶段有${upcoming.length}项任务到期，包括${upcoming.slice(0, 5).map((u) => `${u.nodeId}“${clip(u.title, 20)}”（${u.dueDate}）`).join('、')}等，须确保按时完成。`] : []),
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

async function unitOf(deps: AppDeps, id: string, db: DbOrTx = deps.db) {
  return (await repo.allUnits(db)).find((u) => u.id === id);
}

export async function listSummaries(deps: AppDeps, ctx: RequestContext, campaignId: string) {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const rows = await repo.listSummaries(deps.db, scope, campaignId);
  return rows.map(({ s, unitName }) => presentSummary(s, unitName ?? null));
}

export async function getSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string) {
  const { scope } = await loadCampaign(deps, ctx, campaignId);
  const s = await repo.findSummary(deps.db, scope, id);
  if (!s || s.campaignId !== campaignId) throw notFound('总结');
  return presentSummary(s, s.unitId ? ((await unitOf(deps, s.unitId))?.shortName ?? null) : null);
}

export async function createSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, body: unknown) {
  const input = parseOrThrow(SummaryCreate, body);
  const { campaign, settings, actor, scope } = await loadCampaign(deps, ctx, campaignId);
  const unitId = input.unitId ?? null;
  // District-wide summaries are the office's; a unit compiles its own for 区安委办.
  if (!unitId && !can(actor, 'campaign.manage')) throw forbidden('全区总结由区安委办编制；本单位总结请选择本单位');
  if (unitId) {
    if (scope.kind === 'unit' && unitId !== scope.unitId) throw notFound('单位');
    if (unitId !== actor.unitId && !can(actor, 'campaign.manage')) throw forbidden();
    if (!(await repo.unitHasDuties(deps.db, campaignId, unitId))) throw invalidField('unitId', '该单位在本专项行动中没有承担任务');
  }
  if (!summaryPeriods(input.periodKey, campaign.startDate, campaign.endDate).length) throw invalidField('periodKey', `${summaryKeyLabel(input.periodKey)}不在专项行动期限内`);
  const unit = unitId ? await unitOf(deps, unitId) : null;
  if (unitId && !unit) throw invalidField('unitId', '单位不存在');
  const compiled = await compileSummary(deps, { campaign, settings, periodKey: input.periodKey, unit: unit ? { id: unit.id, name: unit.name, shortName: unit.shortName, regionCode: unit.regionCode } : null });
  const row = await deps.db.transaction(async (tx) => {
    const r = await repo.insertSummary(tx, {
      campaignId,
      unitId,
      regionCode: unit?.regionCode ?? campaign.regionCode,
      kind: summaryKindOf(input.periodKey)!,
      periodKey: input.periodKey,
      title: compiled.title,
      recipient: compiled.recipient,
      issuer: compiled.issuer,
      sections: compiled.sections,
      stats: compiled.stats,
      createdBy: actor.userId,
    });
    await recordAudit(tx, ctx, { action: 'campaign_summary.create', entity: 'campaign_summary', entityId: r.id, regionCode: r.regionCode, after: { campaignId, unitId, periodKey: r.periodKey, title: r.title } });
    return r;
  });
  return presentSummary(row, unit?.shortName ?? null);
}

async function lockEditable(tx: Parameters<Parameters<AppDeps['db']['transaction']>[0]>[0], deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, allowFinal = false) {
  const { actor, scope } = await loadCampaign(deps, ctx, campaignId, 'campaign.read', tx);
  const s = await repo.lockSummary(tx, scope, id);
  if (!s || s.campaignId !== campaignId) throw notFound('总结');
  const mayEdit = s.unitId ? s.unitId === actor.unitId || can(actor, 'campaign.manage') : can(actor, 'campaign.manage');
  if (!mayEdit) throw forbidden();
  if (!allowFinal && s.status === 'final') throw new AppError('CONFLICT', '总结已定稿，不能修改；如需修改请先退回草稿');
  return { actor, s };
}

export async function updateSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, body: unknown) {
  const input = parseOrThrow(SummaryUpdate, body);
  const row = await deps.db.transaction(async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    if (input.version !== undefined && input.version !== s.version) throw new AppError('CONFLICT', '该总结已被他人修改，请刷新后再编辑', { currentVersion: s.version });
    const { version: _v, ...values } = input;
    const after = await repo.updateSummaryRow(tx, id, values);
    await recordAudit(tx, ctx, {
      action: 'campaign_summary.update',
      entity: 'campaign_summary',
      entityId: id,
      regionCode: s.regionCode,
      before: { title: s.title, recipient: s.recipient, docNumber: s.docNumber, issuer: s.issuer, issuedOn: s.issuedOn, sections: s.sections },
      after: { title: after.title, recipient: after.recipient, docNumber: after.docNumber, issuer: after.issuer, issuedOn: after.issuedOn, sections: after.sections },
    });
    return after;
  });
  return getSummary(deps, ctx, campaignId, row.id);
}

/** Compile again from the current data (draft only): the office's edits are replaced. */
export async function recompileSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string) {
  const { campaign, settings } = await loadCampaign(deps, ctx, campaignId);
  await deps.db.transaction(async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    const unit = s.unitId ? await unitOf(deps, s.unitId, tx) : null;
    const compiled = await compileSummary(deps, { campaign, settings, periodKey: s.periodKey, unit: unit ? { id: unit.id, name: unit.name, shortName: unit.shortName, regionCode: unit.regionCode } : null }, tx);
    await repo.updateSummaryRow(tx, id, { sections: compiled.sections, stats: compiled.stats });
    await recordAudit(tx, ctx, { action: 'campaign_summary.recompile', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { sections: s.sections }, after: { sections: compiled.sections } });
  });
  return getSummary(deps, ctx, campaignId, id);
}

export async function setSummaryStatus(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string, status: 'final' | 'draft') {
  await deps.db.transaction(async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id, true);
    if (s.status === status) throw new AppError('CONFLICT', status === 'final' ? '总结已定稿' : '总结已是草稿');
    await repo.updateSummaryRow(tx, id, { status, finalizedAt: status === 'final' ? new Date() : null, issuedOn: status === 'final' ? (s.issuedOn ?? chinaDate()) : s.issuedOn });
    await recordAudit(tx, ctx, { action: status === 'final' ? 'campaign_summary.finalize' : 'campaign_summary.reopen', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { status: s.status }, after: { status } });
  });
  return getSummary(deps, ctx, campaignId, id);
}

export async function deleteSummary(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string) {
  await deps.db.transaction(async (tx) => {
    const { s } = await lockEditable(tx, deps, ctx, campaignId, id);
    await repo.deleteSummaryRow(tx, id);
    await recordAudit(tx, ctx, { action: 'campaign_summary.delete', entity: 'campaign_summary', entityId: id, regionCode: s.regionCode, before: { title: s.title, periodKey: s.periodKey, unitId: s.unitId } });
  });
  return { ok: true };
}

export async function summaryDocx(deps: AppDeps, ctx: RequestContext, campaignId: string, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const { settings } = await loadCampaign(deps, ctx, campaignId);
  const s = await getSummary(deps, ctx, campaignId, id);
  const buffer = await renderOfficialDocx({
    title: s.title,
    docNumber: s.docNumber || null,
    recipient: s.recipient || null,
    sections: s.sections,
    issuer: s.issuer,
    issuedOn: s.issuedOn ?? today(),
    fontProfile: settingsOf({ settings: { ...settings } }).fontProfile,
    note: s.status === 'draft' ? '（草稿）' : null,
  });
  return { buffer, fileName: `${s.title}${s.status === 'draft' ? '（草稿）' : ''}.docx` };
}
