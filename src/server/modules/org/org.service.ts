import { KeptViews } from '../../db';
import { can, inScope, requireActor, requirePermission, type Actor, type RequestContext } from '../../platform/access';
import { changedFields, listAuditOfEntity, recordAudit } from '../../platform/audit';
import { maskPhone } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { validateUscc } from '../../../shared/org/uscc';
import type { DishonestFlag, EnterpriseCreate, EnterpriseQuery, EnterpriseStatistics, EnterpriseUpdate, EnterpriseView, OrgTree, UnitPatch, UnitView } from '../../../shared/contracts/org';
import type { PageResult } from '../../../shared/contracts/common';
import * as repo from './org.repo';
import type { EnterpriseJoined, EnterpriseRow } from './org.repo';
import { creditFlagsOf } from './org.hooks';

// ---------- presentation ----------

/**
 * An enterprise as the API shows it. `dishonest` is its 失信 entry in force (from `creditFlagsOf`,
 * read by the caller for a whole page at once); left out, the view says null.
 */
export function presentEnterprise(deps: AppDeps, actor: Actor | null, j: EnterpriseJoined, opts: { forceMask?: boolean; dishonest?: DishonestFlag | null } = {}): EnterpriseView {
  if (opts.forceMask) {
    // A list's view is the same for every reader (phones masked): built once per kept row.
    const view = maskedViews.view(
      j.e,
      (v) => v.sectorName === j.sectorName && v.regionName === j.regionName && v.supervisingUnitId === j.supervisingUnitId && v.supervisingUnitName === j.supervisingUnitName,
      () => buildView(deps, false, j, null),
    );
    // Shared by the requests that show it (nothing writes to a view); a 失信 entry is rare: a copy.
    return opts.dishonest ? { ...view, dishonest: opts.dishonest } : view;
  }
  return buildView(deps, can(actor, 'pii.read'), j, opts.dishonest ?? null);
}

/**
 * Masked views of the rows the registry keeps for its pages (org.repo's enterprisePages, 5 s): a
 * page asked again and again is decrypted, checked and formatted once (the enterprise list's
 * profile under load: ~8 % of the server in presentEnterprise, the USCC check and the decryption).
 * Built again when the row's names or supervising unit changed since.
 */
const maskedViews = new KeptViews<EnterpriseRow, EnterpriseView>();

function buildView(deps: AppDeps, clear: boolean, j: EnterpriseJoined, dishonest: DishonestFlag | null): EnterpriseView {
  const e = j.e;
  const phone = (enc: string | null) => {
    const p = deps.cipher.decrypt(enc);
    return clear ? p : maskPhone(p);
  };
  const warning = validateUscc(e.creditCode).warning;
  return {
    id: e.id,
    creditCode: e.creditCode,
    name: e.name,
    sector: e.sector,
    sectorName: j.sectorName,
    sectors: e.sectors,
    regionCode: e.regionCode,
    regionName: j.regionName,
    supervisingUnitId: j.supervisingUnitId,
    supervisingUnitName: j.supervisingUnitName,
    address: e.address,
    lng: e.lng,
    lat: e.lat,
    legalRepName: e.legalRepName,
    legalRepPhone: phone(e.legalRepPhoneEnc),
    safetyManagerName: e.safetyManagerName,
    safetyManagerPhone: phone(e.safetyManagerPhoneEnc),
    phonesMasked: !clear,
    scale: e.scale,
    aboveScale: e.aboveScale,
    status: e.status,
    employees: e.employees,
    establishedOn: e.establishedOn,
    businessScope: e.businessScope,
    riskLevel: e.riskLevel,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    dishonest,
    ...(warning ? { creditCodeWarning: warning } : {}),
  };
}

