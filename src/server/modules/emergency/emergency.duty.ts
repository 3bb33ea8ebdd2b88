import { and, eq, like, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { can, escapeLike, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { maskPhone } from '../../platform/crypto';
import { newWorkbook, xlsxHeaderStyle } from '../../platform/excel';
import { listUnits } from '../org';
import { UNIT_KIND_LABELS } from '../../../shared/access';
import type { DutyFillInput, DutyQuery, DutyShiftCreate, DutyShiftInput, DutyShiftView, HandoverInput, HandoverQuery } from '../../../shared/contracts/emergency.duty';
import { DISTRICT_CODE } from '../../../shared/org/reference';
import { addDays, chinaDate, chinaDayStart, chinaMonth, formatDateTime } from '../../../shared/time';
import * as repo from './emergency.duty.repo';
import { emergencyDutyHandovers as H, emergencyDutyShifts as S } from './emergency-duty.schema';
import { PHONES_PERMISSION } from './emergency.resources';

/**
 * 应急值守: each unit (office, departments, streets, parks) keeps its duty roster — per shift a
 * 带班领导 and a 值班员 with phones (SM4 at rest) — and a handover log. The whole district reads every
 * unit's roster (whom to call now is the point); phones are in clear for the units that must call
 * (emergency.phones) and for the unit itself, masked for others. A unit edits its own roster; the
 * office any unit's of its district.
 */

export const DUTY_PERMISSION = 'emergency.duty';
const DUTY_KINDS = ['office', 'department', 'street', 'park'];
type Unit = { id: string; name: string; kind: string; regionCode: string };

const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';
const districtOf = (a: Actor) => (a.scope.kind === 'all' ? DISTRICT_CODE : a.regionCode.slice(0, 6));
const inDistrict = (a: Actor, col: typeof S.regionCode | typeof H.regionCode): SQL | undefined => (a.scope.kind === 'all' ? undefined : like(col, `${escapeLike(districtOf(a))}%`));

async function dutyUnits(deps: AppDeps, actor: Actor): Promise<Unit[]> {
  const d = districtOf(actor);
  const order = (k: string) => DUTY_KINDS.indexOf(k);
  return (await listUnits(deps.db))
    .filter((u) => DUTY_KINDS.includes(u.kind) && u.regionCode.startsWith(d))
    .map((u) => ({ id: u.id, name: u.shortName, kind: u.kind, regionCode: u.regionCode }))
    .sort((a, b) => order(a.kind) - order(b.kind));
}

/** The unit a call is about: the one named (read: any of the district; write: own, or any for the office), else the caller's. */
async function unitFor(deps: AppDeps, actor: Actor, unitId: string | undefined, write: boolean): Promise<Unit | null> {
  const units = await dutyUnits(deps, actor);
  const own = units.find((u) => u.id === actor.unitId) ?? null;
  if (!unitId || unitId === actor.unitId) {
    if (write && !own) throw forbidden('当前账号的单位不排应急值班');
    return own;
  }
  const u = units.find((x) => x.id === unitId);
  if (!u) throw invalidField('unitId', '单位不存在、不在本区或不排应急值班');
  if (write && !isOffice(actor)) throw invalidField('unitId', '只能为本单位排班');
  return u;
}

const canEditUnit = (actor: Actor, unitId: string) => can(actor, DUTY_PERMISSION) && (unitId === actor.unitId || isOffice(actor));

function shiftView(deps: AppDeps, actor: Actor, r: repo.ShiftRow): DutyShiftView {
  const clear = can(actor, PHONES_PERMISSION) || r.unitId === actor.unitId;
  const phone = (enc: string | null) => {
    const p = deps.cipher.decrypt(enc);
    return clear ? p : maskPhone(p);
  };
  return {
    id: r.id,
    unitId: r.unitId,
    unitName: r.unitName,
    unitKindLabel: UNIT_KIND_LABELS[r.unitKind] ?? r.unitKind,
    date: r.dutyDate,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    startTime: formatDateTime(r.startsAt).slice(11, 16),
    endTime: formatDateTime(r.endsAt).slice(11, 16),
    leaderName: r.leaderName,
    leaderPhone: phone(r.leaderPhoneEnc),
    officerName: r.officerName,
    officerPhone: phone(r.officerPhoneEnc),
    phonesMasked: !clear,
    note: r.note,
    canEdit: canEditUnit(actor, r.unitId),
  };
}

const snapshot = (r: repo.ShiftRow) => ({ ...r, leaderPhoneEnc: undefined, officerPhoneEnc: undefined, phones: { leader: !!r.leaderPhoneEnc, officer: !!r.officerPhoneEnc } });

/** A shift's span: the date's start time to its end time, the next day when the end is not after the start (24-hour duty 08:30–08:30). */
export function shiftSpan(date: string, startTime: string, endTime: string): { startsAt: Date; endsAt: Date } {
  const at = (d: string, hm: string) => new Date(chinaDayStart(d).getTime() + (Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5))) * 60_000);
  const startsAt = at(date, startTime);
  let endsAt = at(date, endTime);
  if (endsAt.getTime() <= startsAt.getTime()) endsAt = at(addDays(date, 1), endTime);
  return { startsAt, endsAt };
}

