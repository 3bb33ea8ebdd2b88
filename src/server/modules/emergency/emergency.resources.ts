import type { z } from 'zod';
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import { can, requireActor, type Actor, type RequestContext } from '../../platform/access';
import { recordAudit, type AuditEntry } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors';
import { maskPhone } from '../../platform/crypto';
import type { Tx } from '../../db';
import {
  CaseInput,
  ExpertInput,
  MaterialInput,
  MaterialUpdate,
  RegulationInput,
  TeamInput,
  type CaseView,
  type ExpertView,
  type MaterialView,
  type RegulationView,
  type TeamView,
  type MovementInput,
  type MovementView,
  type ResourceQuery,
} from '../../../shared/contracts/emergency';
import { EXPIRY_WARNING_DAYS, RESOURCE_LABELS, type MovementKind, type ResourceKind } from '../../../shared/emergency/catalog';
import { queryTerms } from '../../../shared/emergency/search';
import { addDays } from '../../../shared/time';
import * as repo from './emergency.repo';
import { emergencyCases, emergencyExperts, emergencyMaterials, emergencyRegulations, emergencyTeams } from './emergency.schema';
import type { OwnedRow, SearchDoc } from './emergency.repo';

/**
 * The five databases (五库): one definition per kind (how input becomes columns, how a row is shown,
 * what is searchable), and the services every kind shares: list, detail, create, update, delete.
 * Read scope: the actor's district (admin: all). Write: the office for its district, other units
 * for the records they keep.
 */

export const PHONES_PERMISSION = 'emergency.phones';

// ---------- scope ----------

/** Records are the district's: every unit of the district reads them. */
export function readPrefix(actor: Actor): string {
  return actor.scope.kind === 'all' ? '' : actor.regionCode.slice(0, 6);
}

const isOffice = (a: Actor) => a.unitKind === 'office' || a.unitKind === 'committee';

export function canEditOwned(actor: Actor, row: { regionCode: string; ownerUnitId: string | null }): boolean {
  if (!can(actor, 'emergency.manage')) return false;
  if (isOffice(actor)) return row.regionCode.startsWith(actor.regionCode);
  return !!actor.unitId && row.ownerUnitId === actor.unitId;
}

/** Phones in clear for the government units that must call, and for the unit that keeps the record. */
export function phoneFor(actor: Actor, enc: string | null | undefined, ownerUnitId: string | null, deps: AppDeps): string | null {
  const plain = deps.cipher.decrypt(enc ?? null);
  if (can(actor, PHONES_PERMISSION) || (ownerUnitId && ownerUnitId === actor.unitId)) return plain;
  return maskPhone(plain);
}

// ---------- the kinds ----------

type Row = OwnedRow & Record<string, unknown>;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const join = (...parts: unknown[]) => parts.filter((p) => p !== null && p !== undefined && p !== '').join(' ');

export interface KindDef {
  kind: ResourceKind;
  /** columns of the input (create / update) */
  values(deps: AppDeps, input: Record<string, unknown>): Record<string, unknown>;
  view(deps: AppDeps, actor: Actor, row: Row, today: string): Record<string, unknown>;
  doc(row: Row): { title: string; body: string };
  /** what the list sorts by */
  orderBy: SQL[];
  /** the `category` filter's column */
  category: SQL;
}

const encPhone = (deps: AppDeps, v: unknown) => deps.cipher.encrypt((v as string | null | undefined) ?? null);

export function materialExpiry(expiryDate: string | null, today: string): 'ok' | 'expiring' | 'expired' {
  if (!expiryDate) return 'ok';
  if (expiryDate < today) return 'expired';
  return expiryDate <= addDays(today, EXPIRY_WARNING_DAYS) ? 'expiring' : 'ok';
}