/** What the audit log keeps of an enterprise: phones stay encrypted (the log is not a PII leak). */
function auditSnapshot(e: EnterpriseRow) {
  const { legalRepPhoneEnc, safetyManagerPhoneEnc, createdAt, updatedAt, ...rest } = e;
  return { ...rest, legalRepPhoneSet: !!legalRepPhoneEnc, safetyManagerPhoneSet: !!safetyManagerPhoneEnc, updatedAt };
}

// ---------- queries ----------

export async function listEnterprises(deps: AppDeps, ctx: RequestContext, q: EnterpriseQuery): Promise<PageResult<EnterpriseView>> {
  const actor = requirePermission(ctx, 'enterprise.read');
  const { rows, total } = await repo.listEnterprises(deps.database, actor.scope, q);
  // The page's 失信 entries in one query (the page's ids only).
  const flags = await creditFlagsOf(
    deps,
    rows.map((r) => r.e.id),
  );
  // Lists always show masked phones; the detail page shows them in clear to those who may.
  return { items: rows.map((r) => presentEnterprise(deps, actor, r, { forceMask: true, dishonest: flags.get(r.e.id) })), total, page: q.page, pageSize: q.pageSize };
}

export async function enterpriseStatistics(deps: AppDeps, ctx: RequestContext): Promise<EnterpriseStatistics> {
  const actor = requireActor(ctx);
  const [s, sectors, regions] = await Promise.all([repo.enterpriseStats(deps.db, actor.scope), repo.listSectors(deps.db), repo.listRegions(deps.db)]);
  const name = (list: { code: string; name: string }[], code: string | null) => list.find((x) => x.code === code)?.name ?? code ?? '未评定';
  const sortDesc = <T extends { count: number }>(a: T[]) => a.sort((x, y) => y.count - x.count);
  return {
    total: s.total,
    aboveScale: s.aboveScale,
    bySector: sortDesc(s.sector.map((x) => ({ code: x.key as string, name: name(sectors, x.key as string), count: x.count }))),
    byRegion: sortDesc(s.region.map((x) => ({ code: x.key as string, name: name(regions, x.key as string), count: x.count }))),
    byStatus: sortDesc(s.status.map((x) => ({ name: x.key as string, count: x.count }))),
    byRisk: s.risk.map((x) => ({ name: (x.key as string | null) ?? '未评定', count: x.count })),
  };
}

export async function getEnterprise(deps: AppDeps, ctx: RequestContext, id: string): Promise<EnterpriseView> {
  const actor = requirePermission(ctx, 'enterprise.read');
  // The row and its 失信 entry side by side (one round trip of waiting, not two).
  const [r, flags] = await Promise.all([repo.findEnterprise(deps.db, actor.scope, id), creditFlagsOf(deps, [id])]);
  if (!r) throw notFound('企业');
  return presentEnterprise(deps, actor, r, { dishonest: flags.get(id) });
}

/**
 * The enterprise row if the actor may see it, for other modules (hazards, risks…) that attach
 * records to an enterprise. Out of scope = not found.
 */
export async function requireEnterpriseInScope(deps: AppDeps, ctx: RequestContext, id: string): Promise<EnterpriseJoined> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  const r = await repo.findEnterprise(deps.db, actor.scope, id);
  if (!r) throw notFound('企业');
  return r;
}

export async function enterpriseHistory(deps: AppDeps, ctx: RequestContext, id: string) {
  await getEnterprise(deps, ctx, id);
  return listAuditOfEntity(deps.db, 'enterprise', id);
}

// ---------- mutations ----------

async function checkReferences(deps: AppDeps, input: { sector?: string; sectors?: string[]; regionCode?: string }) {
  const [sectorList, regionList] = await Promise.all([repo.listSectors(deps.db), repo.listRegions(deps.db)]);
  const sectorCodes = new Set(sectorList.map((s) => s.code));
  if (input.sector !== undefined && !sectorCodes.has(input.sector)) throw invalidField('sector', `行业领域“${input.sector}”不存在`);
  for (const [i, s] of (input.sectors ?? []).entries()) {
    if (!sectorCodes.has(s)) throw invalidField(`sectors.${i}`, `行业领域“${s}”不存在`);
  }
  if (input.regionCode !== undefined) {
    const region = regionList.find((r) => r.code === input.regionCode);
    if (!region) throw invalidField('regionCode', `行政区划“${input.regionCode}”不存在`);
    if (region.kind === 'district') throw invalidField('regionCode', '请选择企业所在的街道或管理处（属地）');
  }
}

