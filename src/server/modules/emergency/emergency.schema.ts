import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * 应急管理: the five databases (五库), the stock-movement log, the search keys of all five, the
 * contact network (一网) and the 七有 self-assessments. Every record carries the region of the unit
 * that keeps it (`region_code`) and that unit (`owner_unit_id`, its name kept for display).
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const num = (name: string) => numeric(name, { precision: 16, scale: 3, mode: 'number' });

const owned = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: text('region_code').notNull(),
  ownerUnitId: uuid('owner_unit_id'),
  ownerUnitName: text('owner_unit_name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** 救援队伍 */
export const emergencyTeams = pgTable(
  'emergency_teams',
  {
    ...owned(),
    name: text('name').notNull(),
    unitName: text('unit_name').notNull(),
    kind: text('kind').notNull(),
    specialty: text('specialty').notNull(),
    size: integer('size').notNull(),
    equipment: text('equipment'),
    baseAddress: text('base_address').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    contactName: text('contact_name').notNull(),
    contactPhoneEnc: text('contact_phone_enc'),
    readiness: text('readiness').notNull(),
  },
  (t) => [index('emergency_teams_region_idx').on(t.regionCode, t.updatedAt.desc()), index('emergency_teams_owner_idx').on(t.ownerUnitId)],
);

/**
 * 设备物资: one row per material per store. `quantity` changes only through movements, each one a
 * single conditional UPDATE (quantity - n >= 0) — the CHECK is the last word: stock never goes negative.
 */
export const emergencyMaterials = pgTable(
  'emergency_materials',
  {
    ...owned(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    spec: text('spec'),
    unitOfMeasure: text('unit_of_measure').notNull(),
    quantity: num('quantity').notNull().default(0),
    minQuantity: num('min_quantity').notNull().default(0),
    depot: text('depot').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    ownerName: text('owner_name').notNull(),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    expiryDate: day('expiry_date'),
  },
  (t) => [
    check('emergency_materials_quantity_chk', sql`${t.quantity} >= 0`),
    check('emergency_materials_min_chk', sql`${t.minQuantity} >= 0`),
    index('emergency_materials_region_idx').on(t.regionCode, t.updatedAt.desc()),
    index('emergency_materials_owner_idx').on(t.ownerUnitId),
    index('emergency_materials_expiry_idx').on(t.expiryDate).where(sql`${t.expiryDate} is not null`),
  ],
);

/** Every stock movement (入库/出库/调拨/报废), with the balance it left. */
export const emergencyStockMoves = pgTable(
  'emergency_stock_moves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    materialId: uuid('material_id')
      .notNull()
      .references(() => emergencyMaterials.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** signed: negative for out, transfer-out and write-off */
    delta: num('delta').notNull(),
    balanceAfter: num('balance_after').notNull(),
    counterpartId: uuid('counterpart_id'),
    counterpartName: text('counterpart_name'),
    note: text('note'),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('emergency_stock_moves_material_idx').on(t.materialId, t.at.desc()),
    check('emergency_stock_moves_kind_chk', sql`${t.kind} in ('in','out','transfer','write_off')`),
    check('emergency_stock_moves_balance_chk', sql`${t.balanceAfter} >= 0`),
  ],
);

/** 专家 (行政/技术) */
export const emergencyExperts = pgTable(
  'emergency_experts',
  {
    ...owned(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    field: text('field').notNull(),
    title: text('title'),
    organisation: text('organisation').notNull(),
    position: text('position'),
    phoneEnc: text('phone_enc'),
    availability: text('availability').notNull(),
    expertise: text('expertise'),
  },
  (t) => [index('emergency_experts_region_idx').on(t.regionCode, t.updatedAt.desc()), index('emergency_experts_owner_idx').on(t.ownerUnitId)],
);

/** 法规标准 (law, regulation, rule, standard, policy), full text searchable. */
export const emergencyRegulations = pgTable(
  'emergency_regulations',
  {
    ...owned(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    issuer: text('issuer').notNull(),
    docNumber: text('doc_number'),
    issuedOn: day('issued_on'),
    effectiveOn: day('effective_on'),
    status: text('status').notNull(),
    fullText: text('full_text').notNull().default(''),
  },
  (t) => [index('emergency_regulations_region_idx').on(t.regionCode, t.updatedAt.desc()), check('emergency_regulations_status_chk', sql`${t.status} in ('现行','废止')`)],
);

/** 典型案例 since 2000. */
export const emergencyCases = pgTable(
  'emergency_cases',
  {
    ...owned(),
    title: text('title').notNull(),
    occurredOn: day('occurred_on').notNull(),
    place: text('place').notNull(),
    sectorName: text('sector_name'),
    accidentType: text('accident_type').notNull(),
    deaths: integer('deaths').notNull().default(0),
    injuries: integer('injuries').notNull().default(0),
    directLoss: num('direct_loss'),
    cause: text('cause').notNull(),
    measures: text('measures'),
    process: text('process'),
    lessons: text('lessons'),
    problems: text('problems'),
    suggestions: text('suggestions'),
    expertOpinion: text('expert_opinion'),
  },
  (t) => [index('emergency_cases_region_idx').on(t.regionCode, t.occurredOn.desc()), check('emergency_cases_since_chk', sql`${t.occurredOn} >= '2000-01-01'`)],
);

/**
 * The search keys of every record of the five databases and of the filed plans
 * (shared/emergency/search.ts searchDocKeys: CJK bigrams and characters, Latin words and prefixes;
 * the kind as `k:teams`, the title's keys again as `t:液氯`), written in the same transaction as the
 * record. One GIN index serves `keys @> ARRAY[...]` for every kind, "in the title" and "of these kinds".
 * The index's pending list (GIN fastupdate) is kept small: every search reads it linearly until it is
 * merged, and at the default 4 MB that cost 20–50 ms a search after a bulk import of 100k records;
 * at 256 kB a search reads at most 32 pages of it, while an import still inserts in batches (without
 * a pending list 5 000 records took 6.6 s, with 256 kB 1.9 s, with 4 MB 1.4 s).
 */
export const emergencySearch = pgTable(
  'emergency_search',
  {
    kind: text('kind').notNull(),
    refId: uuid('ref_id').notNull(),
    regionCode: text('region_code').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    keys: text('keys').array().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.refId] }), index('emergency_search_keys_idx').using('gin', t.keys).with({ gin_pending_list_limit: 256 }), index('emergency_search_region_idx').on(t.regionCode)],
);

/** 一网: the liaisons of each street, department, park, enterprise. Phones SM4-encrypted. */
export const emergencyLiaisons = pgTable(
  'emergency_liaisons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** the unit's id (units) or the enterprise's id (enterprises) */
    ownerId: uuid('owner_id').notNull(),
    ownerKind: text('owner_kind').notNull(),
    ownerName: text('owner_name').notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    position: text('position'),
    dutyPhoneEnc: text('duty_phone_enc'),
    officePhoneEnc: text('office_phone_enc'),
    mobileEnc: text('mobile_enc'),
    note: text('note'),
    confirmedAt: ts('confirmed_at').notNull(),
    remindedAt: ts('reminded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('emergency_liaisons_owner_idx').on(t.ownerId),
    index('emergency_liaisons_region_idx').on(t.regionCode, t.ownerKind),
    index('emergency_liaisons_confirmed_idx').on(t.confirmedAt),
    check('emergency_liaisons_kind_chk', sql`${t.ownerKind} in ('street','department','park','enterprise','office')`),
  ],
);

/** 七有 self-assessment: one per unit and year. */
export const emergencyAssessments = pgTable(
  'emergency_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    unitKind: text('unit_kind').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    items: jsonb('items').notNull().$type<{ key: string; has: boolean; note: string | null }[]>(),
    score: numeric('score', { precision: 5, scale: 1, mode: 'number' }).notNull(),
    submittedAt: ts('submitted_at').notNull(),
    submittedByName: text('submitted_by_name').notNull(),
  },
  (t) => [unique('emergency_assessments_unit_year_uq').on(t.unitId, t.year), index('emergency_assessments_region_idx').on(t.regionCode, t.year)],
);
