import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { requireActor, type RequestContext } from '../../platform/access';
import { listAuditOfEntity, recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound, validationError } from '../../platform/errors';
import { requireEnterpriseInScope, setEnterpriseRiskLevels } from '../org';
import {
  type AssessmentInput,
  type CardQuery,
  type RiskPointCreate,
  type RiskPointQuery,
  type RiskPointUpdate,
  type RiskRulesUpdate,
  type AssessmentView,
  type RiskCardView,
  type RiskMapView,
  type RiskPointView,
  type RiskRulesView,
  type RiskStatsView,
} from '../../../shared/contracts/risk';
import type { PageResult } from '../../../shared/contracts/common';
import {
  CARD_TITLES,
  DEFAULT_RISK_RULES,
  RISK_LEVELS,
  RiskRulesSchema,
  assess,
  deriveEnterpriseLevel,
  type CardType,
  type RiskRules,
} from '../../../shared/risk';
import { addDays } from '../../../shared/time';
import * as repo from './risk.repo';
import type { AssessmentRow, MeasureRow, PointJoined, RiskPointRow } from './risk.repo';

export function newCardToken(): string {
  // 192 random bits: the token printed in the public QR code cannot be guessed or enumerated.
  return randomBytes(24).toString('base64url');
}

// ---------- rules (settings record risk.rules) ----------