function monthRange(month: string): { from: string; to: string; days: string[] } {
  const from = `${month}-01`;
  const days: string[] = [];
  for (let d = from; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return { from, to: days[days.length - 1], days };
}

function shiftValues(deps: AppDeps, unit: Unit, p: { date: string; startTime: string; endTime: string; leaderName: string; leaderPhone?: string | null; officerName: string; officerPhone: string; note?: string | null }, now: Date): repo.ShiftInsert {
  return {
    unitId: unit.id,
    unitName: unit.name,
    unitKind: unit.kind,
    regionCode: unit.regionCode,
    dutyDate: p.date,
    ...shiftSpan(p.date, p.startTime, p.endTime),
    leaderName: p.leaderName,
    leaderPhoneEnc: deps.cipher.encrypt(p.leaderPhone ?? null),
    officerName: p.officerName,
    officerPhoneEnc: deps.cipher.encrypt(p.officerPhone),
    note: p.note ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function dutyMonth(deps: AppDeps, ctx: RequestContext, q: z.output<typeof DutyQuery>) {
  const actor = requireActor(ctx);
  const month = q.month ?? chinaMonth(deps.clock.now());
  const units = await dutyUnits(deps, actor);
  const unit = (await unitFor(deps, actor, q.unitId, false)) ?? units[0] ?? null;
  const { from, to } = monthRange(month);
  const shifts = unit ? await repo.shiftsOfMonth(deps.db, and(eq(S.unitId, unit.id), inDistrict(actor, S.regionCode)), from, to) : [];
  const label = (u: Unit) => ({ id: u.id, name: u.name, kindLabel: UNIT_KIND_LABELS[u.kind] ?? u.kind });
  return { month, unit: unit ? label(unit) : null, units: units.map(label), shifts: shifts.map((s) => shiftView(deps, actor, s)), canEdit: !!unit && canEditUnit(actor, unit.id) };
}

export async function createShift(deps: AppDeps, ctx: RequestContext, input: z.output<typeof DutyShiftCreate>): Promise<DutyShiftView> {
  const actor = requireActor(ctx);
  const unit = (await unitFor(deps, actor, input.unitId, true))!;
  const now = deps.clock.now();
  const values = shiftValues(deps, unit, input, now);
  const row = await deps.db.transaction(async (tx) => {
    if (await repo.overlappingShift(tx, unit.id, values.startsAt, values.endsAt)) throw conflict(`${unit.name}在该时段已有排班，请修改原排班`);
    const [r] = await repo.insertShifts(tx, [values]);
    await recordAudit(tx, ctx, { action: 'emergency.duty.create', entity: 'emergency_duty_shift', entityId: r.id, regionCode: r.regionCode, after: snapshot(r) });
    return r;
  });
  return shiftView(deps, actor, row);
}

async function lockEditable(tx: Parameters<typeof repo.findShift>[0], actor: Actor, id: string) {
  const r = await repo.findShift(tx, id, inDistrict(actor, S.regionCode), true);
  if (!r) throw notFound('排班');
  if (!canEditUnit(actor, r.unitId)) throw forbidden(`只有${r.unitName}或区安委办可以修改该排班`);
  return r;
}

export async function updateShift(deps: AppDeps, ctx: RequestContext, id: string, input: z.output<typeof DutyShiftInput>): Promise<DutyShiftView> {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockEditable(tx, actor, id);
    const unit = { id: before.unitId, name: before.unitName, kind: before.unitKind, regionCode: before.regionCode };
    const { createdAt: _c, ...values } = shiftValues(deps, unit, input, now);
    if (await repo.overlappingShift(tx, unit.id, values.startsAt, values.endsAt, id)) throw conflict(`${unit.name}在该时段已有其他排班`);
    const after = await repo.updateShift(tx, id, values);
    await recordAudit(tx, ctx, { action: 'emergency.duty.update', entity: 'emergency_duty_shift', entityId: id, regionCode: after.regionCode, before: snapshot(before), after: snapshot(after) });
    return after;
  });
  return shiftView(deps, actor, row);
}

export async function removeShift(deps: AppDeps, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await lockEditable(tx, actor, id);
    await repo.deleteShift(tx, id);
    await recordAudit(tx, ctx, { action: 'emergency.duty.delete', entity: 'emergency_duty_shift', entityId: id, regionCode: before.regionCode, before: snapshot(before) });
  });
  return { ok: true as const };
}