function encryptPhones(deps: AppDeps, input: { legalRepPhone?: string | null; safetyManagerPhone?: string | null }) {
  const out: { legalRepPhoneEnc?: string | null; safetyManagerPhoneEnc?: string | null } = {};
  if (input.legalRepPhone !== undefined) out.legalRepPhoneEnc = deps.cipher.encrypt(input.legalRepPhone);
  if (input.safetyManagerPhone !== undefined) out.safetyManagerPhoneEnc = deps.cipher.encrypt(input.safetyManagerPhone);
  return out;
}

export function toEnterpriseValues(deps: AppDeps, input: EnterpriseCreate): repo.EnterpriseInsert {
  const { legalRepPhone, safetyManagerPhone, sectors, ...rest } = input;
  return {
    ...rest,
    sectors: [...new Set([input.sector, ...(sectors ?? [])])],
    address: rest.address ?? '',
    legalRepName: rest.legalRepName ?? '',
    safetyManagerName: rest.safetyManagerName ?? '',
    businessScope: rest.businessScope ?? '',
    ...encryptPhones(deps, { legalRepPhone, safetyManagerPhone }),
  };
}

export async function createEnterprise(deps: AppDeps, ctx: RequestContext, input: EnterpriseCreate): Promise<EnterpriseView> {
  const actor = requireActor(ctx);
  await checkReferences(deps, input);
  // A department registers enterprises of its own sectors, a street those of its territory.
  if (!inScope(actor.scope, { regionCode: input.regionCode, sector: input.sector })) {
    throw new AppError('FORBIDDEN', '只能登记本单位管辖范围内（行业领域/属地）的企业');
  }
  const id = await deps.db.transaction(async (tx) => {
    if (await repo.findEnterpriseByCreditCode(tx, input.creditCode)) {
      throw new AppError('CONFLICT', `统一社会信用代码 ${input.creditCode} 已登记`, [{ path: 'creditCode', message: '已登记' }]);
    }
    const row = await repo.insertEnterprise(tx, toEnterpriseValues(deps, input));
    await recordAudit(tx, ctx, { action: 'enterprise.create', entity: 'enterprise', entityId: row.id, regionCode: row.regionCode, after: auditSnapshot(row) });
    return row.id;
  });
  return getEnterprise(deps, ctx, id);
}

/** Fields an enterprise user may change about itself (not its code, sector or territory). */
const SELF_EDITABLE = new Set(['address', 'lng', 'lat', 'legalRepName', 'legalRepPhone', 'safetyManagerName', 'safetyManagerPhone', 'employees', 'businessScope', 'version']);

