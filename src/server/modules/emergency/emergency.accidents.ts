import { and, eq, ilike, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { can, escapeLike, inScope, requireActor, scopeCondition, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import { findEnterprise, listUnits } from '../org';
import type { AccidentCreate, AccidentDetail, AccidentQuery, AccidentReportInput, AccidentStats, AccidentStatsQuery, AccidentView, StatsRow } from '../../../shared/contracts/emergency.accidents';
import { FIRST_REPORT_HOURS, REPORT_KIND_LABELS, accidentGrade, finalReportDue, firstReportDeadline, supplementDays, type AccidentGrade, type ReportKind } from '../../../shared/emergency/accident-grade';
import { REGIONS, SECTORS } from '../../../shared/org/reference';
import { chinaDayStart, chinaMonth, chinaYear, formatDateTime } from '../../../shared/time';
import * as repo from './emergency.duty.repo';
import { emergencyAccidents as A } from './emergency-duty.schema';

/**
 * 事故信息报送 (国务院493号令). An enterprise reports its own accident; streets, departments and the
 * office report those of their scope. The 首报 is due within 1 hour (第九条); 续报 follow as facts change;
 * casualties changing within 30 days (7 for fire and road traffic) are reported again (第十三条), after
 * which the 终报 closes the report. The grade is derived from the latest casualties and loss (第三条).
 * Every unit sees the accidents of its scope (the office all of the district) with their timeline.
 */

export const REPORT_PERMISSION = 'emergency.accident.report';
const regionName = (code: string) => REGIONS.find((r) => r.code === code)?.name ?? code;
const sectorName = (code: string) => SECTORS.find((s) => s.code === code)?.name ?? code;

function scopeOf(actor: Actor): SQL {
  return scopeCondition(actor.scope, { regionCode: A.regionCode, sector: A.sector, enterpriseId: A.enterpriseId });
}

function overdueCond(now: Date): SQL {
  return or(sql`${A.firstReportedAt} > ${A.deadlineAt}`, and(eq(A.status, 'open'), lt(A.finalDueAt, now)))!;
}

function view(deps: AppDeps, actor: Actor, r: repo.AccidentRow): AccidentView {
  const now = deps.clock.now();
  return {
    id: r.id,
    type: r.type,
    occurredAt: r.occurredAt.toISOString(),
    knownAt: r.knownAt?.toISOString() ?? null,
    place: r.place,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    regionCode: r.regionCode,
    regionName: regionName(r.regionCode),
    sector: r.sector,
    sectorName: sectorName(r.sector),
    deaths: r.deaths,
    missing: r.missing,
    seriousInjuries: r.seriousInjuries,
    minorInjuries: r.minorInjuries,
    directLossWan: r.directLossWan,
    grade: r.grade as AccidentGrade,
    status: r.status as 'open' | 'closed',
    statusLabel: r.status === 'closed' ? '已终报' : '续报中',
    summary: r.summary,
    cause: r.cause,
    measures: r.measures,
    reporterUnitName: r.reporterUnitName,
    firstReportedAt: r.firstReportedAt.toISOString(),
    deadlineAt: r.deadlineAt.toISOString(),
    reportCount: r.reportCount,
    lastReportAt: r.lastReportAt.toISOString(),
    canReport: r.status === 'open' && can(actor, REPORT_PERMISSION),
    firstLate: r.firstReportedAt.getTime() > r.deadlineAt.getTime(),
    finalOverdue: r.status === 'open' && r.finalDueAt.getTime() < now.getTime(),
    followDue: r.status === 'open' ? r.finalDueAt.toISOString() : null,
  };
}

/** Where the accident happened (street, sector, unit): the enterprise's, or as given — within the reporter's scope. */
async function placeOf(deps: AppDeps, actor: Actor, input: AccidentCreate) {
  const enterpriseId = actor.enterpriseId ?? input.enterpriseId;
  if (actor.enterpriseId && input.enterpriseId && input.enterpriseId !== actor.enterpriseId) throw invalidField('enterpriseId', '企业只能报送本企业的事故');
  if (enterpriseId) {
    const e = await findEnterprise(deps.db, actor.scope, enterpriseId);
    if (!e) throw invalidField('enterpriseId', '企业不存在或不在本单位管辖范围内');
    return { enterpriseId: e.e.id, enterpriseName: e.e.name, regionCode: e.e.regionCode, sector: e.e.sector };
  }
  if (!input.enterpriseName) throw invalidField('enterpriseName', '请选择登记企业或填写事故单位名称');
  if (!input.regionCode) throw invalidField('regionCode', '请选择事故发生的街道');
  if (!input.sector) throw invalidField('sector', '请选择行业领域');
  if (!REGIONS.some((r) => r.code === input.regionCode && r.kind !== 'district')) throw invalidField('regionCode', '街道代码不存在');
  if (!SECTORS.some((s) => s.code === input.sector)) throw invalidField('sector', '行业领域代码不存在');
  if (!inScope(actor.scope, { regionCode: input.regionCode, sector: input.sector })) throw invalidField('regionCode', '事故地点或行业不在本单位管辖范围内');
  return { enterpriseId: null, enterpriseName: input.enterpriseName, regionCode: input.regionCode, sector: input.sector };
}

const snapshot = (r: repo.AccidentRow) => ({ ...r });
const casualtiesOf = (i: { deaths: number; missing?: number; seriousInjuries: number; minorInjuries?: number; directLossWan: number }) => ({
  deaths: i.deaths,
  missing: i.missing ?? 0,
  seriousInjuries: i.seriousInjuries,
  minorInjuries: i.minorInjuries ?? 0,
  directLossWan: i.directLossWan,
});

/** 首报. */
export async function reportAccident(deps: AppDeps, ctx: RequestContext, input: z.output<typeof AccidentCreate>): Promise<AccidentDetail> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const occurredAt = new Date(input.occurredAt);
  const knownAt = input.knownAt ? new Date(input.knownAt) : null;
  // a few minutes' grace for a clock that runs ahead on the reporter's phone
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) throw invalidField('occurredAt', '发生时间不能晚于现在');
  if (occurredAt.getUTCFullYear() < 2000) throw invalidField('occurredAt', '发生时间不能早于 2000 年');
  if (knownAt && knownAt.getTime() < occurredAt.getTime()) throw invalidField('knownAt', '获知时间不能早于发生时间');
  if (knownAt && knownAt.getTime() > now.getTime() + 5 * 60_000) throw invalidField('knownAt', '获知时间不能晚于现在');
  const place = await placeOf(deps, actor, input);
  const c = casualtiesOf(input);
  const grade = accidentGrade(c);
  const id = await deps.db.transaction(async (tx) => {
    const [r] = await repo.insertAccidents(tx, [
      {
        ...place,
        ...c,
        type: input.type,
        occurredAt,
        knownAt,
        place: input.place,
        summary: input.summary,
        cause: input.cause || null,
        measures: input.measures || null,
        grade,
        status: 'open',
        reporterUnitId: actor.enterpriseId ?? actor.unitId,
        reporterUnitName: actor.enterpriseId ? place.enterpriseName : (actor.unitName ?? actor.displayName),
        firstReportedAt: now,
        deadlineAt: firstReportDeadline(occurredAt, knownAt),
        finalDueAt: finalReportDue(occurredAt, input.type),
        lastReportAt: now,
        reportCount: 1,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await repo.insertAccidentReports(tx, [{ accidentId: r.id, kind: 'first', at: now, actorName: actor.displayName, actorUnit: r.reporterUnitName, content: [input.summary, input.measures ? `已采取措施：${input.measures}` : ''].filter(Boolean).join('\n'), ...c, grade }]);
    await recordAudit(tx, ctx, { action: 'emergency.accident.report', entity: 'emergency_accident', entityId: r.id, regionCode: r.regionCode, after: snapshot(r) });
    return r.id;
  });
  return getAccident(deps, ctx, id);
}

/** 续报 (facts changed) or 终报 (closes the report). */
export async function addAccidentReport(deps: AppDeps, ctx: RequestContext, id: string, input: z.output<typeof AccidentReportInput>): Promise<AccidentDetail> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await repo.findAccident(tx, id, scopeOf(actor), true);
    if (!before) throw notFound('事故');
    if (before.status === 'closed') throw conflict('该事故已终报，不能再报送');
    if (!can(actor, REPORT_PERMISSION)) throw forbidden();
    const c = casualtiesOf(input);
    const grade = accidentGrade(c);
    const kind: ReportKind = input.kind;
    const after = await repo.updateAccident(tx, id, {
      ...c,
      grade,
      cause: input.cause || before.cause,
      status: kind === 'final' ? 'closed' : 'open',
      closedAt: kind === 'final' ? now : null,
      lastReportAt: now,
      reportCount: before.reportCount + 1,
      updatedAt: now,
    });
    await repo.insertAccidentReports(tx, [{ accidentId: id, kind, at: now, actorName: actor.displayName, actorUnit: actor.unitName ?? before.enterpriseName, content: input.content, ...c, grade }]);
    await recordAudit(tx, ctx, { action: `emergency.accident.${kind}`, entity: 'emergency_accident', entityId: id, regionCode: after.regionCode, before: snapshot(before), after: snapshot(after) });
  });
  return getAccident(deps, ctx, id);
}

