import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Administrative regions: GB/T 2260 district + street/park suffix (e.g. 420112004). */
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(), // district | street | park
  parentCode: text('parent_code'),
  aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
  sort: integer('sort').notNull().default(0),
});

/** Units: the committee, its office, 专委会, departments, streets, parks. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(), // committee | office | sector_committee | department | street | park | other
    regionCode: text('region_code').notNull().references(() => regions.code),
    /** 专委会 → its lead department */
    leadUnitId: uuid('lead_unit_id'),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('units_kind_idx').on(t.kind), index('units_region_idx').on(t.regionCode)],
);

/** 行业领域, each supervised by one department (一企一执法主体). */
export const sectors = pgTable('sectors', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
  departmentUnitId: uuid('department_unit_id')
    .notNull()
    .references(() => units.id),
  committeeUnitId: uuid('committee_unit_id').references(() => units.id),
  sort: integer('sort').notNull().default(0),
});

/** 生产经营单位. `sector` is the primary 行业领域 that decides the supervising department. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code').notNull().unique(),
    name: text('name').notNull(),
    sector: text('sector')
      .notNull()
      .references(() => sectors.code),
    sectors: text('sectors').array().notNull().default(sql`'{}'::text[]`),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    address: text('address').notNull().default(''),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    legalRepName: text('legal_rep_name').notNull().default(''),
    legalRepPhoneEnc: text('legal_rep_phone_enc'),
    safetyManagerName: text('safety_manager_name').notNull().default(''),
    safetyManagerPhoneEnc: text('safety_manager_phone_enc'),
    scale: text('scale').notNull().default('小型'), // 大型 | 中型 | 小型 | 微型
    aboveScale: boolean('above_scale').notNull().default(false), // 规上
    status: text('status').notNull().default('在营'), // 在营 | 停产 | 停业整顿 | 关闭 | 注销
    employees: integer('employees'),
    establishedOn: date('established_on', { mode: 'string' }),
    businessScope: text('business_scope').notNull().default(''),
    /** derived by the risk module (重大/较大/一般/低); null until assessed */
    riskLevel: text('risk_level'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('enterprises_region_idx').on(t.regionCode),
    index('enterprises_sector_idx').on(t.sector, t.regionCode),
    index('enterprises_status_idx').on(t.status),
    index('enterprises_name_idx').on(t.name, t.id),
    // Prefix scopes (region_code LIKE '420112004%') use a pattern-ops index.
    index('enterprises_region_pattern_idx').using('btree', sql`${t.regionCode} text_pattern_ops`),
    // ILIKE '%吴家山%' substring search over name/address/code served by a trigram GIN index.
    index('enterprises_search_trgm_idx').using('gin', sql`(${t.name} || ' ' || ${t.creditCode} || ' ' || ${t.address}) gin_trgm_ops`),
    // ILIKE '%物流%' (two characters: no trigram) served by the character pairs (anzhi_bigrams, migration 0025).
    index('enterprises_search_bigram_idx')
      .using('gin', sql`anzhi_bigrams(${t.name} || ' ' || ${t.creditCode} || ' ' || ${t.address})`)
      // enterprises are written rarely: straight into the index, no pending list for every search to scan
      .with({ fastupdate: false }),
    check('enterprises_scale_chk', sql`${t.scale} in ('大型','中型','小型','微型')`),
    check('enterprises_status_chk', sql`${t.status} in ('在营','停产','停业整顿','关闭','注销')`),
  ],
);
