import { requirePermission, SYSTEM_CONTEXT, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { randomToken, sm3 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { conflict, notFound } from '../../platform/errors';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import type { ApiKeyView, ReportQuery, ReportStatistics, ReportStatsQuery } from '../../../shared/contracts/report';
import { categoryOf, REPORT_CHANNEL_LABELS, REPORT_STATUS_LABELS, type ReportStatus } from '../../../shared/report/categories';
import { addDays, chinaDate, chinaDayStart, formatDateTime } from '../../../shared/time';
import { slaText, type ReportSla } from '../../../shared/report/workdays';
import * as repo from './report.repo';
import { presentListItem } from './report.service';

/** Settings (holidays, Open311 keys), statistics, export and the overdue reminders. */

export async function getSla(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx, 'report.calendar');
  return repo.loadSla(deps.db);
}

/** Reports received from now on get the new limits; those already received keep their dates. */
export async function updateSla(deps: AppDeps, ctx: RequestContext, body: ReportSla) {
  requirePermission(ctx, 'report.manage');
  await deps.db.transaction(async (tx) => {
    const before = await repo.loadSla(tx);
    await repo.saveSla(tx, body, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'report.sla_set', entity: 'report_settings', entityId: 'sla', before: { ...before }, after: { ...body } });
  });
  return repo.loadSla(deps.db);
}

export async function listHolidays(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx, 'report.calendar');
  return repo.listHolidays(deps.db);
}

export async function addHoliday(deps: AppDeps, ctx: RequestContext, body: { date: string; name: string; workday: boolean }) {
  requirePermission(ctx, 'report.manage');
  return deps.db.transaction(async (tx) => {
    const r = await repo.upsertHoliday(tx, body);
    await recordAudit(tx, ctx, { action: 'report.holiday_set', entity: 'report_holiday', entityId: body.date, after: body });
    return r;
  });
}

export async function deleteHoliday(deps: AppDeps, ctx: RequestContext, date: string) {
  requirePermission(ctx, 'report.manage');
  await deps.db.transaction(async (tx) => {
    const r = await repo.deleteHoliday(tx, date);
    if (!r.length) throw notFound('节假日');
    await recordAudit(tx, ctx, { action: 'report.holiday_delete', entity: 'report_holiday', entityId: date, before: r[0] });
  });
  return { ok: true as const };
}

const presentKey = (k: Awaited<ReturnType<typeof repo.listApiKeys>>[number]): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  createdByName: k.createdByName,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

export async function listApiKeys(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx, 'report.manage');
  return (await repo.listApiKeys(deps.db)).map(presentKey);
}

export const apiKeyHash = (key: string) => sm3(`report-api-key:${key}`);

export async function createApiKey(deps: AppDeps, ctx: RequestContext, body: { name: string }) {
  const actor = requirePermission(ctx, 'report.manage');
  const key = `o311_${randomToken(24)}`;
  return deps.db.transaction(async (tx) => {
    const k = await repo.insertApiKey(tx, { name: body.name, keyHash: apiKeyHash(key), prefix: key.slice(0, 9), createdAt: deps.clock.now(), createdByName: actor.displayName });
    await recordAudit(tx, ctx, { action: 'report.api_key_create', entity: 'report_api_key', entityId: k.id, after: { name: k.name, prefix: k.prefix } });
    return { ...presentKey(k), key };
  });
}

export async function revokeApiKey(deps: AppDeps, ctx: RequestContext, id: string) {
  requirePermission(ctx, 'report.manage');
  return deps.db.transaction(async (tx) => {
    const existing = (await repo.listApiKeys(tx)).find((k) => k.id === id);
    if (!existing) throw notFound('密钥');
    if (existing.revokedAt) throw conflict('该密钥已吊销');
    const k = await repo.revokeApiKey(tx, id, deps.clock.now());
    await recordAudit(tx, ctx, { action: 'report.api_key_revoke', entity: 'report_api_key', entityId: id, after: { name: k.name } });
    return presentKey(k);
  });
}