export async function getAccident(deps: AppDeps, ctx: RequestContext, id: string): Promise<AccidentDetail> {
  const actor = requireActor(ctx);
  const r = await repo.findAccident(deps.db, id, scopeOf(actor));
  if (!r) throw notFound('事故');
  const reports = await repo.reportsOf(deps.db, id);
  return {
    ...view(deps, actor, r),
    timeline: reports.map((x) => ({
      id: x.id,
      kind: x.kind as ReportKind,
      kindLabel: REPORT_KIND_LABELS[x.kind as ReportKind] ?? x.kind,
      at: x.at.toISOString(),
      actorName: x.actorName,
      actorUnit: x.actorUnit,
      content: x.content,
      deaths: x.deaths,
      missing: x.missing,
      seriousInjuries: x.seriousInjuries,
      minorInjuries: x.minorInjuries,
      directLossWan: x.directLossWan,
      grade: x.grade,
      late: x.kind === 'first' && x.at.getTime() > r.deadlineAt.getTime(),
    })),
  };
}

export async function listAccidents(deps: AppDeps, ctx: RequestContext, q: z.output<typeof AccidentQuery>) {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const conds: (SQL | undefined)[] = [scopeOf(actor)];
  if (q.status) conds.push(eq(A.status, q.status));
  if (q.grade) conds.push(eq(A.grade, q.grade));
  if (q.overdue) conds.push(overdueCond(now));
  if (q.month) {
    const [y, m] = q.month.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    conds.push(sql`${A.occurredAt} >= ${chinaDayStart(`${q.month}-01`)} AND ${A.occurredAt} < ${chinaDayStart(next)}`);
  }
  if (q.q) {
    const t = `%${escapeLike(q.q)}%`;
    conds.push(or(ilike(A.enterpriseName, t), ilike(A.place, t), ilike(A.summary, t), like(A.type, t)));
  }
  const where = and(...conds);
  const r = await repo.listAccidents(deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  const overdueCount = await repo.countAccidents(deps.db, and(scopeOf(actor), overdueCond(now)));
  return { items: r.items.map((x) => view(deps, actor, x)), total: r.total, page: q.page, pageSize: q.pageSize, overdueCount };
}

// ---------- statistics ----------

type Fig = { count: number; deaths: number; injuries: number; lossWan: number };
const zero = (): Fig => ({ count: 0, deaths: 0, injuries: 0, lossWan: 0 });
const add = (f: Fig, c: repo.StatsCell) => {
  f.count += c.count;
  f.deaths += c.deaths;
  f.injuries += c.injuries;
  f.lossWan = Math.round((f.lossWan + c.lossWan) * 100) / 100;
};
/** 同比: (本期 − 上年同期) / 上年同期 × 100, one decimal; no base → null (shown as “—”). */
export const yoy = (now: number, before: number): number | null => (before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10);

function rowOf(key: string, name: string, cells: repo.StatsCell[], year: number, month: number): StatsRow {
  const m = zero();
  const cum = zero();
  const last = zero();
  for (const c of cells) {
    if (c.year === year && c.month === month) add(m, c);
    if (c.year === year && c.month <= month) add(cum, c);
    if (c.year === year - 1 && c.month <= month) add(last, c);
  }
  return { key, name, month: m, cumulative: cum, lastYear: last, change: { count: yoy(cum.count, last.count), deaths: yoy(cum.deaths, last.deaths), injuries: yoy(cum.injuries, last.injuries), lossWan: yoy(cum.lossWan, last.lossWan) } };
}

/** Monthly statistics: the month, the year to the month, the same period last year and the change, by sector and street. */
export async function accidentStats(deps: AppDeps, ctx: RequestContext, q: z.output<typeof AccidentStatsQuery>): Promise<AccidentStats> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const year = q.year ?? chinaYear(now);
  const month = q.month ?? (year === chinaYear(now) ? Number(chinaMonth(now).slice(5)) : 12);
  const cells = await repo.accidentFigures(deps.db, scopeOf(actor), [year, year - 1]);
  const sectors = SECTORS.filter((s) => cells.some((c) => c.sector === s.code));
  const streets = REGIONS.filter((r) => r.kind !== 'district' && (actor.scope.kind !== 'region' || r.code.startsWith(actor.scope.prefix)) && (actor.scope.kind === 'region' || actor.scope.kind === 'all' || cells.some((c) => c.regionCode === r.code)));
  const byMonth = Array.from({ length: 12 }, (_, i) => i + 1).map((m) => ({
    month: m,
    count: cells.filter((c) => c.year === year && c.month === m).reduce((s, c) => s + c.count, 0),
    lastYearCount: cells.filter((c) => c.year === year - 1 && c.month === m).reduce((s, c) => s + c.count, 0),
    deaths: cells.filter((c) => c.year === year && c.month === m).reduce((s, c) => s + c.deaths, 0),
  }));
  return {
    year,
    month,
    total: rowOf('total', '合计', cells, year, month),
    bySector: sectors.map((s) => rowOf(s.code, s.name, cells.filter((c) => c.sector === s.code), year, month)),
    byStreet: streets.map((r) => rowOf(r.code, r.name, cells.filter((c) => c.regionCode === r.code), year, month)),
    byMonth,
  };
}

