import { and, ilike, like, ne, or, eq, sql, type SQL } from 'drizzle-orm';
import { can, escapeLike, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { forbidden, invalidField, notFound } from '../../platform/errors';
import { maskPhone } from '../../platform/crypto';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { claimRun, runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import { findEnterprise, listUnits } from '../org';
import { UNIT_KIND_LABELS } from '../../../shared/access';
import type { LiaisonCreate, LiaisonInput, LiaisonView } from '../../../shared/contracts/emergency';
import { LIAISON_CONFIRM_DAYS } from '../../../shared/emergency/catalog';
import { chinaDate, daysBetween, formatDateTime } from '../../../shared/time';
import type { z } from 'zod';
import * as repo from './emergency.repo';
import { PHONES_PERMISSION, readPrefix } from './emergency.resources';
import { emergencyLiaisons as L } from './emergency.schema';

/**
 * 一网: every street, department, park and enterprise names its liaisons (duty, office and mobile
 * phone, SM4-encrypted). The whole district sees the network (that is its point); phones are in clear
 * for the government units that must call and for the liaison's own unit, masked for others. A
 * liaison not confirmed for 90 days is flagged and its unit reminded (daily sweep).
 */

type Owner = { ownerId: string; ownerKind: string; ownerName: string; regionCode: string };
const OWNER_KINDS = ['street', 'department', 'park', 'enterprise', 'office'];

async function ownerOfActor(deps: AppDeps, actor: Actor): Promise<Owner> {
  if (actor.enterpriseId) {
    const e = await findEnterprise(deps.db, actor.scope, actor.enterpriseId);
    if (!e) throw notFound('企业');
    return { ownerId: e.e.id, ownerKind: 'enterprise', ownerName: e.e.name, regionCode: e.e.regionCode };
  }
  if (!actor.unitId || !actor.unitKind) throw forbidden('当前账号未关联单位，无法登记联络员');
  const kind = actor.unitKind === 'committee' ? 'office' : actor.unitKind === 'sector_committee' ? 'department' : actor.unitKind;
  if (!OWNER_KINDS.includes(kind)) throw forbidden('本单位不在应急联络网范围内');
  return { ownerId: actor.unitId, ownerKind: kind, ownerName: actor.unitName ?? actor.displayName, regionCode: actor.regionCode };
}

const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';
const ownId = (a: Actor) => a.enterpriseId ?? a.unitId;

/** Who sees which liaisons: the district's network; an enterprise sees the government's and its own. */
function readScope(actor: Actor): SQL | undefined {
  const prefix = readPrefix(actor);
  const inDistrict = prefix ? like(L.regionCode, `${escapeLike(prefix)}%`) : undefined;
  if (actor.enterpriseId) return and(inDistrict, or(ne(L.ownerKind, 'enterprise'), eq(L.ownerId, actor.enterpriseId)));
  return inDistrict;
}

function canEdit(actor: Actor, r: repo.LiaisonRow): boolean {
  if (!can(actor, 'emergency.liaison')) return false;
  if (isOffice(actor)) return r.regionCode.startsWith(actor.regionCode);
  return r.ownerId === ownId(actor);
}

function view(deps: AppDeps, actor: Actor, r: repo.LiaisonRow): LiaisonView {
  const clear = can(actor, PHONES_PERMISSION) || r.ownerId === ownId(actor);
  const phone = (enc: string | null) => {
    const p = deps.cipher.decrypt(enc);
    return clear ? p : maskPhone(p);
  };
  const days = daysBetween(chinaDate(r.confirmedAt), deps.clock.today());
  return {
    id: r.id,
    ownerKind: r.ownerKind,
    ownerKindLabel: UNIT_KIND_LABELS[r.ownerKind] ?? r.ownerKind,
    ownerName: r.ownerName,
    regionCode: r.regionCode,
    name: r.name,
    position: r.position,
    dutyPhone: phone(r.dutyPhoneEnc),
    officePhone: phone(r.officePhoneEnc),
    mobile: phone(r.mobileEnc),
    phonesMasked: !clear,
    note: r.note,
    confirmedAt: r.confirmedAt.toISOString(),
    stale: days > LIAISON_CONFIRM_DAYS,
    daysSinceConfirmed: days,
    canEdit: canEdit(actor, r),
  };
}

function snapshot(r: repo.LiaisonRow) {
  return { ...r, dutyPhoneEnc: undefined, officePhoneEnc: undefined, mobileEnc: undefined, phones: { duty: !!r.dutyPhoneEnc, office: !!r.officePhoneEnc, mobile: !!r.mobileEnc } };
}

const phoneValues = (deps: AppDeps, i: LiaisonInput) => ({
  name: i.name,
  position: i.position ?? null,
  note: i.note ?? null,
  dutyPhoneEnc: deps.cipher.encrypt(i.dutyPhone ?? null),
  officePhoneEnc: deps.cipher.encrypt(i.officePhone ?? null),
  mobileEnc: deps.cipher.encrypt(i.mobile),
});

export interface LiaisonFilter {
  q?: string;
  ownerKind?: string;
  stale?: boolean;
}

function filterOf(deps: AppDeps, actor: Actor, q: LiaisonFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [readScope(actor)];
  if (q.ownerKind) conds.push(eq(L.ownerKind, q.ownerKind));
  if (q.q) conds.push(or(ilike(L.name, `%${escapeLike(q.q)}%`), ilike(L.ownerName, `%${escapeLike(q.q)}%`), ilike(L.position, `%${escapeLike(q.q)}%`)));
  if (q.stale !== undefined) conds.push(q.stale ? staleCond(deps) : sql`not (${staleCond(deps)})`);
  return and(...conds);
}

const staleBefore = (deps: AppDeps) => new Date(deps.clock.now().getTime() - LIAISON_CONFIRM_DAYS * 86_400_000);
const staleCond = (deps: AppDeps) => sql`${L.confirmedAt} < ${staleBefore(deps)}`;

export async function listLiaisons(deps: AppDeps, ctx: RequestContext, q: LiaisonFilter & { page: number; pageSize: number }) {
  const actor = requireActor(ctx);
  const where = filterOf(deps, actor, q);
  const [r, staleCount] = await Promise.all([repo.listLiaisons(deps.db, where, q.pageSize, (q.page - 1) * q.pageSize), repo.countLiaisons(deps.db, and(where, staleCond(deps)))]);
  return { items: r.items.map((x) => view(deps, actor, x)), total: r.total, page: q.page, pageSize: q.pageSize, staleCount };
}

export async function createLiaison(deps: AppDeps, ctx: RequestContext, input: z.output<typeof LiaisonCreate>): Promise<LiaisonView> {
  const actor = requireActor(ctx);
  let owner = await ownerOfActor(deps, actor);
  if (input.unitId && input.unitId !== owner.ownerId) {
    // The office may register liaisons for the units of its district (the first roll-out).
    if (!isOffice(actor)) throw invalidField('unitId', '只能为本单位登记联络员');
    const u = (await listUnits(deps.db)).find((x) => x.id === input.unitId && x.regionCode.startsWith(actor.regionCode));
    if (!u) throw invalidField('unitId', '单位不存在或不在本区');
    const kind = u.kind === 'sector_committee' ? 'department' : u.kind === 'committee' ? 'office' : u.kind;
    if (!OWNER_KINDS.includes(kind)) throw invalidField('unitId', '该单位不在应急联络网范围内');
    owner = { ownerId: u.id, ownerKind: kind, ownerName: u.shortName, regionCode: u.regionCode };
  }
  const row = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [r] = await repo.insertLiaisons(tx, [{ ...owner, ...phoneValues(deps, input), confirmedAt: now, createdAt: now, updatedAt: now }]);
    await recordAudit(tx, ctx, { action: 'emergency.liaison.create', entity: 'emergency_liaison', entityId: r.id, regionCode: r.regionCode, after: snapshot(r) });
    return r;
  });
  return view(deps, actor, row);
}