export const KINDS: Record<ResourceKind, KindDef> = {
  teams: {
    kind: 'teams',
    values: (deps, i) => {
      const { contactPhone, ...rest } = i as TeamInput;
      return { ...rest, equipment: rest.equipment ?? null, lng: rest.lng ?? null, lat: rest.lat ?? null, contactPhoneEnc: encPhone(deps, contactPhone) };
    },
    view: (deps, actor, r) => ({ ...r, contactPhone: phoneFor(actor, r.contactPhoneEnc as string | null, r.ownerUnitId, deps) }),
    doc: (r) => ({ title: String(r.name), body: join(r.unitName, r.kind, r.specialty, r.equipment, r.baseAddress, r.readiness) }),
    orderBy: [asc(emergencyTeams.regionCode), asc(emergencyTeams.name)],
    category: sql`${emergencyTeams.kind}`,
  },
  materials: {
    kind: 'materials',
    values: (deps, i) => {
      const { contactPhone, ...rest } = i as MaterialInput;
      return { ...rest, spec: rest.spec ?? null, lng: rest.lng ?? null, lat: rest.lat ?? null, contactName: rest.contactName ?? null, expiryDate: rest.expiryDate ?? null, contactPhoneEnc: encPhone(deps, contactPhone) };
    },
    view: (deps, actor, r, today) => {
      const quantity = Number(r.quantity);
      const minQuantity = Number(r.minQuantity);
      return {
        ...r,
        quantity,
        minQuantity,
        contactPhone: phoneFor(actor, r.contactPhoneEnc as string | null, r.ownerUnitId, deps),
        lowStock: quantity < minQuantity,
        expiry: materialExpiry(s(r.expiryDate), today),
      };
    },
    doc: (r) => ({ title: String(r.name), body: join(r.category, r.spec, r.depot, r.ownerName, r.unitOfMeasure) }),
    orderBy: [asc(emergencyMaterials.category), asc(emergencyMaterials.name)],
    category: sql`${emergencyMaterials.category}`,
  },
  experts: {
    kind: 'experts',
    values: (deps, i) => {
      const { phone, ...rest } = i as ExpertInput;
      return { ...rest, title: rest.title ?? null, position: rest.position ?? null, expertise: rest.expertise ?? null, phoneEnc: encPhone(deps, phone) };
    },
    view: (deps, actor, r) => ({ ...r, phone: phoneFor(actor, r.phoneEnc as string | null, r.ownerUnitId, deps) }),
    doc: (r) => ({ title: `${String(r.name)} ${String(r.field)}`, body: join(r.kind, r.title, r.organisation, r.position, r.expertise) }),
    orderBy: [asc(emergencyExperts.kind), asc(emergencyExperts.name)],
    category: sql`${emergencyExperts.kind}`,
  },
  regulations: {
    kind: 'regulations',
    values: (_deps, i) => {
      const r = i as RegulationInput;
      return { ...r, docNumber: r.docNumber ?? null, issuedOn: r.issuedOn ?? null, effectiveOn: r.effectiveOn ?? null, fullText: r.fullText ?? '' };
    },
    view: (_deps, _actor, r) => r,
    doc: (r) => ({ title: String(r.title), body: join(r.docNumber, r.issuer, r.kind, r.level, r.status, r.fullText) }),
    orderBy: [desc(emergencyRegulations.effectiveOn), asc(emergencyRegulations.title)],
    category: sql`${emergencyRegulations.kind}`,
  },
  cases: {
    kind: 'cases',
    values: (_deps, i) => {
      const c = i as CaseInput;
      const out: Record<string, unknown> = { ...c };
      for (const k of ['sectorName', 'directLoss', 'measures', 'process', 'lessons', 'problems', 'suggestions', 'expertOpinion']) out[k] = out[k] ?? null;
      return out;
    },
    view: (_deps, _actor, r) => ({ ...r, directLoss: n(r.directLoss) }),
    doc: (r) => ({ title: String(r.title), body: join(r.place, r.sectorName, r.accidentType, r.cause, r.measures, r.process, r.lessons, r.problems, r.suggestions, r.expertOpinion) }),
    orderBy: [desc(emergencyCases.occurredOn), asc(emergencyCases.title)],
    category: sql`${emergencyCases.accidentType}`,
  },
};

export const INPUTS = { teams: TeamInput, materials: MaterialInput, experts: ExpertInput, regulations: RegulationInput, cases: CaseInput } as const;
export const UPDATES = { teams: TeamInput, materials: MaterialUpdate, experts: ExpertInput, regulations: RegulationInput, cases: CaseInput } as const;