/** The statistics as .xlsx: one sheet by sector, one by street. */
export async function statsFile(deps: AppDeps, ctx: RequestContext, q: z.output<typeof AccidentStatsQuery>): Promise<{ body: Buffer; year: number; month: number }> {
  const s = await accidentStats(deps, ctx, q);
  const wb = await newWorkbook();
  wb.creator = '安治';
  const pct = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v}%`);
  for (const [title, list] of [['按行业领域', s.bySector], ['按街道', s.byStreet]] as const) {
    const ws = wb.addWorksheet(title);
    ws.addRow([`${s.year}年${s.month}月生产安全事故统计（${title}）`]);
    ws.addRow([title === '按街道' ? '街道' : '行业领域', '当月起数', '当月死亡', '当月受伤', '当月直接经济损失（万元）', '累计起数', '累计死亡', '累计受伤', '累计直接经济损失（万元）', '上年同期起数', '上年同期死亡', '上年同期受伤', '上年同期损失（万元）', '起数同比', '死亡同比', '受伤同比', '损失同比']);
    xlsxHeaderStyle(ws.getRow(2));
    for (const r of [...list, s.total]) {
      ws.addRow([r.name, r.month.count, r.month.deaths, r.month.injuries, r.month.lossWan, r.cumulative.count, r.cumulative.deaths, r.cumulative.injuries, r.cumulative.lossWan, r.lastYear.count, r.lastYear.deaths, r.lastYear.injuries, r.lastYear.lossWan, pct(r.change.count), pct(r.change.deaths), pct(r.change.injuries), pct(r.change.lossWan)]);
    }
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 18 : 12));
    ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 1 }];
  }
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), year: s.year, month: s.month };
}

// ---------- overdue notices ----------

/** A late 首报 is told of when it was filed within this many days (older late reports are history). */
export const FIRST_LATE_NOTICE_DAYS = 30;
export const ACCIDENT_OVERDUE_JOB = 'emergency.accident-overdue';

const accidentName = (a: repo.AccidentRow) => `${a.enterpriseName} ${formatDateTime(a.occurredAt)} ${a.type}事故`;

function lateBy(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} 小时 ${minutes % 60} 分钟` : `${hours} 小时`;
}

