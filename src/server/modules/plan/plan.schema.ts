import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/platform.schema';
import type { PlanSummary } from '../../../shared/contracts/plan';
import type { ParsedPlan, PlanWarning } from '../../../shared/plan/types';

/** The parsed tree as stored: the ParsedPlan without its source text (own column) and warnings (own column). */
export type StoredPlan = Omit<ParsedPlan, 'sourceText' | 'warnings'>;

/**
 * 方案导入草稿: one uploaded plan as the parser read it, corrected by a clerk, then imported as a
 * campaign. `source_text` is the normalised text every offset in `parsed` refers to.
 * Status: draft → importing (claimed while the campaign is created) → imported (campaign_id set).
 */
export const planDrafts = pgTable(
  'plan_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull(),
    sha256: text('sha256').notNull(),
    sourceText: text('source_text').notNull(),
    parsed: jsonb('parsed').$type<StoredPlan>().notNull(),
    warnings: jsonb('warnings').$type<PlanWarning[]>().notNull().default(sql`'[]'::jsonb`),
    /** counts for the list page (kept in step with `parsed` on every change) */
    summary: jsonb('summary').$type<PlanSummary>().notNull(),
    title: text('title'),
    docNumber: text('doc_number'),
    status: text('status').notNull().default('draft'),
    /** the campaign created from it (campaign module); no FK: the campaign owns its own lifecycle */
    campaignId: uuid('campaign_id'),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }),
    version: integer('version').notNull().default(1),
    /** region of the uploader's unit: drafts are seen by the office of that region */
    regionCode: text('region_code').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_drafts_region_idx').using('btree', sql`${t.regionCode} text_pattern_ops`, t.createdAt),
    index('plan_drafts_sha_idx').on(t.sha256),
    check('plan_drafts_status_chk', sql`${t.status} in ('draft','importing','imported')`),
    check('plan_drafts_imported_chk', sql`${t.status} <> 'imported' or ${t.campaignId} is not null`),
  ],
);

export type PlanDraftRow = typeof planDrafts.$inferSelect;