export async function reportStatistics(deps: AppDeps, ctx: RequestContext, q: ReportStatsQuery): Promise<ReportStatistics> {
  const actor = requirePermission(ctx, 'report.stats');
  const today = chinaDate(deps.clock.now());
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -364);
  const s = await repo.statsRows(deps.db, actor.scope, chinaDayStart(from), chinaDayStart(addDays(to, 1)), today);
  const total = s.times.total;
  const decided = s.byResult.filter((r) => r.key !== '未核实').reduce((a, r) => a + r.count, 0);
  const trueCount = s.byResult.find((r) => r.key === '属实')?.count ?? 0;
  const reward = (st: string) => s.rewards.find((r) => r.status === st);
  const round = (n: number | null) => (n === null || n === undefined ? null : Math.round(Number(n) * 10) / 10);
  return {
    from,
    to,
    total,
    byCategory: s.byCategory.map((r) => ({ key: r.key, name: categoryOf(r.key)?.name ?? r.key, count: r.count })).sort((a, b) => b.count - a.count),
    byStreet: s.byStreet.map((r) => ({ key: r.key, name: r.name, count: r.count })).sort((a, b) => b.count - a.count),
    byMonth: s.byMonth,
    byResult: s.byResult.map((r) => ({ key: r.key, name: r.key, count: r.count })),
    verifiedRate: decided ? Math.round((trueCount / decided) * 1000) / 1000 : null,
    avgAcknowledgeHours: round(s.times.ackHours),
    avgCloseDays: round(s.times.closeDays),
    overdue: { ack: s.times.ackOverdue, reply: s.times.replyOverdue },
    rewards: { proposed: reward('proposed')?.n ?? 0, approved: reward('approved')?.n ?? 0, paid: reward('paid')?.n ?? 0, paidAmount: reward('paid')?.amount ?? 0 },
  };
}

/**
 * The statistics as .xlsx for the office's monthly and annual reports: one sheet of headline
 * figures and one per breakdown (类别、属地、月份、核查结论), the same numbers as the page. Counts only —
 * no report, and so no reporter, appears in it.
 */