/** The row as its view (the response schema drops the stored ciphertexts). */
export function present(deps: AppDeps, actor: Actor, kind: ResourceKind, row: Row, list = false): Record<string, unknown> {
  const v = KINDS[kind].view(deps, actor, row, deps.clock.today());
  const out: Record<string, unknown> = { ...v, updatedAt: row.updatedAt.toISOString(), canEdit: canEditOwned(actor, row) };
  delete out.createdAt;
  if (list && kind === 'regulations') out.fullText = String(row.fullText ?? '').slice(0, 200);
  return out;
}

export function searchDoc(kind: ResourceKind, row: Row): SearchDoc {
  const d = KINDS[kind].doc(row);
  return { kind, refId: row.id, regionCode: row.regionCode, title: d.title, body: d.body };
}

/** What the audit log keeps of a record: no ciphertexts (only whether a phone is set). */
function snapshot(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.endsWith('Enc')) out[`${k.slice(0, -3)}Set`] = !!v;
    else if (k === 'fullText') out.fullTextLength = String(v ?? '').length;
    else out[k] = v;
  }
  return out;
}

const single = (kind: ResourceKind) => kind.replace(/s$/, '');

/** Each database's input, update and view types (the contract's): the services are typed by kind. */
export interface KindTypes {
  teams: { input: z.output<typeof TeamInput>; update: z.output<typeof TeamInput>; view: TeamView };
  materials: { input: z.output<typeof MaterialInput>; update: z.output<typeof MaterialUpdate>; view: MaterialView };
  experts: { input: z.output<typeof ExpertInput>; update: z.output<typeof ExpertInput>; view: ExpertView };
  regulations: { input: z.output<typeof RegulationInput>; update: z.output<typeof RegulationInput>; view: RegulationView };
  cases: { input: z.output<typeof CaseInput>; update: z.output<typeof CaseInput>; view: CaseView };
}
type ViewOf<K extends ResourceKind> = KindTypes[K]['view'];
/** present() builds a record of the kind's view from its row (KINDS[kind].view); named here once. */
const viewOf = <K extends ResourceKind>(deps: AppDeps, actor: Actor, kind: K, row: Row, list = false) => present(deps, actor, kind, row, list) as ViewOf<K>;

// ---------- services ----------

