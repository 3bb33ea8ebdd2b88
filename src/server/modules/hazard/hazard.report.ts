import { and, eq, sql, type SQL } from 'drizzle-orm';
import { newWorkbook } from '../../platform/excel';
import { docxLib } from '../../platform/docx';
import { rows } from '../../db';
import type { z } from 'zod';
import { requireActor, type Actor, type RequestContext } from '../../platform/access';
import { DOCX_MIME, XLSX_MIME } from '../../../shared/contracts/endpoint';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { enterpriseNamesByIds, enterprisePlace, findEnterprise } from '../org';
import type { HazardStatistics, PublicSupervisionItem, ReportData, ReportFigures, ReportQuery, ReportSubmissions, ReportSubmitInput, StatsQuery } from '../../../shared/contracts/hazard';
import { reportPeriod, type ReportPeriod } from '../../../shared/hazard/dates';
import { chinaDate, daysBetween } from '../../../shared/time';
import { HAZARD_STATUS_LABELS, HAZARD_STATUSES, OPEN_STATUSES, partyOf } from '../../../shared/hazard/workflow';
import * as repo from './hazard.repo';
import { hazardReportSubmissions, hazards } from './hazard.schema';
import { ensureOverdueSwept, referenceNames } from './hazard.service';

// ---------- dashboard statistics (from hazard_counters: a few hundred rows at most) ----------

interface Tally {
  total: number;
  open: number;
  closed: number;
  dismissed: number;
  overdue: number;
  major: number;
  majorOpen: number;
}

const emptyTally = (): Tally => ({ total: 0, open: 0, closed: 0, dismissed: 0, overdue: 0, major: 0, majorOpen: 0 });

function add(t: Tally, c: repo.CounterCell) {
  t.total += c.n;
  if (c.status === 'closed') t.closed += c.n;
  if (c.status === 'dismissed') t.dismissed += c.n;
  if ((OPEN_STATUSES as readonly string[]).includes(c.status)) t.open += c.n;
  if (c.overdue) t.overdue += c.n;
  if (c.grade === '重大' && c.status !== 'dismissed') {
    t.major += c.n;
    if (c.status !== 'closed') t.majorOpen += c.n;
  }
}

/**
 * 整改率 = 已销号 / (隐患总数 − 不予确认); 超期率 = 当前超期未整改 / (隐患总数 − 不予确认).
 * Both over the hazards that count (a dismissed report was not a hazard).
 */
function rates(t: Tally) {
  const base = t.total - t.dismissed;
  return {
    ...t,
    rectificationRate: base ? Math.round((t.closed / base) * 10000) / 100 : null,
    overdueRate: base ? Math.round((t.overdue / base) * 10000) / 100 : null,
  };
}

export async function hazardStatistics(deps: AppDeps, ctx: RequestContext, q: z.output<typeof StatsQuery>): Promise<HazardStatistics> {
  const actor = requireActor(ctx);
  await ensureOverdueSwept(deps);
  const names = await referenceNames(deps);
  const scope = actor.scope;
  let all: repo.CounterCell[];
  let byRegionCells: repo.CounterCell[];
  let bySectorCells: repo.CounterCell[];
  if (scope.kind === 'enterprise') {
    all = await repo.enterpriseCells(deps.db, scope.enterpriseId, deps.clock.today());
    const ent = await enterprisePlace(deps.db, scope.enterpriseId);
    byRegionCells = all.map((c) => ({ ...c, key: ent?.regionCode ?? '' }));
    bySectorCells = all.map((c) => ({ ...c, key: ent?.sector ?? '' }));
  } else {
    [all, byRegionCells, bySectorCells] = await Promise.all([
      repo.counterCells(deps.database, scope, 'none', q),
      repo.counterCells(deps.database, scope, 'region', q),
      repo.counterCells(deps.database, scope, 'sector', q),
    ]);
  }
  const listed = await repo.countListed(deps.db, scope, q);
  const total = emptyTally();
  const byStatus = new Map<string, number>();
  const byGrade = new Map<string, number>();
  for (const c of all) {
    add(total, c);
    byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.n);
    byGrade.set(c.grade, (byGrade.get(c.grade) ?? 0) + c.n);
  }
  const group = (cells: repo.CounterCell[], label: (k: string) => string) => {
    const m = new Map<string, Tally>();
    for (const c of cells) {
      const t = m.get(c.key) ?? emptyTally();
      add(t, c);
      m.set(c.key, t);
    }
    return [...m]
      .map(([code, t]) => ({ code, name: label(code), ...rates(t) }))
      .filter((x) => x.total > 0)
      .sort((a, b) => b.total - a.total);
  };
  return {
    asOf: deps.clock.now().toISOString(),
    ...rates(total),
    listed,
    byStatus: HAZARD_STATUSES.map((s) => ({ status: s, label: HAZARD_STATUS_LABELS[s], count: byStatus.get(s) ?? 0 })),
    byGrade: ['一般', '重大'].map((g) => ({ grade: g, count: byGrade.get(g) ?? 0 })),
    byRegion: group(byRegionCells, (k) => names.regions.get(k) ?? k),
    bySector: group(bySectorCells, (k) => names.sectors.get(k) ?? k),
  };
}