/** A month from a weekly pattern (周一…周日): every day gets that weekday's leader and officer. */
export async function fillMonth(deps: AppDeps, ctx: RequestContext, input: z.output<typeof DutyFillInput>) {
  const actor = requireActor(ctx);
  const unit = (await unitFor(deps, actor, input.unitId, true))!;
  const now = deps.clock.now();
  const { from, to, days } = monthRange(input.month);
  return deps.db.transaction(async (tx) => {
    const existing = await repo.shiftsOfMonth(tx, eq(S.unitId, unit.id), from, to);
    const replaced = input.overwrite ? await repo.deleteShiftsOfDates(tx, unit.id, from, to) : 0;
    const taken = new Set(input.overwrite ? [] : existing.map((s) => s.dutyDate));
    const values: repo.ShiftInsert[] = [];
    let skipped = 0;
    for (const date of days) {
      if (taken.has(date)) {
        skipped++;
        continue;
      }
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = 周一
      const v = shiftValues(deps, unit, { date, startTime: input.startTime, endTime: input.endTime, ...input.week[weekday] }, now);
      // a 24-hour pattern must not run into a kept shift of the next day
      if (!input.overwrite && existing.some((s) => s.startsAt < v.endsAt && s.endsAt > v.startsAt)) {
        skipped++;
        continue;
      }
      values.push(v);
    }
    for (let i = 1; i < values.length; i++) if (values[i].startsAt < values[i - 1].endsAt) throw invalidField('endTime', '交班时间晚于次日接班时间，班次会重叠');
    const created = await repo.insertShifts(tx, values);
    await recordAudit(tx, ctx, { action: 'emergency.duty.fill', entity: 'emergency_duty_shift', entityId: null, regionCode: unit.regionCode, after: { unit: unit.name, month: input.month, created: created.length, replaced, skipped, startTime: input.startTime, endTime: input.endTime } });
    return { created: created.length, replaced, skipped };
  });
}

/** Who is on duty now: the caller's unit and every unit of the district (the office first). */
export async function dutyNow(deps: AppDeps, ctx: RequestContext) {
  const actor = requireActor(ctx);
  const now = deps.clock.now();
  const units = await dutyUnits(deps, actor);
  const order = new Map(units.map((u, i) => [u.id, i]));
  const rows = (await repo.shiftsAt(deps.db, inDistrict(actor, S.regionCode), now)).sort((a, b) => (order.get(a.unitId) ?? 999) - (order.get(b.unitId) ?? 999));
  const on = new Set(rows.map((r) => r.unitId));
  const mine = rows.find((r) => r.unitId === actor.unitId);
  return {
    at: now.toISOString(),
    mine: mine ? shiftView(deps, actor, mine) : null,
    district: rows.map((r) => shiftView(deps, actor, r)),
    unitsWithout: units.filter((u) => !on.has(u.id)).map((u) => u.name),
  };
}