export async function exportStatistics(deps: AppDeps, ctx: RequestContext, q: ReportStatsQuery): Promise<Buffer> {
  const s = await reportStatistics(deps, ctx, q);
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const sheet = (name: string, columns: { header: string; width: number }[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns;
    xlsxHeaderStyle(ws.getRow(1));
    for (const r of rows) ws.addRow(r);
    return ws;
  };
  const share = (n: number) => (s.total ? Math.round((n / s.total) * 1000) / 10 : null);
  sheet(
    '概况',
    [
      { header: '指标', width: 22 },
      { header: '数值', width: 16 },
      { header: '单位', width: 8 },
    ],
    [
      ['统计区间', `${s.from} 至 ${s.to}`, ''],
      ['举报总数', s.total, '件'],
      ['核查属实率', s.verifiedRate === null ? null : Math.round(s.verifiedRate * 1000) / 10, '%'],
      ['平均受理用时', s.avgAcknowledgeHours, '小时'],
      ['平均办结用时', s.avgCloseDays, '天'],
      ['受理超期', s.overdue.ack, '件'],
      ['答复超期', s.overdue.reply, '件'],
      ['奖励已提出', s.rewards.proposed, '件'],
      ['奖励已批准', s.rewards.approved, '件'],
      ['奖励已发放', s.rewards.paid, '件'],
      ['奖励发放金额', s.rewards.paidAmount, '元'],
    ],
  );
  const counted = (name: string, first: string, items: { name: string; count: number }[]) =>
    sheet(
      name,
      [
        { header: first, width: 24 },
        { header: '举报数（件）', width: 14 },
        { header: '占比（%）', width: 12 },
      ],
      [...items.map((c) => [c.name, c.count, share(c.count)]), ['合计', items.reduce((a, c) => a + c.count, 0), s.total ? 100 : null]],
    );
  counted('按类别', '举报类别', s.byCategory);
  counted('按属地', '属地（街道）', s.byStreet);
  sheet(
    '按月份',
    [
      { header: '月份', width: 12 },
      { header: '举报数（件）', width: 14 },
      { header: '属实（件）', width: 12 },
    ],
    [...s.byMonth.map((m) => [m.month, m.count, m.verified]), ['合计', s.byMonth.reduce((a, m) => a + m.count, 0), s.byMonth.reduce((a, m) => a + m.verified, 0)]],
  );
  counted('核查结论', '核查结论', s.byResult);
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: 'report.stats_export', entity: 'report', entityId: null, after: { from: s.from, to: s.to, total: s.total } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The ledger as .xlsx: the same columns as the list — never the reporter's identity. */
export async function exportReports(deps: AppDeps, ctx: RequestContext, q: ReportQuery): Promise<Buffer> {
  const actor = requirePermission(ctx, 'report.export');
  const wb = await newWorkbook();
  wb.creator = '安治 Anzhi';
  const ws = wb.addWorksheet('举报台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '受理编号', width: 16 },
    { header: '举报时间', width: 17 },
    { header: '类别', width: 16 },
    { header: '承办单位', width: 14 },
    { header: '属地', width: 14 },
    { header: '被举报单位', width: 24 },
    { header: '地址', width: 24 },
    { header: '举报内容', width: 48 },
    { header: '渠道', width: 10 },
    { header: '实名/匿名', width: 9 },
    { header: '状态', width: 12 },
    { header: '核查结论', width: 10 },
    { header: '应受理日期', width: 11 },
    { header: '应答复日期', width: 11 },
    { header: '超期', width: 10 },
  ];
  xlsxHeaderStyle(ws.getRow(1));
  let n = 0;
  for await (const row of repo.iterateReports(deps.db, actor.scope, q, chinaDate(deps.clock.now()))) {
    const r = presentListItem(row);
    ws.addRow([
      r.caseNo,
      formatDateTime(r.submittedAt),
      r.categoryName,
      r.departmentName,
      r.streetName,
      r.enterpriseName,
      r.address,
      row.description,
      REPORT_CHANNEL_LABELS[r.channel],
      r.named ? '实名' : '匿名',
      REPORT_STATUS_LABELS[r.status as ReportStatus],
      r.verifyResult ?? '',
      r.acknowledgeBy,
      r.replyBy,
      [r.ackOverdue ? '受理超期' : '', r.replyOverdue ? '答复超期' : ''].filter(Boolean).join('、'),
    ]);
    n++;
  }
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: 'report.export', entity: 'report', entityId: null, after: { rows: n, query: q } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Overdue reminders (job): a report past its 受理 or 答复 date notifies its department (and its
 * handler) once per kind — case number and category only, no reporter data.
 */
export async function sweepOverdueReports(deps: AppDeps): Promise<number> {
  const today = chinaDate(deps.clock.now());
  const r = await runExclusive(deps, 'report.overdue', async (tx) => {
    let sent = 0;
    const limits = slaText(await repo.loadSla(tx));
    for (const o of await repo.overdueForReminders(tx, today)) {
      const cat = categoryOf(o.category)?.name ?? o.category;
      for (const [kind, flag, already] of [
        ['ack', !!o.ackOverdue, o.ackFlag],
        ['reply', !!o.replyOverdue, o.replyFlag],
      ] as const) {
        if (!flag || already) continue;
        const title = kind === 'ack' ? `举报 ${o.caseNo}（${cat}）已超过受理期限` : `举报 ${o.caseNo}（${cat}）已超过答复期限`;
        const target = kind === 'reply' && o.handlerUserId ? { userId: o.handlerUserId } : { unitId: o.departmentUnitId };
        if (await notify(tx, deps, { ...target, kind: 'report.overdue', title, body: `请尽快办理（12350 举报办理时限：${limits}）。`, link: `/reports/${o.id}`, dedupeKey: `report.overdue:${kind}:${o.id}` })) sent++;
      }
      await repo.setOverdueFlags(tx, o.id, !!o.ackOverdue, !!o.replyOverdue);
    }
    if (sent) await recordAudit(tx, SYSTEM_CONTEXT, { action: 'report.overdue_remind', entity: 'report', entityId: null, actorLabel: 'system', after: { sent } });
    return sent;
  });
  return r ?? 0;
}