// ---------- public 挂牌督办 list ----------

export async function publicSupervisionList(deps: AppDeps): Promise<{ asOf: string; listed: PublicSupervisionItem[]; delisted: PublicSupervisionItem[] }> {
  const names = await referenceNames(deps);
  const [listed, delisted] = await Promise.all([repo.publicSupervisions(deps.db, 'listed', 500), repo.publicSupervisions(deps.db, 'delisted', 50)]);
  const entNames = new Map((await enterpriseNamesByIds(deps.database, [...new Set([...listed, ...delisted].map((r) => r.enterprise_id))])).map((r) => [r.id, r.name]));
  const day = (d: Date | null) => (d ? chinaDate(new Date(d)) : null);
  const today = deps.clock.today();
  // Only what a 公示 carries: no descriptions (they may name people), no phones, no ids.
  const present = (r: Awaited<ReturnType<typeof repo.publicSupervisions>>[number]): PublicSupervisionItem => ({
    code: r.code,
    enterpriseName: entNames.get(r.enterprise_id) ?? '',
    regionName: names.regions.get(r.region_code) ?? '',
    sectorName: names.sectors.get(r.sector) ?? '',
    category: r.category,
    summary: `${r.place}存在${r.category}方面重大事故隐患`,
    level: r.level,
    supervisingUnit: r.supervising_unit,
    docNo: r.doc_no,
    listedOn: day(r.listed_at)!,
    deadline: r.deadline,
    status: r.status,
    delistedOn: day(r.delisted_at),
    overdueDays: r.status === 'listed' && r.deadline < today ? daysBetween(r.deadline, today) : 0,
  });
  return { asOf: deps.clock.now().toISOString(), listed: listed.map(present), delisted: delisted.map(present) };
}

// ---------- 16号令 Art.14: 隐患排查治理情况统计分析表 ----------

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 100 : null);