/** A month's roster as .xlsx: the unit named (or the caller's); the office without a unit gets every unit of the district. */
export async function rosterFile(deps: AppDeps, ctx: RequestContext, q: z.output<typeof DutyQuery>): Promise<{ body: Buffer; month: string }> {
  const actor = requireActor(ctx);
  const month = q.month ?? chinaMonth(deps.clock.now());
  const all = !q.unitId && isOffice(actor);
  const unit = all ? null : await unitFor(deps, actor, q.unitId, false);
  const { from, to } = monthRange(month);
  const shifts = all || unit ? await repo.shiftsOfMonth(deps.db, and(inDistrict(actor, S.regionCode), unit ? eq(S.unitId, unit.id) : undefined), from, to) : [];
  const wb = await newWorkbook();
  wb.creator = '安治';
  const ws = wb.addWorksheet(`${month} 值班表`);
  ws.addRow([`${unit ? unit.name : '全区'}应急值班表（${month.replace('-', '年')}月）`]);
  ws.addRow(['日期', '星期', '单位', '接班时间', '交班时间', '带班领导', '带班领导电话', '值班员', '值班员电话', '备注']);
  xlsxHeaderStyle(ws.getRow(2));
  const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
  for (const s of shifts) {
    const v = shiftView(deps, actor, s);
    ws.addRow([v.date, `周${WEEK[new Date(`${v.date}T00:00:00Z`).getUTCDay()]}`, v.unitName, formatDateTime(v.startsAt), formatDateTime(v.endsAt), v.leaderName, v.leaderPhone, v.officerName, v.officerPhone, v.note]);
  }
  ws.columns.forEach((c, i) => (c.width = [12, 6, 20, 17, 17, 10, 15, 10, 15, 20][i] ?? 12));
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  await deps.db.transaction((tx) => recordAudit(tx, ctx, { action: 'emergency.duty.export', entity: 'emergency_duty_shift', entityId: null, regionCode: unit?.regionCode ?? (actor.regionCode || null), after: { month, unit: unit?.name ?? '全区', rows: shifts.length } }));
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), month };
}

// ---------- handovers ----------

export async function listHandovers(deps: AppDeps, ctx: RequestContext, q: z.output<typeof HandoverQuery>) {
  const actor = requireActor(ctx);
  // The office reads every unit's log when it names none; other units their own unless they name one.
  const all = !q.unitId && isOffice(actor);
  const unit = all ? null : await unitFor(deps, actor, q.unitId, false);
  if (!all && !unit) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where = and(inDistrict(actor, H.regionCode), unit ? eq(H.unitId, unit.id) : undefined);
  const r = await repo.listHandovers(deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: r.items.map((h) => ({ id: h.id, unitName: h.unitName, at: h.at.toISOString(), fromName: h.fromName, toName: h.toName, notes: h.notes, pending: h.pending, recordedBy: h.recordedByName })),
    total: r.total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function recordHandover(deps: AppDeps, ctx: RequestContext, input: z.output<typeof HandoverInput>) {
  const actor = requireActor(ctx);
  const unit = (await unitFor(deps, actor, undefined, true))!;
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalidField('at', '交接时间不能晚于现在');
  if (chinaDate(at) < chinaDate(new Date(now.getTime() - 31 * 86_400_000))) throw invalidField('at', '只能补记 31 天内的交接班');
  const h = await deps.db.transaction(async (tx) => {
    const [r] = await repo.insertHandovers(tx, [{ unitId: unit.id, unitName: unit.name, regionCode: unit.regionCode, at, fromName: input.fromName, toName: input.toName, notes: input.notes, pending: input.pending || null, recordedByName: actor.displayName, createdAt: now }]);
    await recordAudit(tx, ctx, { action: 'emergency.duty.handover', entity: 'emergency_duty_handover', entityId: r.id, regionCode: r.regionCode, after: r });
    return r;
  });
  return { id: h.id, unitName: h.unitName, at: h.at.toISOString(), fromName: h.fromName, toName: h.toName, notes: h.notes, pending: h.pending, recordedBy: h.recordedByName };
}