/** The notice of a milestone: names the accident and the deadline (493号令 第九条 / 第十三条). */
export function accidentNoticeText(a: repo.AccidentRow, milestone: repo.NoticeMilestone): { title: string; body: string; deadlineAt: Date } {
  if (milestone === 'first_late') {
    return {
      title: `事故首报迟报：${accidentName(a)}`,
      body: `${a.reporterUnitName}报送的首报应于 ${formatDateTime(a.deadlineAt)} 前报送（事故发生或获知后 ${FIRST_REPORT_HOURS} 小时内，493号令第九条），实际于 ${formatDateTime(a.firstReportedAt)} 报送，迟报 ${lateBy(a.firstReportedAt.getTime() - a.deadlineAt.getTime())}。请核实迟报原因。`,
      deadlineAt: a.deadlineAt,
    };
  }
  return {
    title: `事故终报逾期：${accidentName(a)}`,
    body: `该事故的终报应于 ${formatDateTime(a.finalDueAt)} 前报送（自事故发生之日起 ${supplementDays(a.type)} 日内伤亡人数有变化的应当补报，493号令第十三条），至今仍为续报中。请核实伤亡人数后报送终报。`,
    deadlineAt: a.finalDueAt,
  };
}

/**
 * The overdue job: once per accident and milestone — 首报 late (reported past its 1-hour deadline) or
 * 终报 overdue (still open past the 30-day, or 7-day for fires and road traffic, window) — tell the
 * reporting unit (an enterprise through its users) and the district's 安委办, and record the notice
 * (emergency_accident_notices: milestone, deadline, whom). The record's unique key and the
 * notifications' dedupe keys make re-runs and concurrent runs send nothing twice.
 */
