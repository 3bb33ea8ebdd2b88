import { KeptAnswers, type Database } from '../../db';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import type { DrawCreateInput, DrawVerification, DrawView, PublicInspections } from '../../../shared/contracts/inspection';
import { DISHONEST_DRAW_WEIGHT, DRAW_ALGORITHM, MIN_INSPECTORS_PER_TARGET, PUBLIC_DAYS } from '../../../shared/inspection/rules';
import { addDays, chinaYear } from '../../../shared/time';
import { enterpriseNamesByIds } from '../org';
import { ALL_SCOPE, actorOf, enterpriseInScope, iso, unitDirectory } from './inspection.common';
import { classifiedTargets, listInspectors } from './inspection.directory';
import { DrawInfeasible, newSeed, runDraw, sameResult, seedHash, type DrawAssignment, type DrawPool } from './inspection.draw';
import * as repo from './inspection.repo';

/** 双随机一公开: commit (pool frozen, SHA-256 of the seed published), execute (result + seed published), verify. */

export async function createDraw(deps: AppDeps, ctx: RequestContext, input: DrawCreateInput): Promise<DrawView> {
  const actor = actorOf(ctx);
  const dir = await unitDirectory(deps);
  // A department draws for itself; the office (or admin) names the department it draws for.
  let unitId: string;
  if (actor.roles.includes('department') && actor.unitKind !== 'office') {
    if (input.unitId && input.unitId !== actor.unitId) throw forbidden('只能为本部门发起抽取');
    unitId = actor.unitId!;
  } else {
    if (!input.unitId) throw invalidField('unitId', '请选择实施抽查的部门');
    unitId = input.unitId;
  }
  const unit = dir.unitById.get(unitId);
  const deptSectors = dir.sectorsOf.get(unitId) ?? [];
  if (!unit || deptSectors.length === 0) throw invalidField('unitId', '该单位没有监管的行业领域，不能组织双随机抽查');
  if (input.sector && !deptSectors.includes(input.sector)) throw invalidField('sector', '该行业领域不由本部门监管');
  // Targets: in-service enterprises the department supervises (一企一执法主体), filtered.
  const sectors = input.sector ? [input.sector] : deptSectors;
  const targets = (await classifiedTargets(deps, ctx, { regionCode: input.regionCode }))
    .filter((t) => sectors.includes(t.sector))
    .filter((t) => !input.targetClasses?.length || input.targetClasses.includes(t.targetClass));
  if (targets.length === 0) throw invalidField('sector', '筛选条件下没有可抽取的检查对象');
  const count = input.count ?? Math.max(1, Math.ceil(input.ratio! * targets.length));
  if (count > targets.length) throw invalidField('count', `抽取数量 ${count} 超过对象库企业数 ${targets.length}`);
  // Inspectors: the department's, with a certificate valid today (an expired one cannot be drawn).
  const people = await listInspectors(deps, ctx, { unitId });
  const eligible = people.filter((p) => p.registered && p.active && p.certValid);
  const excluded = people
    .filter((p) => !eligible.includes(p))
    .map((p) => ({ name: p.name, reason: !p.registered ? '未录入执法证' : !p.active ? '已停用' : `执法证已于 ${p.certExpiry} 过期` }));
  const perTarget = Math.max(input.perTarget, MIN_INSPECTORS_PER_TARGET);
  if (eligible.length < perTarget) throw invalidField('perTarget', `本部门持有效执法证的检查人员只有 ${eligible.length} 名，不足每户 ${perTarget} 名`);
  const targetIds = new Set(targets.map((t) => t.enterpriseId));
  // 失信 enterprises weigh more in the draw (提高抽查比例和频次); the weights are part of the frozen pool.
  const weights = Object.fromEntries(targets.filter((t) => t.dishonest).map((t) => [t.enterpriseId, DISHONEST_DRAW_WEIGHT] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const pool: DrawPool = {
    targets: targets.map((t) => t.enterpriseId).sort(),
    inspectors: eligible.map((p) => p.userId).sort(),
    conflicts: eligible
      .flatMap((p) => p.conflicts.filter((c) => targetIds.has(c.enterpriseId)).map((c) => [p.userId, c.enterpriseId] as [string, string]))
      .sort((a, b) => (a.join() < b.join() ? -1 : 1)),
    ...(Object.keys(weights).length ? { weights } : {}),
  };
  const seed = newSeed();
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const prefix = `SJ-${chinaYear(now)}-`;
    await repo.lockCodes(tx, 'inspection_draw_code');
    const code = `${prefix}${String(await repo.nextDrawNumber(tx, prefix)).padStart(4, '0')}`;
    const row = await repo.insertDraw(tx, {
      code,
      name: input.name,
      unitId,
      regionCode: unit.regionCode,
      filters: { sector: input.sector ?? null, regionCode: input.regionCode ?? null, targetClasses: input.targetClasses ?? null, ratio: input.ratio ?? null },
      count,
      perTarget,
      algorithm: DRAW_ALGORITHM,
      pool,
      excluded,
      seedHash: seedHash(seed),
      seed,
      status: 'committed',
      plannedMonth: input.plannedMonth ?? null,
      createdBy: actor.userId,
      createdByName: actor.displayName,
      createdAt: now,
    });
    await recordAudit(tx, ctx, {
      action: 'inspection.draw_commit',
      entity: 'inspection_draw',
      entityId: row.id,
      regionCode: unit.regionCode,
      after: { code, count, perTarget, poolTargets: pool.targets.length, poolInspectors: pool.inspectors.length, seedHash: row.seedHash },
    });
    return row.id;
  });
  return getDraw(deps, ctx, id);
}