export async function listResources<K extends ResourceKind>(deps: AppDeps, ctx: RequestContext, kind: K, q: ResourceQuery, full = false): Promise<{ items: ViewOf<K>[]; total: number; page: number; pageSize: number }> {
  const actor = requireActor(ctx);
  const def = KINDS[kind];
  const extra: SQL[] = [];
  if (q.category) extra.push(sql`${def.category} = ${q.category}`);
  if (kind === 'materials' && q.alert) {
    const today = deps.clock.today();
    if (q.alert === 'low') extra.push(sql`${emergencyMaterials.quantity} < ${emergencyMaterials.minQuantity}`);
    if (q.alert === 'expired') extra.push(sql`${emergencyMaterials.expiryDate} < ${today}`);
    if (q.alert === 'expiring') extra.push(sql`${emergencyMaterials.expiryDate} >= ${today} AND ${emergencyMaterials.expiryDate} <= ${addDays(today, EXPIRY_WARNING_DAYS)}`);
  }
  const r = await repo.listResources(deps.db, kind, {
    prefix: readPrefix(actor),
    terms: q.q ? queryTerms(q.q) : [],
    extra,
    orderBy: def.orderBy,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: r.rows.map((row) => viewOf(deps, actor, kind, row, !full)), total: r.total, page: q.page, pageSize: q.pageSize };
}

export async function getResource<K extends ResourceKind>(deps: AppDeps, ctx: RequestContext, kind: K, id: string): Promise<ViewOf<K>> {
  const actor = requireActor(ctx);
  const row = await repo.findResource(deps.db, kind, id, readPrefix(actor));
  if (!row) throw notFound(RESOURCE_LABELS[kind]);
  return viewOf(deps, actor, kind, row);
}

function ownerOf(actor: Actor) {
  if (!actor.unitId) throw forbidden('只有街道、部门和安委办可以登记应急资源');
  return { regionCode: actor.regionCode, ownerUnitId: actor.unitId, ownerUnitName: actor.unitName ?? actor.displayName };
}

/** Insert records of one kind with their search keys, audit rows and (materials) opening stock movements. */
export async function insertResourcesInTx(deps: AppDeps, tx: Tx, ctx: RequestContext, kind: ResourceKind, inputs: Record<string, unknown>[], owner: ReturnType<typeof ownerOf>, action = 'create'): Promise<Row[]> {
  const now = deps.clock.now();
  const values = inputs.map((i) => ({ ...KINDS[kind].values(deps, i), ...owner, createdAt: now, updatedAt: now }));
  const out: Row[] = [];
  for (let i = 0; i < values.length; i += 500) out.push(...(await repo.insertResources(tx, kind, values.slice(i, i + 500))));
  await repo.upsertSearchDocs(tx, out.map((r) => searchDoc(kind, r)), now);
  if (kind === 'materials') {
    const actorName = ctx.actor?.displayName ?? '系统';
    for (const r of out) {
      if (Number(r.quantity) > 0) {
        await repo.insertMovement(tx, { materialId: r.id, kind: 'in', delta: Number(r.quantity), balanceAfter: Number(r.quantity), note: '初始库存', actorUserId: ctx.actor?.userId ?? null, actorName, at: now });
      }
    }
  }
  const audits: AuditEntry[] = out.map((r) => ({ action: `emergency.${single(kind)}.${action}`, entity: `emergency_${single(kind)}`, entityId: r.id, regionCode: r.regionCode, after: snapshot(r) }));
  for (let i = 0; i < audits.length; i += 500) await recordAudit(tx, ctx, audits.slice(i, i + 500));
  return out;
}

export async function createResource<K extends ResourceKind>(deps: AppDeps, ctx: RequestContext, kind: K, input: KindTypes[K]['input']): Promise<ViewOf<K>> {
  const actor = requireActor(ctx);
  const owner = ownerOf(actor);
  const [row] = await deps.db.transaction((tx) => insertResourcesInTx(deps, tx, ctx, kind, [input], owner));
  return viewOf(deps, actor, kind, row);
}

async function lockEditable(deps: AppDeps, tx: Tx, actor: Actor, kind: ResourceKind, id: string): Promise<Row> {
  const row = await repo.findResource(tx, kind, id, readPrefix(actor), true);
  if (!row) throw notFound(RESOURCE_LABELS[kind]);
  if (!canEditOwned(actor, row)) throw forbidden(`只有录入单位（${row.ownerUnitName}）或区安委办可以修改此${RESOURCE_LABELS[kind]}记录`);
  return row;
}

export async function updateResource<K extends ResourceKind>(deps: AppDeps, ctx: RequestContext, kind: K, id: string, input: KindTypes[K]['update']): Promise<ViewOf<K>> {
  const actor = requireActor(ctx);
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockEditable(deps, tx, actor, kind, id);
    const now = deps.clock.now();
    const values = KINDS[kind].values(deps, input);
    delete values.quantity; // stock changes only through movements
    const after = await repo.updateResource(tx, kind, id, values, now);
    await repo.upsertSearchDocs(tx, [searchDoc(kind, after)], now);
    await recordAudit(tx, ctx, { action: `emergency.${single(kind)}.update`, entity: `emergency_${single(kind)}`, entityId: id, regionCode: after.regionCode, before: snapshot(before), after: snapshot(after) });
    return after;
  });
  return viewOf(deps, actor, kind, row);
}

export async function deleteResource(deps: AppDeps, ctx: RequestContext, kind: ResourceKind, id: string) {
  const actor = requireActor(ctx);
  await deps.db.transaction(async (tx) => {
    const before = await lockEditable(deps, tx, actor, kind, id);
    await repo.deleteResource(tx, kind, id);
    await recordAudit(tx, ctx, { action: `emergency.${single(kind)}.delete`, entity: `emergency_${single(kind)}`, entityId: id, regionCode: before.regionCode, before: snapshot(before) });
  });
  return { ok: true as const };
}