async function lockEditable(deps: AppDeps, tx: Parameters<typeof repo.findLiaison>[0], actor: Actor, id: string) {
  const r = await repo.findLiaison(tx, id, readScope(actor), true);
  if (!r) throw notFound('联络员');
  if (!canEdit(actor, r)) throw forbidden(`只有${r.ownerName}或区安委办可以修改该联络员`);
  return r;
}

/** Updating a liaison also confirms it (the unit has just checked the data). */
export async function updateLiaison(deps: AppDeps, ctx: RequestContext, id: string, input: LiaisonInput): Promise<LiaisonView> {
  const actor = requireActor(ctx);
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockEditable(deps, tx, actor, id);
    const now = deps.clock.now();
    const after = await repo.updateLiaison(tx, id, { ...phoneValues(deps, input), confirmedAt: now, updatedAt: now });
    await recordAudit(tx, ctx, { action: 'emergency.liaison.update', entity: 'emergency_liaison', entityId: id, regionCode: after.regionCode, before: snapshot(before), after: snapshot(after) });
    return after;
  });
  return view(deps, actor, row);
}

export async function confirmLiaison(deps: AppDeps, ctx: RequestContext, id: string): Promise<LiaisonView> {
  const actor = requireActor(ctx);
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockEditable(deps, tx, actor, id);
    const now = deps.clock.now();
    const after = await repo.updateLiaison(tx, id, { confirmedAt: now });
    await recordAudit(tx, ctx, { action: 'emergency.liaison.confirm', entity: 'emergency_liaison', entityId: id, regionCode: after.regionCode, before: { confirmedAt: before.confirmedAt }, after: { confirmedAt: now } });
    return after;
  });
  return view(deps, actor, row);
}