export interface LoadedRules {
  version: number;
  rules: RiskRules;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The configured rules, or the documented defaults (version 0) when nobody has changed them. */
export async function loadRules(db: DbOrTx, forUpdate = false): Promise<LoadedRules> {
  const stored = await repo.readRules(db, forUpdate);
  if (!stored) return { version: 0, rules: DEFAULT_RISK_RULES, updatedAt: null, updatedBy: null };
  const parsed = RiskRulesSchema.safeParse(stored.rules);
  // A stored record is validated when written; if it was tampered with, grade with the defaults.
  return { version: stored.version, rules: parsed.success ? (parsed.data as RiskRules) : DEFAULT_RISK_RULES, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
}

export async function getRules(deps: AppDeps): Promise<RiskRulesView> {
  const r = await loadRules(deps.db);
  return { version: r.version, updatedAt: r.updatedAt, updatedBy: r.updatedBy, rules: r.rules, defaults: DEFAULT_RISK_RULES };
}

/** 安委办 edits the band tables, factor tables and the enterprise rule; every enterprise level follows. */
export async function updateRules(deps: AppDeps, ctx: RequestContext, input: RiskRulesUpdate): Promise<RiskRulesView> {
  const actor = requireActor(ctx);
  const rules = input.rules as RiskRules;
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${repo.RULES_KEY}))`);
    const before = await loadRules(tx, true);
    if (input.version !== before.version) throw new AppError('CONFLICT', '风险分级规则已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    const next = { version: before.version + 1, rules, updatedBy: actor.username, updatedAt: deps.clock.now().toISOString() };
    await repo.writeRules(tx, next);
    await recordAudit(tx, ctx, { action: 'risk_rules.update', entity: 'risk_rules', entityId: repo.RULES_KEY, regionCode: actor.regionCode, before: { version: before.version, rules: before.rules }, after: { version: next.version, rules } });
    // The enterprise rule may have changed: every enterprise level is derived again.
    await refreshEnterpriseLevels(tx, ctx, 'all', rules);
  });
  return getRules(deps);
}

// ---------- enterprise level ----------

/**
 * Derive the enterprise level(s) again and write the changed ones to enterprises.risk_level in the
 * caller's transaction, each change audited on the enterprise (so its history shows it).
 */
export async function refreshEnterpriseLevels(tx: DbOrTx, ctx: RequestContext, enterpriseIds: string[] | 'all', rules: RiskRules): Promise<{ enterpriseId: string; from: string | null; to: string | null }[]> {
  const inputs = await repo.levelInputs(tx, enterpriseIds);
  const changes = inputs
    .map((i) => ({ i, level: deriveEnterpriseLevel(i.pointLevels, i.grades, rules.enterprise) }))
    .filter(({ i, level }) => (i.current ?? null) !== level);
  if (changes.length === 0) return [];
  await setEnterpriseRiskLevels(
    tx,
    changes.map(({ i, level }) => ({ enterpriseId: i.enterpriseId, level })),
  );
  for (let k = 0; k < changes.length; k += 500) {
    await recordAudit(
      tx,
      ctx,
      changes.slice(k, k + 500).map(({ i, level }) => ({
        action: 'enterprise.risk_level',
        entity: 'enterprise',
        entityId: i.enterpriseId,
        regionCode: i.regionCode,
        before: { riskLevel: i.current },
        after: { riskLevel: level, basis: { pointLevels: i.pointLevels, majorHazardGrades: i.grades } },
      })),
    );
  }
  return changes.map(({ i, level }) => ({ enterpriseId: i.enterpriseId, from: i.current, to: level }));
}

// ---------- presentation ----------

function presentAssessment(a: AssessmentRow): AssessmentView {
  return {
    id: a.id,
    method: a.method as 'LEC' | 'LS',
    factors: a.factors as Record<string, number>,
    score: a.score,
    band: a.band,
    level: a.level,
    assessedOn: a.assessedOn,
    assessor: a.assessor,
    note: a.note,
    active: a.active,
    rulesVersion: a.rulesVersion,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    supersededAt: a.supersededAt ? a.supersededAt.toISOString() : null,
  };
}

function emergencyOf(p: RiskPointRow): RiskPointView['emergency'] {
  const e = (p.emergency ?? {}) as { steps?: string[]; cautions?: string[]; dutyPhone?: string | null };
  return { steps: e.steps ?? [], cautions: e.cautions ?? [], dutyPhone: e.dutyPhone ?? null };
}

export function presentPoint(j: PointJoined, today: string, measures?: MeasureRow[]): RiskPointView {
  const p = j.p;
  return {
    id: p.id,
    enterpriseId: p.enterpriseId,
    enterpriseName: j.enterpriseName,
    regionCode: p.regionCode,
    regionName: j.regionName ?? p.regionCode,
    sector: p.sector,
    sectorName: j.sectorName ?? p.sector,
    code: p.code,
    name: p.name,
    kind: p.kind,
    location: p.location,
    department: p.department,
    controlLevel: p.controlLevel,
    responsiblePerson: p.responsiblePerson,
    hazardFactors: p.hazardFactors,
    accidentTypes: p.accidentTypes,
    emergency: emergencyOf(p),
    reviewCycleDays: p.reviewCycleDays,
    nextReviewOn: p.nextReviewOn,
    reviewDue: p.status === '在用' && !!p.nextReviewOn && p.nextReviewOn <= today,
    status: p.status,
    assessment: j.a && j.a.id ? presentAssessment(j.a) : null,
    measureCount: j.measureCount,
    ...(measures ? { measures: measures.map((m) => ({ id: m.id, kind: m.kind, content: m.content, responsibleLevel: m.responsibleLevel, responsiblePerson: m.responsiblePerson })) } : {}),
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a point (not its card token: a capability, rotated separately). */
function pointSnapshot(p: RiskPointRow, measures: { kind: string; content: string; responsibleLevel: string; responsiblePerson: string }[]) {
  const { cardToken: _t, createdAt: _c, ...rest } = p;
  return { ...rest, measures: measures.map((m) => ({ kind: m.kind, content: m.content, responsibleLevel: m.responsibleLevel, responsiblePerson: m.responsiblePerson })) };
}

function assessmentSnapshot(a: AssessmentRow | undefined) {
  if (!a) return null;
  return { id: a.id, method: a.method, factors: a.factors, score: a.score, band: a.band, level: a.level, assessedOn: a.assessedOn, assessor: a.assessor, note: a.note, rulesVersion: a.rulesVersion };
}

// ---------- queries ----------

export async function listRiskPoints(deps: AppDeps, ctx: RequestContext, q: RiskPointQuery): Promise<PageResult<RiskPointView>> {
  const actor = requireActor(ctx);
  const today = deps.clock.today();
  const { rows, total } = await repo.listPoints(deps.db, actor.scope, q, today);
  return { items: rows.map((r) => presentPoint(r, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function getRiskPoint(deps: AppDeps, ctx: RequestContext, id: string): Promise<RiskPointView> {
  const actor = requireActor(ctx);
  const j = await repo.findPoint(deps.db, actor.scope, id);
  if (!j) throw notFound('风险点');
  return presentPoint(j, deps.clock.today(), await repo.listMeasures(deps.db, id));
}

export async function listAssessmentsOf(deps: AppDeps, ctx: RequestContext, id: string): Promise<AssessmentView[]> {
  const actor = requireActor(ctx);
  if (!(await repo.findPoint(deps.db, actor.scope, id))) throw notFound('风险点');
  return (await repo.listAssessments(deps.db, id)).map(presentAssessment);
}

export async function pointHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  if (!(await repo.findPoint(deps.db, actor.scope, id))) throw notFound('风险点');
  return listAuditOfEntity(deps.db, 'risk_point', id);
}

// ---------- mutations ----------

function gradeOrThrow(input: AssessmentInput, rules: RiskRules, prefix: string) {
  const r = assess(input.method, input.factors, rules, `${prefix}factors`);
  if (!r.ok) throw validationError(r.issues);
  return r.value;
}

async function writeAssessment(tx: DbOrTx, ctx: RequestContext, today: string, point: RiskPointRow, input: AssessmentInput, loaded: LoadedRules, prefix = '') {
  const graded = gradeOrThrow(input, loaded.rules, prefix);
  const assessedOn = input.assessedOn ?? today;
  if (assessedOn > today) throw invalidField(`${prefix}assessedOn`, '评价日期不能晚于今天');
  const before = await repo.activeAssessment(tx, point.id);
  await repo.supersedeAssessment(tx, point.id);
  const row = await repo.insertAssessment(tx, {
    riskPointId: point.id,
    enterpriseId: point.enterpriseId,
    regionCode: point.regionCode,
    sector: point.sector,
    method: graded.method,
    factors: graded.factors,
    score: graded.score,
    band: graded.band,
    level: graded.level,
    rulesVersion: loaded.version,
    assessedOn,
    assessor: input.assessor,
    note: input.note ?? null,
    active: true,
    createdBy: ctx.actor?.userId ?? null,
  });
  const updated = await repo.updatePointRow(tx, point.id, { nextReviewOn: addDays(assessedOn, point.reviewCycleDays) });
  await recordAudit(tx, ctx, {
    action: 'risk_point.assess',
    entity: 'risk_point',
    entityId: point.id,
    regionCode: point.regionCode,
    before: { assessment: assessmentSnapshot(before) },
    after: { assessment: assessmentSnapshot(row), nextReviewOn: updated.nextReviewOn },
  });
  return { row, point: updated };
}

export async function createRiskPoint(deps: AppDeps, ctx: RequestContext, input: RiskPointCreate): Promise<RiskPointView> {
  const actor = requireActor(ctx);
  const enterpriseId = input.enterpriseId ?? (actor.scope.kind === 'enterprise' ? actor.scope.enterpriseId : undefined);
  if (!enterpriseId) throw invalidField('enterpriseId', '请选择风险点所属企业');
  const ent = await requireEnterpriseInScope(deps, ctx, enterpriseId);
  if (input.assessment) gradeOrThrow(input.assessment, (await loadRules(deps.db)).rules, 'assessment.');
  const id = await deps.db.transaction(async (tx) => {
    await repo.lockEnterpriseForRisk(tx, enterpriseId);
    const code = input.code ?? (await repo.nextPointCode(tx, enterpriseId));
    if (await repo.pointCodeTaken(tx, enterpriseId, code)) throw new AppError('CONFLICT', `风险点编号 ${code} 已被本企业使用`, [{ path: 'code', message: '编号已存在' }]);
    const point = await repo.insertPoint(tx, {
      enterpriseId,
      regionCode: ent.e.regionCode,
      sector: ent.e.sector,
      code,
      name: input.name,
      kind: input.kind,
      location: input.location ?? '',
      department: input.department ?? '',
      controlLevel: input.controlLevel,
      responsiblePerson: input.responsiblePerson ?? '',
      hazardFactors: input.hazardFactors,
      accidentTypes: [...new Set(input.accidentTypes)],
      emergency: input.emergency ?? { steps: [], cautions: [] },
      reviewCycleDays: input.reviewCycleDays,
      cardToken: newCardToken(),
      createdBy: actor.userId,
    });
    const measures = await repo.replaceMeasures(tx, point, input.measures);
    await recordAudit(tx, ctx, { action: 'risk_point.create', entity: 'risk_point', entityId: point.id, regionCode: point.regionCode, after: pointSnapshot(point, measures) });
    if (input.assessment) {
      const loaded = await loadRules(tx);
      await writeAssessment(tx, ctx, deps.clock.today(), point, input.assessment, loaded, 'assessment.');
      await refreshEnterpriseLevels(tx, ctx, [enterpriseId], loaded.rules);
    }
    return point.id;
  });
  return getRiskPoint(deps, ctx, id);
}

export async function updateRiskPoint(deps: AppDeps, ctx: RequestContext, id: string, input: RiskPointUpdate): Promise<RiskPointView> {
  const actor = requireActor(ctx);
  const found = await repo.findPoint(deps.db, actor.scope, id);
  if (!found) throw notFound('风险点');
  await deps.db.transaction(async (tx) => {
    const ent = await repo.lockEnterpriseForRisk(tx, found.p.enterpriseId);
    const before = await repo.lockPoint(tx, actor.scope, id);
    if (!before || !ent) throw notFound('风险点');
    if (input.version !== undefined && input.version !== before.version) {
      throw new AppError('CONFLICT', '该风险点已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    }
    if (input.code && input.code !== before.code && (await repo.pointCodeTaken(tx, before.enterpriseId, input.code, id))) {
      throw new AppError('CONFLICT', `风险点编号 ${input.code} 已被本企业使用`, [{ path: 'code', message: '编号已存在' }]);
    }
    const measuresBefore = await repo.listMeasures(tx, id);
    const { version: _v, measures, accidentTypes, reviewCycleDays, ...rest } = input;
    const values: Partial<repo.RiskPointInsert> = { ...rest, regionCode: ent.regionCode, sector: ent.sector };
    if (accidentTypes) values.accidentTypes = [...new Set(accidentTypes)];
    if (reviewCycleDays !== undefined) {
      values.reviewCycleDays = reviewCycleDays;
      const active = await repo.activeAssessment(tx, id);
      values.nextReviewOn = active ? addDays(active.assessedOn, reviewCycleDays) : null;
    }
    const after = await repo.updatePointRow(tx, id, values);
    const measuresAfter = measures ? await repo.replaceMeasures(tx, after, measures) : measuresBefore;
    if (after.regionCode !== before.regionCode || after.sector !== before.sector) await repo.syncPointScopeColumns(tx, after);
    await recordAudit(tx, ctx, { action: 'risk_point.update', entity: 'risk_point', entityId: id, regionCode: after.regionCode, before: pointSnapshot(before, measuresBefore), after: pointSnapshot(after, measuresAfter) });
    if (input.status !== undefined && input.status !== before.status) {
      // A point taken out of use no longer counts for the enterprise level.
      await refreshEnterpriseLevels(tx, ctx, [before.enterpriseId], (await loadRules(tx)).rules);
    }
  });
  return getRiskPoint(deps, ctx, id);
}

/** Re-assessment: the previous assessment is kept as history; exactly one stays active. */
export async function assessRiskPoint(deps: AppDeps, ctx: RequestContext, id: string, input: AssessmentInput): Promise<RiskPointView> {
  const actor = requireActor(ctx);
  const found = await repo.findPoint(deps.db, actor.scope, id);
  if (!found) throw notFound('风险点');
  gradeOrThrow(input, (await loadRules(deps.db)).rules, '');
  await deps.db.transaction(async (tx) => {
    await repo.lockEnterpriseForRisk(tx, found.p.enterpriseId);
    const point = await repo.lockPoint(tx, actor.scope, id);
    if (!point) throw notFound('风险点');
    if (point.status !== '在用') throw new AppError('CONFLICT', '该风险点已停用，不能评价；请先恢复为“在用”');
    const loaded = await loadRules(tx);
    await writeAssessment(tx, ctx, deps.clock.today(), point, input, loaded);
    await refreshEnterpriseLevels(tx, ctx, [point.enterpriseId], loaded.rules);
  });
  return getRiskPoint(deps, ctx, id);
}

/** A new card token: cards printed before stop working (e.g. a card was posted in the wrong place). */
export async function rotateCardToken(deps: AppDeps, ctx: RequestContext, id: string): Promise<RiskPointView> {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const point = await repo.lockPoint(tx, actor.scope, id);
    if (!point) throw notFound('风险点');
    await repo.updatePointRow(tx, id, { cardToken: newCardToken() });
    await recordAudit(tx, ctx, { action: 'risk_point.card_token', entity: 'risk_point', entityId: id, regionCode: point.regionCode, after: { cardTokenRotated: true } });
  });
  return getRiskPoint(deps, ctx, id);
}

// ---------- cards ----------

export function publicCardUrl(deps: AppDeps, token: string, type: CardType): string {
  const base = deps.config.publicBaseUrl.replace(/\/+$/, '');
  return `${base}/public/risk-cards/${token}${type === 'emergency' ? '?type=emergency' : ''}`;
}

function cardView(deps: AppDeps, j: PointJoined, measures: MeasureRow[], type: CardType): RiskCardView {
  const p = j.p;
  const a = j.a && j.a.id ? j.a : null;
  const e = emergencyOf(p);
  return {
    type,
    title: CARD_TITLES[type],
    enterpriseName: j.enterpriseName,
    point: { code: p.code, name: p.name, kind: p.kind, location: p.location, department: p.department, controlLevel: p.controlLevel, responsiblePerson: p.responsiblePerson },
    level: a?.level ?? null,
    band: a?.band ?? null,
    method: a?.method ?? null,
    score: a?.score ?? null,
    assessedOn: a?.assessedOn ?? null,
    hazardFactors: p.hazardFactors,
    accidentTypes: p.accidentTypes,
    // Only what is posted on site: measure texts and levels, no person phone numbers.
    measures: measures.map((m) => ({ kind: m.kind, content: m.content, responsibleLevel: m.responsibleLevel })),
    emergency: { steps: e.steps, cautions: e.cautions, dutyPhone: e.dutyPhone ?? null },
    publicUrl: publicCardUrl(deps, p.cardToken, type),
    generatedAt: deps.clock.now().toISOString(),
  };
}

export async function qrDataUrl(text: string): Promise<string> {
  // Loaded on first use (~11 MB that a start does not spend).
  const QRCode = (await import('qrcode')).default;
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The card of a point for printing (signed-in users in scope), with its QR code. */
export async function riskCard(deps: AppDeps, ctx: RequestContext, id: string, { type }: CardQuery): Promise<RiskCardView> {
  const actor = requireActor(ctx);
  const j = await repo.findPoint(deps.db, actor.scope, id);
  if (!j) throw notFound('风险点');
  const view = cardView(deps, j, await repo.listMeasures(deps.db, id), type);
  return { ...view, qr: await qrDataUrl(view.publicUrl) };
}

/** The public card page behind the QR code: the unguessable token is the only key. */
export async function publicRiskCard(deps: AppDeps, token: string, { type }: CardQuery): Promise<RiskCardView> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound('告知卡');
  const j = await repo.findPointByToken(deps.db, token);
  if (!j) throw notFound('告知卡');
  return cardView(deps, j, await repo.listMeasures(deps.db, j.p.id), type);
}

export async function cardSource(deps: AppDeps, ctx: RequestContext, id: string, type: CardType) {
  const actor = requireActor(ctx);
  const j = await repo.findPoint(deps.db, actor.scope, id);
  if (!j) throw notFound('风险点');
  return cardView(deps, j, await repo.listMeasures(deps.db, id), type);
}

// ---------- statistics, map ----------

const zero = () => ({ 重大: 0, 较大: 0, 一般: 0, 低: 0 });

export async function riskStats(deps: AppDeps, ctx: RequestContext): Promise<RiskStatsView> {
  const actor = requireActor(ctx);
  const today = deps.clock.today();
  const [points, ents, sources, regionList, sectorList] = await Promise.all([
    repo.pointLevelCounts(deps.db, actor.scope, today),
    repo.enterpriseLevelCounts(deps.db, actor.scope),
    repo.sourceGradeCounts(deps.db, actor.scope),
    repo.regionNames(deps.db),
    repo.sectorNames(deps.db),
  ]);
  const pointTotals = { ...zero(), 未评估: 0, total: 0, reviewDue: points.reviewDue };
  for (const r of points.byLevel) {
    if (r.level) pointTotals[r.level] += r.count;
    else pointTotals.未评估 += r.count;
    pointTotals.total += r.count;
  }
  const entTotals = { ...zero(), 未评定: 0, total: 0 };
  type Row = ReturnType<typeof zero> & { code: string; name: string; enterprises: ReturnType<typeof zero> };
  const regionRows = new Map<string, Row>();
  const sectorRows = new Map<string, Row>();
  const rowOf = (map: Map<string, Row>, code: string, names: { code: string; name: string }[]) => {
    let r = map.get(code);
    if (!r) {
      r = { code, name: names.find((n) => n.code === code)?.name ?? code, ...zero(), enterprises: zero() };
      map.set(code, r);
    }
    return r;
  };
  for (const r of points.byRegion) rowOf(regionRows, r.code, regionList)[r.level] += r.count;
  for (const r of points.bySector) rowOf(sectorRows, r.code, sectorList)[r.level] += r.count;
  for (const e of ents) {
    entTotals.total += e.count;
    const level = e.level as keyof ReturnType<typeof zero> | null;
    if (level && (RISK_LEVELS as readonly string[]).includes(level)) {
      entTotals[level] += e.count;
      rowOf(regionRows, e.regionCode, regionList).enterprises[level] += e.count;
      rowOf(sectorRows, e.sector, sectorList).enterprises[level] += e.count;
    } else entTotals.未评定 += e.count;
  }
  const order = (names: { code: string }[]) => (a: Row, b: Row) => names.findIndex((n) => n.code === a.code) - names.findIndex((n) => n.code === b.code);
  const byGrade: Record<string, number> = { 一级: 0, 二级: 0, 三级: 0, 四级: 0 };
  let total = 0;
  let major = 0;
  for (const s of sources) {
    total += s.count;
    if (s.isMajor && s.grade) {
      major += s.count;
      byGrade[s.grade] = (byGrade[s.grade] ?? 0) + s.count;
    }
  }
  return {
    points: pointTotals,
    enterprises: entTotals,
    byRegion: [...regionRows.values()].sort(order(regionList)),
    bySector: [...sectorRows.values()].sort(order(sectorList)),
    sources: { total, major, byGrade },
  };
}

export async function riskMap(deps: AppDeps, ctx: RequestContext): Promise<RiskMapView> {
  const actor = requireActor(ctx);
  const [list, regionList] = await Promise.all([repo.mapPoints(deps.db, actor.scope), repo.regionNames(deps.db)]);
  const located = list.filter((e) => e.lng !== null && e.lat !== null && Number.isFinite(e.lng) && Number.isFinite(e.lat));
  // Street labels sit at the centre of their enterprises in scope (no outside geodata needed).
  const centres = new Map<string, { lng: number; lat: number; n: number }>();
  for (const e of located) {
    const c = centres.get(e.region_code) ?? { lng: 0, lat: 0, n: 0 };
    c.lng += e.lng!;
    c.lat += e.lat!;
    c.n += 1;
    centres.set(e.region_code, c);
  }
  return {
    enterprises: located.map((e) => ({ id: e.id, name: e.name, lng: e.lng!, lat: e.lat!, regionCode: e.region_code, sector: e.sector, riskLevel: e.risk_level, points: e.points, sources: e.sources })),
    regions: [...centres.entries()].map(([code, c]) => ({ code, name: regionList.find((r) => r.code === code)?.name ?? code, lng: c.lng / c.n, lat: c.lat / c.n })),
    missingCoordinates: list.length - located.length,
  };
}