export async function notifyOverdueAccidents(deps: AppDeps): Promise<{ sent: number } | undefined> {
  const now = deps.clock.now();
  return runExclusive(deps, ACCIDENT_OVERDUE_JOB, async (tx) => {
    const due = await repo.accidentsDueNotice(tx, now, new Date(now.getTime() - FIRST_LATE_NOTICE_DAYS * 86_400_000));
    if (!due.length) return { sent: 0 };
    const units = await listUnits(tx);
    let sent = 0;
    for (const { accident: a, milestone } of due) {
      const district = a.regionCode.slice(0, 6);
      const office = units.find((u) => u.kind === 'office' && u.active && u.regionCode.startsWith(district)) ?? units.find((u) => u.kind === 'office' && u.active);
      const byEnterprise = !!a.reporterUnitId && a.reporterUnitId === a.enterpriseId;
      const userIds = byEnterprise ? await repo.enterpriseUserIds(tx, a.enterpriseId!) : [];
      const unitIds = [...new Set([!byEnterprise ? a.reporterUnitId : null, office?.id].filter((x): x is string => !!x))];
      const text = accidentNoticeText(a, milestone);
      if (!(await repo.insertAccidentNotice(tx, { accidentId: a.id, milestone, deadlineAt: text.deadlineAt, sentAt: now, title: text.title, unitIds, userIds }))) continue;
      const kind = `emergency.accident.${milestone}`;
      const n = { kind, title: text.title, body: text.body, link: `/emergency/accidents/${a.id}` };
      for (const unitId of unitIds) await notify(tx, deps, { ...n, unitId, dedupeKey: `${kind}:${a.id}:${unitId}` });
      for (const userId of userIds) await notify(tx, deps, { ...n, userId, dedupeKey: `${kind}:${a.id}:${userId}` });
      sent++;
    }
    return { sent };
  });
}