export async function removeLiaison(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await lockEditable(deps, tx, actor, id);
    await repo.deleteLiaison(tx, id);
    await recordAudit(tx, ctx, { action: 'emergency.liaison.delete', entity: 'emergency_liaison', entityId: id, regionCode: before.regionCode, before: snapshot(before) });
  });
  return { ok: true as const };
}

/** 应急联络花名册 (.xlsx): the list's filter, phones as the actor may see them. */
export async function rosterFile(deps: AppDeps, ctx: RequestContext, q: LiaisonFilter): Promise<Buffer> {
  const actor = requireActor(ctx);
  const { items } = await repo.listLiaisons(deps.db, filterOf(deps, actor, q), 20_000, 0);
  const wb = await newWorkbook();
  wb.creator = '安治';
  const ws = wb.addWorksheet('应急联络花名册');
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '单位类别', key: 'kind', width: 12 },
    { header: '单位', key: 'unit', width: 24 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '职务', key: 'position', width: 14 },
    { header: '值班电话', key: 'duty', width: 16 },
    { header: '办公电话', key: 'office', width: 16 },
    { header: '手机', key: 'mobile', width: 15 },
    { header: '最近确认', key: 'confirmed', width: 18 },
    { header: '超过90天未确认', key: 'stale', width: 14 },
  ];
  xlsxHeaderStyle(ws.getRow(1));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  items.forEach((r, i) => {
    const v = view(deps, actor, r);
    ws.addRow({ no: i + 1, kind: v.ownerKindLabel, unit: v.ownerName, name: v.name, position: v.position, duty: v.dutyPhone, office: v.officePhone, mobile: v.mobile, confirmed: formatDateTime(v.confirmedAt), stale: v.stale ? '是' : '' });
  });
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: 'emergency.liaison.export', entity: 'emergency_liaison', entityId: null, regionCode: actor.regionCode || null, after: { filter: q, rows: items.length, masked: !can(actor, PHONES_PERMISSION) } }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Daily: remind the unit of each liaison not confirmed for 90 days (once per liaison and day). */
export async function remindStaleLiaisons(deps: AppDeps): Promise<number> {
  const today = deps.clock.today();
  return (
    (await runExclusive(deps, 'emergency.liaison-reminders', async (tx) => {
      if (!(await claimRun(tx, 'emergency.liaison-reminders', today))) return 0;
      const stale = await repo.staleLiaisonsToRemind(tx, staleBefore(deps));
      for (const r of stale) {
        // Enterprise users are reached through their street (属地) in the office's follow-up; units directly.
        if (r.ownerKind === 'enterprise') continue;
        await notify(tx, deps, {
          unitId: r.ownerId,
          kind: 'emergency.liaison_stale',
          title: `请确认应急联络员 ${r.name} 的信息`,
          body: `${r.ownerName}的联络员 ${r.name} 已超过 ${LIAISON_CONFIRM_DAYS} 天未确认，请核实电话后点击“确认”。`,
          link: '/emergency/liaisons?stale=true',
          dedupeKey: `emergency.liaison_stale:${r.id}:${today}`,
        });
      }
      await repo.markReminded(tx, stale.map((r) => r.id), deps.clock.now());
      return stale.length;
    })) ?? 0
  );
}