export async function executeDraw(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrawView> {
  const actor = actorOf(ctx);
  await deps.db.transaction(async (tx) => {
    const d = await repo.lockDraw(tx, actor, id);
    if (!d) throw notFound('抽取');
    if (d.status !== 'committed') throw conflict('该抽取已执行并公布，不能重复抽取');
    if (actor.roles.includes('department') && actor.unitKind !== 'office' && d.unitId !== actor.unitId) throw forbidden('只能执行本部门的抽取');
    let result: DrawAssignment[];
    try {
      result = runDraw(d.pool as DrawPool, { count: d.count, perTarget: d.perTarget }, d.seed, d.algorithm);
    } catch (e) {
      if (e instanceof DrawInfeasible) throw conflict('回避后可匹配的执法人员不足，请增加人员或减少每户人数后重新发起抽取');
      throw e;
    }
    const now = deps.clock.now();
    const targets = [];
    for (const [i, r] of result.entries()) {
      const ent = await enterpriseInScope(deps, tx, { ...actor, scope: ALL_SCOPE }, r.enterpriseId);
      if (!ent) throw notFound('企业');
      targets.push({ drawId: d.id, seq: i + 1, enterpriseId: r.enterpriseId, regionCode: ent.e.regionCode, sector: ent.e.sector, inspectorIds: r.inspectorIds });
    }
    await repo.insertDrawTargets(tx, targets);
    await repo.updateDraw(tx, d.id, { result, status: 'published', drawnAt: now });
    await recordAudit(tx, ctx, { action: 'inspection.draw_execute', entity: 'inspection_draw', entityId: d.id, regionCode: d.regionCode, after: { seed: d.seed, seedHash: d.seedHash, targets: result.length } });
  });
  publicKept.forget();
  return getDraw(deps, ctx, id);
}

function outcomeOf(status: string | null, failed: number, cases: number): string {
  if (!status) return '待检查';
  if (status !== 'completed') return '检查中';
  if (cases > 0) return `发现问题 ${failed} 项，已立案查处`;
  if (failed > 0) return `发现问题 ${failed} 项，已责令限期整改`;
  return '未发现问题';
}

async function present(deps: AppDeps, draws: repo.DrawRow[], withTargets: boolean): Promise<DrawView[]> {
  const dir = await unitDirectory(deps);
  const tRows = withTargets ? await repo.drawTargets(deps.db, draws.map((d) => d.id)) : [];
  const names = await repo.userNames(deps.db, tRows.flatMap((r) => r.t.inspectorIds));
  const outcomes = await repo.inspectionOutcomes(deps.db, tRows.map((r) => r.inspectionId).filter((x): x is string => !!x));
  // The targets' names in one statement (one read per target made the public page 33 statements).
  const entNames = new Map((await enterpriseNamesByIds(deps.database, [...new Set(tRows.map((r) => r.t.enterpriseId))])).map((e) => [e.id, e.name]));
  return draws.map((d) => {
    const pool = d.pool as DrawPool;
    return {
      id: d.id,
      code: d.code,
      name: d.name,
      unitId: d.unitId,
      unitName: dir.unitById.get(d.unitId)?.shortName ?? '',
      status: d.status as 'committed' | 'published',
      filters: d.filters as Record<string, unknown>,
      count: d.count,
      perTarget: d.perTarget,
      algorithm: d.algorithm,
      poolTargets: pool.targets.length,
      poolInspectors: pool.inspectors.length,
      excluded: d.excluded as { name: string; reason: string }[],
      seedHash: d.seedHash,
      // Commit-reveal: the seed stays secret until the draw has run.
      seed: d.status === 'published' ? d.seed : null,
      createdByName: d.createdByName,
      createdAt: d.createdAt.toISOString(),
      drawnAt: iso(d.drawnAt),
      plannedMonth: d.plannedMonth,
      targets: tRows
        .filter((r) => r.t.drawId === d.id)
        .map((r) => {
          const o = r.inspectionId ? outcomes.get(r.inspectionId) : undefined;
          return {
            id: r.t.id,
            seq: r.t.seq,
            enterpriseId: r.t.enterpriseId,
            enterpriseName: entNames.get(r.t.enterpriseId) ?? '',
            regionName: dir.regionName.get(r.t.regionCode) ?? r.t.regionCode,
            inspectors: r.t.inspectorIds.map((i) => ({ id: i, name: names.get(i) ?? '' })),
            inspectionId: r.inspectionId,
            outcome: outcomeOf(r.inspectionStatus, o?.failed ?? 0, o?.cases ?? 0),
          };
        }),
    };
  });
}

export async function getDraw(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrawView> {
  const d = await repo.findDraw(deps.db, actorOf(ctx), id);
  if (!d) throw notFound('抽取');
  return (await present(deps, [d], true))[0];
}

export async function listDraws(deps: AppDeps, ctx: RequestContext, q: { page: number; pageSize: number }) {
  const { list, total } = await repo.listDraws(deps.db, actorOf(ctx), q);
  const items = (await present(deps, list, false)).map(({ targets: _t, excluded: _e, filters: _f, ...rest }) => rest);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

// ---------- verification ----------

/** Re-run a published draw from its stored pool, seed and algorithm; compare with the stored result and targets. */
export async function verifyDrawRow(db: AppDeps['db'], d: repo.DrawRow): Promise<DrawVerification> {
  const base = { id: d.id, code: d.code };
  if (d.status !== 'published') return { ...base, ok: true, message: '尚未抽取（仅公布了种子承诺）' };
  if (seedHash(d.seed) !== d.seedHash) return { ...base, ok: false, message: '公布的种子与抽取前承诺的 SHA-256 不符' };
  let rerun: DrawAssignment[];
  try {
    rerun = runDraw(d.pool as DrawPool, { count: d.count, perTarget: d.perTarget }, d.seed, d.algorithm);
  } catch (e) {
    return { ...base, ok: false, message: `重算失败：${(e as Error).message}` };
  }
  if (!sameResult(rerun, (d.result ?? []) as DrawAssignment[])) return { ...base, ok: false, message: '重算结果与存档的抽取结果不一致' };
  const stored = (await repo.drawTargets(db, [d.id])).map((r) => ({ enterpriseId: r.t.enterpriseId, inspectorIds: [...r.t.inspectorIds].sort() }));
  if (!sameResult(rerun, stored)) return { ...base, ok: false, message: '重算结果与公布的抽查对象/检查组不一致' };
  return { ...base, ok: true, message: `重算一致：${rerun.length} 户企业，每户 ${d.perTarget} 名执法人员` };
}

export async function verifyDraw(deps: AppDeps, ctx: RequestContext, id: string): Promise<DrawVerification> {
  const d = await repo.findDraw(deps.db, actorOf(ctx), id);
  if (!d) throw notFound('抽取');
  return verifyDrawRow(deps.db, d);
}

/** Every published draw (CLI `anzhi draw verify --all`). */
export async function verifyAllDraws(database: Database, code?: string): Promise<DrawVerification[]> {
  const all = await repo.publishedDraws(database.db);
  const out: DrawVerification[] = [];
  for (const d of all) if (!code || d.code === code) out.push(await verifyDrawRow(database.db, d));
  return out;
}

// ---------- public (一公开) ----------

/**
 * The public page is read by anyone, without a login, and changes when a draw is published or a
 * drawn target's inspection moves on. Its answer is kept per database and day for 10 s
 * (browsers and proxies may keep it 60 s: Cache-Control) and dropped when a draw is published here.
 */
const publicKept = new KeptAnswers<PublicInspections>(10_000, 500, 'public 双随机 page');

export function publicInspections(deps: AppDeps): Promise<PublicInspections> {
  return publicKept.get(deps.database, deps.clock.today(), () => readPublicInspections(deps));
}

async function readPublicInspections(deps: AppDeps): Promise<PublicInspections> {
  const now = deps.clock.now();
  const since = new Date(`${addDays(deps.clock.today(), -PUBLIC_DAYS)}T00:00:00+08:00`);
  const draws = await repo.publishedDraws(deps.db, since);
  const views = await present(deps, draws, true);
  const tRows = await repo.drawTargets(deps.db, draws.map((d) => d.id));
  const dateOf = new Map(tRows.map((r) => [r.t.id, r.inspectionDate]));
  return {
    asOf: now.toISOString(),
    days: PUBLIC_DAYS,
    items: views.flatMap((v) =>
      v.targets.map((t) => ({
        drawCode: v.code,
        drawName: v.name,
        department: v.unitName,
        drawnAt: v.drawnAt!,
        seedHash: v.seedHash,
        seed: v.seed!,
        algorithm: v.algorithm,
        enterpriseName: t.enterpriseName,
        regionName: t.regionName,
        inspectionDate: iso(dateOf.get(t.id) ?? null),
        outcome: t.outcome,
      })),
    ),
    draws: draws.map((d) => ({
      code: d.code,
      name: d.name,
      department: views.find((v) => v.id === d.id)?.unitName ?? '',
      drawnAt: d.drawnAt!.toISOString(),
      algorithm: d.algorithm,
      seedHash: d.seedHash,
      seed: d.seed,
      count: d.count,
      perTarget: d.perTarget,
      pool: d.pool as DrawPool,
      result: d.result as DrawAssignment[],
    })),
  };
}

/**
 * `npx anzhi draw verify --all | CODE`: re-run every published draw (or one) from its stored pool,
 * seed and algorithm; exit code 1 naming each draw whose result differs.
 */
export async function runDrawVerifyCli(database: Database, args: string[], out: (s: string) => void): Promise<number> {
  const all = args.includes('--all');
  const code = args.find((a) => !a.startsWith('--'));
  if (!all && !code) {
    out('用法：npx anzhi draw verify --all | 抽取编号\n');
    return 2;
  }
  const results = await verifyAllDraws(database, all ? undefined : code);
  if (results.length === 0) {
    out(all ? '没有已公布的双随机抽取\n' : `未找到已公布的抽取 ${code}\n`);
    return all ? 0 : 1;
  }
  const bad = results.filter((r) => !r.ok);
  for (const r of results) out(`${r.ok ? '一致' : '不一致'}  ${r.code}  ${r.message}\n`);
  if (bad.length) {
    out(`\n${bad.length} 次抽取复核不通过：${bad.map((r) => r.code).join('、')}\n`);
    return 1;
  }
  out(`\n${results.length} 次抽取全部复核通过（重算结果与公布结果一致）\n`);
  return 0;
}