export async function updateEnterprise(deps: AppDeps, ctx: RequestContext, id: string, input: EnterpriseUpdate): Promise<EnterpriseView> {
  const actor = requireActor(ctx);
  if (actor.scope.kind === 'enterprise') {
    const blocked = Object.keys(input).filter((k) => !SELF_EDITABLE.has(k));
    if (blocked.length) throw new AppError('FORBIDDEN', `企业用户不能修改：${blocked.join('、')}（请联系属地街道或行业部门）`);
  }
  await checkReferences(deps, input);
  await deps.db.transaction(async (tx) => {
    const before = await repo.lockEnterprise(tx, actor.scope, id);
    if (!before) throw notFound('企业');
    if (input.version !== undefined && input.version !== before.version) {
      throw new AppError('CONFLICT', '该企业信息已被他人修改，请刷新后再编辑', { currentVersion: before.version });
    }
    const next = { regionCode: input.regionCode ?? before.regionCode, sector: input.sector ?? before.sector, enterpriseId: id };
    if (!inScope(actor.scope, next)) throw new AppError('FORBIDDEN', '不能把企业移出本单位的管辖范围');
    if (input.creditCode && input.creditCode !== before.creditCode) {
      const other = await repo.findEnterpriseByCreditCode(tx, input.creditCode);
      if (other) throw new AppError('CONFLICT', `统一社会信用代码 ${input.creditCode} 已登记`, [{ path: 'creditCode', message: '已登记' }]);
    }
    const { legalRepPhone, safetyManagerPhone, version: _v, sectors, ...rest } = input;
    const values: Partial<repo.EnterpriseInsert> = { ...rest, ...encryptPhones(deps, { legalRepPhone, safetyManagerPhone }) };
    if (sectors !== undefined || input.sector !== undefined) {
      values.sectors = [...new Set([input.sector ?? before.sector, ...(sectors ?? before.sectors)])];
    }
    const after = await repo.updateEnterpriseRow(tx, id, values);
    await recordAudit(tx, ctx, {
      action: 'enterprise.update',
      entity: 'enterprise',
      entityId: id,
      regionCode: after.regionCode,
      ...changedFields(auditSnapshot(before), auditSnapshot(after), ['id', 'creditCode', 'name']),
    });
  });
  return getEnterprise(deps, ctx, id);
}

// ---------- organisation ----------

/** A unit's aliases as shown and stored: each once, without its own name or short name. */
export function distinctAliases(u: { name: string; shortName: string; aliases: readonly string[] }): string[] {
  const seen = new Set([u.name.trim(), u.shortName.trim()]);
  const out: string[] = [];
  for (const a of u.aliases) {
    const t = a.trim();
    if (!t || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

export async function orgTree(deps: AppDeps, ctx: RequestContext): Promise<OrgTree> {
  requireActor(ctx);
  const [regions, units, sectors] = await Promise.all([repo.listRegions(deps.db), repo.listUnits(deps.db), repo.listSectors(deps.db)]);
  return {
    regions: regions.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parentCode: r.parentCode, aliases: r.aliases })),
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      shortName: u.shortName,
      kind: u.kind,
      regionCode: u.regionCode,
      leadUnitId: u.leadUnitId,
      aliases: distinctAliases(u),
      contactName: u.contactName,
      contactPhone: can(ctx.actor, 'pii.read') ? deps.cipher.decrypt(u.contactPhoneEnc) : maskPhone(deps.cipher.decrypt(u.contactPhoneEnc)),
      active: u.active,
    })),
    sectors: sectors.map((s) => ({ code: s.code, name: s.name, departmentUnitId: s.departmentUnitId, departmentName: s.departmentName, committeeUnitId: s.committeeUnitId })),
  };
}

export async function updateUnit(deps: AppDeps, ctx: RequestContext, id: string, input: UnitPatch): Promise<UnitView> {
  requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await repo.findUnit(tx, id);
    if (!before) throw notFound('单位');
    const { contactPhone, ...rest } = input;
    if (rest.aliases) rest.aliases = distinctAliases({ name: rest.name ?? before.name, shortName: rest.shortName ?? before.shortName, aliases: rest.aliases });
    const values = { ...rest, ...(contactPhone !== undefined ? { contactPhoneEnc: deps.cipher.encrypt(contactPhone) } : {}) };
    const after = await repo.updateUnitRow(tx, id, values);
    await recordAudit(tx, ctx, {
      action: 'unit.update',
      entity: 'unit',
      entityId: id,
      regionCode: after.regionCode,
      before: { ...before, contactPhoneEnc: undefined },
      after: { ...after, contactPhoneEnc: undefined },
    });
  });
  repo.forgetOrgLists(deps.db);
  return (await orgTree(deps, ctx)).units.find((u) => u.id === id)!;
}