// ---------- stock movements ----------

const SIGN: Record<MovementKind, 1 | -1> = { in: 1, out: -1, transfer: -1, write_off: -1 };

/**
 * A stock movement. The decrease is one conditional UPDATE (repo.applyStockDelta): concurrent
 * movements queue on the row, and one that the stock no longer covers changes nothing (409).
 * A transfer moves stock to another store of the same material in the district; both rows are
 * changed in id order so two opposite transfers cannot deadlock.
 */
export async function moveStock(deps: AppDeps, ctx: RequestContext, id: string, input: MovementInput): Promise<MaterialView> {
  const actor = requireActor(ctx);
  const row = await deps.db.transaction(async (tx) => {
    const prefix = readPrefix(actor);
    const m = await repo.findResource(tx, 'materials', id, prefix);
    if (!m) throw notFound('物资');
    if (!canEditOwned(actor, m)) throw forbidden(`只有权属单位（${m.ownerUnitName}）或区安委办可以办理此物资的出入库`);
    const now = deps.clock.now();
    const base = { actorUserId: actor.userId, actorName: actor.displayName, at: now, note: input.note ?? null };
    if (input.kind !== 'transfer') {
      const delta = SIGN[input.kind] * input.quantity;
      const balance = await repo.applyStockDelta(tx, id, delta, now);
      if (balance === undefined) throw conflict(`库存不足：${String(m.name)}现有库存不足 ${input.quantity}${String(m.unitOfMeasure)}，未办理${input.kind === 'out' ? '出库' : '报废'}`);
      await repo.insertMovement(tx, { ...base, materialId: id, kind: input.kind, delta, balanceAfter: balance });
    } else {
      if (input.toMaterialId === id) throw invalidField('toMaterialId', '调入与调出不能是同一存放点');
      const target = await repo.findResource(tx, 'materials', input.toMaterialId!, prefix);
      if (!target) throw invalidField('toMaterialId', '调入的存放点不存在或不在本区');
      if (target.name !== m.name || target.unitOfMeasure !== m.unitOfMeasure) throw invalidField('toMaterialId', `只能调拨到同名同计量单位的物资（${String(m.name)}，${String(m.unitOfMeasure)}）`);
      const steps = [
        { mid: id, delta: -input.quantity, other: target },
        { mid: target.id, delta: input.quantity, other: m },
      ].sort((a, b) => (a.mid < b.mid ? -1 : 1));
      for (const st of steps) {
        const balance = await repo.applyStockDelta(tx, st.mid, st.delta, now);
        if (balance === undefined) throw conflict(`库存不足：${String(m.name)}现有库存不足 ${input.quantity}${String(m.unitOfMeasure)}，未办理调拨`);
        await repo.insertMovement(tx, { ...base, materialId: st.mid, kind: 'transfer', delta: st.delta, balanceAfter: balance, counterpartId: st.other.id, counterpartName: `${st.other.ownerName as string} ${st.other.depot as string}` });
      }
    }
    const after = (await repo.findResource(tx, 'materials', id, prefix))!;
    await recordAudit(tx, ctx, { action: 'emergency.material.move', entity: 'emergency_material', entityId: id, regionCode: m.regionCode, before: { quantity: Number(m.quantity) }, after: { ...input, quantity: Number(after.quantity) } });
    return after;
  });
  return present(deps, actor, 'materials', row) as MaterialView;
}

export async function listMovements(deps: AppDeps, ctx: RequestContext, id: string): Promise<MovementView[]> {
  const actor = requireActor(ctx);
  const m = await repo.findResource(deps.db, 'materials', id, readPrefix(actor));
  if (!m) throw notFound('物资');
  const list = await repo.listMovements(deps.db, id);
  return list.map((x) => ({
    id: x.id,
    materialId: x.materialId,
    kind: x.kind as MovementKind,
    quantity: Math.abs(Number(x.delta)),
    balanceAfter: Number(x.balanceAfter),
    counterpartName: x.counterpartName,
    note: x.note,
    actorName: x.actorName,
    at: x.at.toISOString(),
  }));
}