async function figures(deps: AppDeps, where: SQL, period: ReportPeriod, keyExpr: SQL): Promise<Omit<ReportFigures, 'name'>[]> {
  const from = period.from;
  const to = period.to;
  const inPeriod = sql`hazards.status <> 'dismissed'
         AND hazards.found_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND hazards.found_at < ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const end = sql`(${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  // Two queries: the counts over every hazard of the period (an index-only scan of
  // hazards_report_idx), and the 治理方案/挂牌督办 figures over its 重大 ones only (few rows).
  const [all, major] = await Promise.all([
    rows<Record<string, number | string>>(
      deps.db,
      sql`SELECT ${keyExpr} AS key,
            count(*) FILTER (WHERE hazards.grade = '一般') AS general_found,
            count(*) FILTER (WHERE hazards.grade = '一般' AND hazards.status = 'closed' AND hazards.closed_at < ${end}) AS general_fixed,
            count(*) FILTER (WHERE hazards.grade = '重大') AS major_found,
            count(*) FILTER (WHERE hazards.grade = '重大' AND hazards.status = 'closed' AND hazards.closed_at < ${end}) AS major_fixed,
            coalesce(sum(hazards.funds), 0) AS funds,
            count(*) FILTER (WHERE hazards.fixed_on_spot) AS fixed_on_spot,
            count(*) FILTER (WHERE hazards.deadline < LEAST(${to}::date, ${deps.clock.today()}::date) AND (hazards.closed_at IS NULL OR (hazards.closed_at AT TIME ZONE 'Asia/Shanghai')::date > hazards.deadline)) AS overdue
          FROM hazards
         WHERE ${where} AND ${inPeriod}
         GROUP BY 1`,
    ),
    rows<Record<string, number | string>>(
      deps.db,
      sql`SELECT ${keyExpr} AS key,
            count(p.hazard_id) AS major_planned,
            count(s.hazard_id) FILTER (WHERE s.level = '省级') AS sup_province,
            count(s.hazard_id) FILTER (WHERE s.level = '市级') AS sup_city,
            count(s.hazard_id) FILTER (WHERE s.level = '区级') AS sup_district
          FROM hazards
          LEFT JOIN hazard_plans p ON p.hazard_id = hazards.id
          LEFT JOIN hazard_supervisions s ON s.hazard_id = hazards.id
         WHERE ${where} AND hazards.grade = '重大' AND ${inPeriod}
         GROUP BY 1`,
    ),
  ]);
  const majorBy = new Map(major.map((m) => [String(m.key), m]));
  return all
    .map((x) => {
      const m = majorBy.get(String(x.key)) ?? {};
      const n = (k: string) => Number(x[k] ?? (m as Record<string, unknown>)[k] ?? 0);
      return {
        key: String(x.key),
        generalFound: n('general_found'),
        generalFixed: n('general_fixed'),
        generalRate: pct(n('general_fixed'), n('general_found')),
        majorFound: n('major_found'),
        majorFixed: n('major_fixed'),
        majorRate: pct(n('major_fixed'), n('major_found')),
        majorPlanned: n('major_planned'),
        supProvince: n('sup_province'),
        supCity: n('sup_city'),
        supDistrict: n('sup_district'),
        fundsWan: Math.round(n('funds') / 100) / 100,
        fixedOnSpot: n('fixed_on_spot'),
        overdue: n('overdue'),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Each enterprise's figures of a period (demo submissions; the same numbers the enterprise's own table shows). */
export async function enterpriseFigures(deps: AppDeps, period: ReportPeriod): Promise<{ enterpriseId: string; regionCode: string; sector: string; figures: ReportFigures }[]> {
  const list = await figures(deps, sql`true`, period, sql`hazards.enterprise_id::text || '|' || hazards.region_code || '|' || hazards.sector`);
  const ids = list.map((f) => f.key.split('|')[0]);
  const names = new Map((await enterpriseNamesByIds(deps.database, ids)).map((r) => [r.id, r.name]));
  return list.map((f) => {
    const [enterpriseId, regionCode, sector] = f.key.split('|');
    return { enterpriseId, regionCode, sector, figures: { ...f, key: enterpriseId, name: names.get(enterpriseId) ?? '' } };
  });
}

function sumFigures(list: ReportFigures[], name: string): ReportFigures {
  const t: ReportFigures = { key: 'total', name, generalFound: 0, generalFixed: 0, generalRate: null, majorFound: 0, majorFixed: 0, majorRate: null, majorPlanned: 0, supProvince: 0, supCity: 0, supDistrict: 0, fundsWan: 0, fixedOnSpot: 0, overdue: 0 };
  for (const f of list) {
    for (const k of ['generalFound', 'generalFixed', 'majorFound', 'majorFixed', 'majorPlanned', 'supProvince', 'supCity', 'supDistrict', 'fundsWan', 'fixedOnSpot', 'overdue'] as const) t[k] += f[k];
  }
  t.fundsWan = Math.round(t.fundsWan * 100) / 100;
  t.generalRate = pct(t.generalFixed, t.generalFound);
  t.majorRate = pct(t.majorFixed, t.majorFound);
  return t;
}

async function reportData(deps: AppDeps, actor: Actor, q: ReturnType<typeof ReportQuery.parse>): Promise<ReportData> {
  const period = reportPeriod(q.year, q.quarter);
  const enterpriseId = q.enterpriseId ?? (actor.scope.kind === 'enterprise' ? actor.scope.enterpriseId : undefined);
  const names = await referenceNames(deps);
  if (enterpriseId) {
    const ent = await findEnterprise(deps.db, actor.scope, enterpriseId);
    if (!ent) throw notFound('企业');
    const list = await figures(deps, and(repo.hazardScope(actor.scope), eq(hazards.enterpriseId, enterpriseId))!, period, sql`''`);
    const row: ReportFigures = { ...(list[0] ?? sumFigures([], '')), key: ent.e.id, name: ent.e.name };
    const [sub] = await deps.db
      .select()
      .from(hazardReportSubmissions)
      .where(and(eq(hazardReportSubmissions.enterpriseId, enterpriseId), eq(hazardReportSubmissions.period, periodKey(period))));
    return {
      period,
      kind: 'enterprise',
      unitName: ent.e.name,
      rows: [row],
      total: row,
      by: 'enterprise',
      submission: sub ? { principalName: sub.principalName, submittedAt: sub.submittedAt.toISOString(), late: sub.late } : null,
    };
  }
  if (partyOf(actor.roles) === 'enterprise') throw forbidden();
  const keyExpr = q.by === 'sector' ? sql`hazards.sector` : sql`hazards.region_code`;
  const list = (await figures(deps, repo.hazardScope(actor.scope), period, keyExpr)).map((f) => ({
    ...f,
    name: (q.by === 'sector' ? names.sectors.get(f.key) : names.regions.get(f.key)) ?? f.key,
  }));
  return { period, kind: 'government', unitName: actor.unitName ?? '', rows: list, total: sumFigures(list, '合计'), by: q.by, submission: null };
}

const periodKey = (p: ReportPeriod) => (p.quarter ? `${p.year}Q${p.quarter}` : `${p.year}`);

export async function reportFigures(deps: AppDeps, ctx: RequestContext, q: z.output<typeof ReportQuery>): Promise<ReportData> {
  return reportData(deps, requireActor(ctx), q);
}

const LEGAL_NOTE =
  '依据《安全生产事故隐患排查治理暂行规定》（国家安全生产监督管理总局令第16号）第十四条：生产经营单位应当每季度、每年对本单位事故隐患排查治理情况进行统计分析，并分别于下一季度15日前和下一年1月31日前向安全监管监察部门和有关部门报送书面统计分析表。统计分析表应当由生产经营单位主要负责人签字。';

const HEAD_GROUPS: { label: string; cols: string[] }[] = [
  { label: '一般事故隐患', cols: ['隐患数（项）', '已整改（项）', '整改率（%）'] },
  { label: '重大事故隐患', cols: ['隐患数（项）', '已整改销号（项）', '整改率（%）'] },
  { label: '列入治理计划的重大事故隐患', cols: ['计划数（项）', '落实治理目标任务', '落实治理经费物资', '落实治理机构人员', '落实治理时间要求', '落实安全措施应急预案'] },
  { label: '挂牌督办的重大事故隐患', cols: ['省级', '市级', '县（区）级'] },
  { label: '其他', cols: ['累计落实隐患治理资金（万元）', '立查立改（项）', '逾期未整改（项）'] },
];

function figureCells(f: ReportFigures): (number | string)[] {
  const r = (x: number | null) => (x === null ? '—' : x);
  return [
    f.generalFound,
    f.generalFixed,
    r(f.generalRate),
    f.majorFound,
    f.majorFixed,
    r(f.majorRate),
    f.majorPlanned,
    // The six parts of the 治理方案 are all required (GovernancePlanInput): a plan落实 each of them.
    f.majorPlanned,
    f.majorPlanned,
    f.majorPlanned,
    f.majorPlanned,
    f.majorPlanned,
    f.supProvince,
    f.supCity,
    f.supDistrict,
    f.fundsWan,
    f.fixedOnSpot,
    f.overdue,
  ];
}

function titles(d: ReportData) {
  const title = d.kind === 'enterprise' ? '生产经营单位事故隐患排查治理情况统计分析表' : '事故隐患排查治理情况统计汇总表';
  const sub = `填报单位：${d.unitName}\u3000\u3000统计期间：${d.period.label}（${d.period.from} 至 ${d.period.to}）\u3000\u3000报送期限：${d.period.due} 前`;
  const firstCol = d.by === 'enterprise' ? '单位名称' : d.by === 'region' ? '属地（街道/管理处）' : '行业领域';
  const sign =
    d.kind === 'enterprise'
      ? `主要负责人（签字）：${d.submission ? `${d.submission.principalName}（已于 ${d.submission.submittedAt.slice(0, 10)} 报送确认）` : '____________'}\u3000\u3000填报人：__________\u3000\u3000联系电话：__________\u3000\u3000填报日期：______年____月____日`
      : `单位负责人（签字）：____________\u3000\u3000填报人：__________\u3000\u3000填报日期：______年____月____日`;
  return { title, sub, firstCol, sign };
}

async function reportXlsx(d: ReportData): Promise<Buffer> {
  const { title, sub, firstCol, sign } = titles(d);
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const ws = wb.addWorksheet('统计分析表', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const ncol = 1 + HEAD_GROUPS.reduce((s, g) => s + g.cols.length, 0);
  const border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } } as const;
  ws.mergeCells(1, 1, 1, ncol);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 16, name: '宋体' };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getRow(1).height = 28;
  ws.mergeCells(2, 1, 2, ncol);
  ws.getCell(2, 1).value = sub;
  ws.mergeCells(3, 1, 4, 1);
  ws.getCell(3, 1).value = firstCol;
  let c = 2;
  for (const g of HEAD_GROUPS) {
    ws.mergeCells(3, c, 3, c + g.cols.length - 1);
    ws.getCell(3, c).value = g.label;
    g.cols.forEach((h, i) => (ws.getCell(4, c + i).value = h));
    c += g.cols.length;
  }
  for (const r of [3, 4]) {
    const row = ws.getRow(r);
    row.height = r === 4 ? 48 : 22;
    for (let i = 1; i <= ncol; i++) {
      const cell = row.getCell(i);
      cell.font = { bold: true, name: '宋体', size: 10 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    }
  }
  const dataRows = d.kind === 'enterprise' ? d.rows : [...d.rows, d.total];
  for (const f of dataRows) {
    const row = ws.addRow([f.name, ...figureCells(f)]);
    row.eachCell({ includeEmpty: true }, (cell, i) => {
      cell.border = border;
      cell.alignment = { horizontal: i === 1 ? 'left' : 'center', vertical: 'middle', wrapText: true };
      if (f.key === 'total') cell.font = { bold: true };
    });
  }
  ws.getColumn(1).width = 30;
  for (let i = 2; i <= ncol; i++) ws.getColumn(i).width = 10;
  ws.addRow([]);
  const signRow = ws.addRow([sign]);
  ws.mergeCells(signRow.number, 1, signRow.number, ncol);
  const noteRow = ws.addRow([LEGAL_NOTE]);
  ws.mergeCells(noteRow.number, 1, noteRow.number, ncol);
  noteRow.getCell(1).alignment = { wrapText: true };
  noteRow.getCell(1).font = { size: 9, color: { argb: 'FF666666' } };
  noteRow.height = 36;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function reportDocx(d: ReportData): Promise<Buffer> {
  const D = await docxLib();
  const { title, sub, firstCol, sign } = titles(d);
  const cell = (text: string | number, opts: { bold?: boolean; span?: number; rowSpan?: number } = {}) =>
    new D.TableCell({
      children: [new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [new D.TextRun({ text: String(text), bold: opts.bold, size: 16, font: '宋体' })] })],
      columnSpan: opts.span,
      rowSpan: opts.rowSpan,
      verticalAlign: D.VerticalAlign.CENTER,
    });
  const head1 = new D.TableRow({ tableHeader: true, children: [cell(firstCol, { bold: true, rowSpan: 2 }), ...HEAD_GROUPS.map((g) => cell(g.label, { bold: true, span: g.cols.length }))] });
  const head2 = new D.TableRow({ tableHeader: true, children: HEAD_GROUPS.flatMap((g) => g.cols.map((h) => cell(h, { bold: true }))) });
  const dataRows = (d.kind === 'enterprise' ? d.rows : [...d.rows, d.total]).map((f) => new D.TableRow({ children: [cell(f.name, { bold: f.key === 'total' }), ...figureCells(f).map((v) => cell(v, { bold: f.key === 'total' }))] }));
  const doc = new D.Document({
    creator: '安治 Anzhi',
    title,
    sections: [
      {
        properties: { page: { size: { orientation: D.PageOrientation.LANDSCAPE } } },
        children: [
          new D.Paragraph({ alignment: D.AlignmentType.CENTER, children: [new D.TextRun({ text: title, bold: true, size: 32, font: '宋体' })] }),
          new D.Paragraph({ children: [new D.TextRun({ text: sub, size: 20 })] }),
          new D.Table({ width: { size: 100, type: D.WidthType.PERCENTAGE }, rows: [head1, head2, ...dataRows] }),
          new D.Paragraph({ spacing: { before: 240 }, children: [new D.TextRun({ text: sign, size: 20 })] }),
          new D.Paragraph({ spacing: { before: 120 }, children: [new D.TextRun({ text: LEGAL_NOTE, size: 16, color: '666666' })] }),
        ],
      },
    ],
  });
  return D.Packer.toBuffer(doc);
}

export async function reportFile(deps: AppDeps, ctx: RequestContext, q: z.output<typeof ReportQuery>) {
  const actor = requireActor(ctx);
  const d = await reportData(deps, actor, q);
  const buffer = q.format === 'docx' ? await reportDocx(d) : await reportXlsx(d);
  await deps.db.transaction((tx) =>
    recordAudit(tx, ctx, { action: 'hazard.report', entity: 'hazard', entityId: null, regionCode: actor.regionCode || null, after: { period: periodKey(d.period), format: q.format, kind: d.kind, enterpriseId: q.enterpriseId ?? null, by: d.by } }),
  );
  const fileName = `${d.kind === 'enterprise' ? d.unitName : '隐患排查治理统计汇总'}-${d.period.label}-统计分析表.${q.format}`;
  return { format: q.format, fileName, buffer, mediaType: q.format === 'docx' ? DOCX_MIME : XLSX_MIME };
}

/** An enterprise submits its statistics for a finished period, signed by its 主要负责人. */
export async function submitReport(deps: AppDeps, ctx: RequestContext, input: z.output<typeof ReportSubmitInput>) {
  const actor = requireActor(ctx);
  if (actor.scope.kind !== 'enterprise') throw forbidden('统计分析表由企业报送');
  const period = reportPeriod(input.year, input.quarter);
  const today = deps.clock.today();
  if (period.to >= today) throw conflict(`统计期间（${period.label}）尚未结束，${period.to} 之后才能报送`);
  const data = await reportData(deps, actor, { year: input.year, quarter: input.quarter, format: 'xlsx', by: 'region', enterpriseId: actor.scope.enterpriseId });
  const ent = await findEnterprise(deps.db, actor.scope, actor.scope.enterpriseId);
  if (!ent) throw notFound('企业');
  const key = periodKey(period);
  const late = today > period.due;
  await deps.db.transaction(async (tx) => {
    const values = {
      enterpriseId: ent.e.id,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      period: key,
      due: period.due,
      principalName: input.principalName,
      note: input.note ?? null,
      figures: data.total,
      submittedAt: deps.clock.now(),
      submittedByName: actor.displayName,
      late,
    };
    const [row] = await tx
      .insert(hazardReportSubmissions)
      .values(values)
      .onConflictDoUpdate({ target: [hazardReportSubmissions.enterpriseId, hazardReportSubmissions.period], set: values })
      .returning();
    await recordAudit(tx, ctx, { action: 'hazard.report_submit', entity: 'hazard_report', entityId: row.id, regionCode: ent.e.regionCode, after: { period: key, principalName: input.principalName, late, figures: data.total } });
  });
  return { period: key, due: period.due, late, principalName: input.principalName, figures: data.total };
}

export async function reportSubmissions(deps: AppDeps, ctx: RequestContext, q: { year: number; quarter?: number }): Promise<ReportSubmissions> {
  const actor = requireActor(ctx);
  const period = reportPeriod(q.year, q.quarter);
  const t = hazardReportSubmissions;
  const scopeSql = (() => {
    const s = actor.scope;
    if (s.kind === 'all') return sql`true`;
    if (s.kind === 'enterprise') return sql`s.enterprise_id = ${s.enterpriseId}`;
    if (s.kind === 'region') return sql`s.region_code LIKE ${`${s.prefix}%`}`;
    if (s.kind === 'sectors') return s.sectors.length ? sql`s.region_code LIKE ${`${s.prefix}%`} AND s.sector IN (${sql.join(s.sectors.map((x) => sql`${x}`), sql`, `)})` : sql`false`;
    return sql`false`;
  })();
  const list = await rows<{ id: string; enterprise_id: string; region_code: string; sector: string; principal_name: string; submitted_at: Date; late: boolean; figures: ReportFigures }>(
    deps.db,
    sql`SELECT s.id, s.enterprise_id, s.region_code, s.sector, s.principal_name, s.submitted_at, s.late, s.figures
          FROM ${t} s
         WHERE s.period = ${periodKey(period)} AND ${scopeSql}
         ORDER BY s.submitted_at DESC LIMIT 2000`,
  );
  const [names, entNames] = await Promise.all([
    referenceNames(deps),
    enterpriseNamesByIds(deps.database, [...new Set(list.map((r) => r.enterprise_id))]).then((x) => new Map(x.map((r) => [r.id, r.name]))),
  ]);
  return {
    period: periodKey(period),
    due: period.due,
    items: list.map((r) => ({
      id: r.id,
      enterpriseId: r.enterprise_id,
      enterpriseName: entNames.get(r.enterprise_id) ?? '',
      regionName: names.regions.get(r.region_code) ?? r.region_code,
      sectorName: names.sectors.get(r.sector) ?? r.sector,
      principalName: r.principal_name,
      submittedAt: new Date(r.submitted_at).toISOString(),
      late: r.late,
      figures: r.figures,
    })),
  };
}

