import { PassThrough, type Readable } from 'node:stream';
import { requirePermission, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { XlsxStreamWriter, type XlsxColumn } from './xlsx-stream';
import { HAZARD_SOURCE_LABELS, type HazardQuery, type HazardSource } from '../../../shared/contracts/hazard';
import { isOverdue, overdueDays } from '../../../shared/hazard/dates';
import { HAZARD_STATUS_LABELS, type HazardStatus } from '../../../shared/hazard/workflow';
import * as repo from './hazard.repo';
import { enterpriseNames, enterprisesMatching, ensureOverdueSwept, referenceNames } from './hazard.service';

/** Rows beyond this are not exported (the sheet says so): ~4× the largest district ledger. */
export const EXPORT_MAX_ROWS = 500_000;
/**
 * Rows per keyset batch. Small batches keep the live set small, so the garbage of a long export
 * dies young: 1,000 kept the export's peak RSS ~40 MB above idle where 5,000 added ~130 MB; with
 * the writer's smaller flushes (xlsx-stream.ts) 500 keeps it ~30 MB above idle where 1,000 added ~110.
 */
const EXPORT_BATCH = 500;

/** `shared`: columns of repeated values, written once in the shared string table (xlsx-stream.ts). */
const COLUMNS: XlsxColumn[] = [
  { header: '隐患编号', width: 22 },
  { header: '企业名称', width: 32, shared: true },
  { header: '属地', width: 14, shared: true },
  { header: '行业领域', width: 12, shared: true },
  { header: '来源', width: 9, shared: true },
  { header: '隐患类别', width: 11, shared: true },
  { header: '部位/场所', width: 16 },
  { header: '隐患描述', width: 48 },
  { header: '等级', width: 6, shared: true },
  { header: '判定依据', width: 16, shared: true },
  { header: '状态', width: 8, shared: true },
  { header: '发现时间', width: 17 },
  { header: '发现人', width: 14, shared: true },
  { header: '整改措施', width: 30 },
  { header: '整改责任人', width: 10, shared: true },
  { header: '整改资金（元）', width: 12 },
  { header: '整改期限', width: 11, shared: true },
  { header: '超期天数', width: 8 },
  { header: '销号时间', width: 17 },
  { header: '挂牌督办', width: 8, shared: true },
  { header: '立查立改', width: 8, shared: true },
];

/**
 * The batches with their enterprises' names, the names of the next batch read while this one is
 * written (with 50,000 enterprises most names of a batch are not kept yet, and reading them in line
 * left the writer waiting for a round trip per batch).
 */
export async function* withEnterpriseNames(deps: AppDeps, batches: AsyncGenerator<repo.ExportRow[]>): AsyncGenerator<{ batch: repo.ExportRow[]; ents: Map<string, string> }> {
  const pull = async () => {
    const r = await batches.next();
    return r.done ? null : { batch: r.value, ents: await enterpriseNames(deps, r.value.map((x) => x.enterprise_id)) };
  };
  let next = pull();
  try {
    for (;;) {
      const current = await next;
      if (!current) return;
      next = pull();
      yield current;
    }
  } finally {
    // Stopped early (the row limit, a client gone): the read ahead is not awaited by anyone else.
    next.catch(() => undefined);
    await batches.return(undefined);
  }
}

/**
 * Streaming export of the ledger: keyset batches from the database (the next one and its
 * enterprises' names fetched while this one is written), rows written as XML and deflated as they
 * go (xlsx-stream.ts), backpressure from the client: constant memory whatever the row count.
 */
export async function exportHazards(deps: AppDeps, ctx: RequestContext, q: Partial<HazardQuery>): Promise<Readable> {
  const actor = requirePermission(ctx, 'hazard.export');
  const today = deps.clock.today();
  const { page: _p, pageSize: _ps, sort, ...filter } = q;
  const overdueFlagFresh = filter.overdue !== undefined && (await ensureOverdueSwept(deps));
  const names = await referenceNames(deps);
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  (async () => {
    const xw = new XlsxStreamWriter(out, { sheetName: '隐患台账', columns: COLUMNS });
    await xw.start();
    let count = 0;
    let truncated = false;
    const batches = repo.iterateLedger(deps.database, actor.scope, { ...filter, today, overdueFlagFresh, qEnterpriseIds: await enterprisesMatching(deps, filter.q) }, sort === 'foundAt', EXPORT_BATCH);
    for await (const { batch, ents } of withEnterpriseNames(deps, batches)) {
      for (const r of batch) {
        if (count >= EXPORT_MAX_ROWS) {
          truncated = true;
          break;
        }
        const status = r.status as HazardStatus;
        const pending = xw.addRow([
          r.code,
          ents.get(r.enterprise_id) ?? '',
          names.regions.get(r.region_code) ?? r.region_code,
          names.sectors.get(r.sector) ?? r.sector,
          HAZARD_SOURCE_LABELS[r.source as HazardSource] ?? r.source,
          r.category,
          r.place,
          r.description,
          r.grade,
          r.standard_id ? `${r.standard_id} 第${r.standard_item}` : '',
          HAZARD_STATUS_LABELS[status] ?? status,
          r.found_at_text,
          r.found_by_name ?? '',
          r.measures ?? '',
          r.responsible_person ?? '',
          r.funds === null || r.funds === undefined ? null : Number(r.funds),
          r.deadline ?? '',
          isOverdue(status, r.deadline, today) ? overdueDays(status, r.deadline, today) : null,
          r.closed_at_text ?? '',
          r.supervision === 'listed' ? '挂牌' : r.supervision === 'delisted' ? '已摘牌' : '',
          r.fixed_on_spot ? '是' : '',
        ]);
        if (pending) await pending;
        count++;
      }
      if (truncated) break;
    }
    if (truncated) await xw.addRow([`仅导出前 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围后分批导出`]);
    await xw.finish();
    await deps.db.transaction((tx) =>
      recordAudit(tx, ctx, { action: 'hazard.export', entity: 'hazard', entityId: null, regionCode: actor.regionCode || null, after: { filter, rows: count, truncated } }),
    );
  })().catch((err) => out.destroy(err as Error));
  return out;
}
