import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, pgSequence, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/platform.schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/** Numbers of the readable case numbers JB-<year>-<no>. */
export const reportCaseSeq = pgSequence('report_case_seq', { startWith: 1, cache: 1 });

/**
 * 12350 举报: one row per report. The reporter's name, phone and e-mail are SM4-encrypted and read
 * only by the handling officer (audited); the tracking code is stored as its SM3 hash; IP and
 * device are kept as salted hashes for the rate limits only.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNo: text('case_no').notNull().unique(),
    trackingHash: text('tracking_hash').notNull().unique(),
    channel: text('channel').notNull().default('web'),
    partnerKeyId: uuid('partner_key_id'),
    /** Open311 media_url: a partner app's link to its photo (shown to officers as a link; never fetched). */
    mediaUrl: text('media_url'),
    category: text('category').notNull(),
    sector: text('sector'),
    departmentUnitId: uuid('department_unit_id'),
    departmentName: text('department_name').notNull(),
    regionCode: text('region_code').notNull(),
    streetName: text('street_name').notNull(),
    description: text('description').notNull(),
    address: text('address').notNull().default(''),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    enterpriseName: text('enterprise_name').notNull().default(''),
    enterpriseId: uuid('enterprise_id'),
    anonymous: boolean('anonymous').notNull(),
    reporterNameEnc: text('reporter_name_enc'),
    reporterPhoneEnc: text('reporter_phone_enc'),
    reporterEmailEnc: text('reporter_email_enc'),
    ipHash: text('ip_hash'),
    deviceHash: text('device_hash'),
    status: text('status').notNull().default('submitted'),
    submittedAt: ts('submitted_at').notNull(),
    ackDueOn: day('ack_due_on').notNull(),
    replyDueOn: day('reply_due_on').notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    handlerUserId: uuid('handler_user_id'),
    handlerName: text('handler_name'),
    verifiedAt: ts('verified_at'),
    verifyResult: text('verify_result'),
    finding: text('finding'),
    duplicateOfId: uuid('duplicate_of_id'),
    verifyNote: text('verify_note'),
    closedAt: ts('closed_at'),
    hazardId: uuid('hazard_id'),
    hazardCode: text('hazard_code'),
    caseId: text('case_id'),
    caseCode: text('case_code'),
    possibleDuplicateIds: uuid('possible_duplicate_ids').array().notNull().default(sql`'{}'::uuid[]`),
    ackOverdue: boolean('ack_overdue').notNull().default(false),
    replyOverdue: boolean('reply_overdue').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('reports_region_idx').on(t.regionCode, t.submittedAt),
    index('reports_status_idx').on(t.status, t.submittedAt),
    index('reports_category_idx').on(t.category, t.submittedAt),
    index('reports_ip_idx').on(t.ipHash, t.submittedAt),
    index('reports_device_idx').on(t.deviceHash, t.submittedAt),
  ],
);

/** Photos, stored after their position metadata (EXIF/XMP) was removed. */
export const reportPhotos = pgTable(
  'report_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('report_photos_report_idx').on(t.reportId)],
);

/** The report's timeline; `is_public` entries (replies) are what the reporter sees. */
export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    text: text('text').notNull(),
    actorName: text('actor_name').notNull(),
    unitName: text('unit_name').notNull(),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);

/** 举报奖励 (《安全生产领域举报奖励办法》): proposal → approval → payout, one per report. */
export const reportRewards = pgTable('report_rewards', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id')
    .notNull()
    .unique()
    .references(() => reports.id, { onDelete: 'cascade' }),
  basis: text('basis').notNull(),
  fineAmount: integer('fine_amount').notNull(),
  penaltyDocNo: text('penalty_doc_no').notNull(),
  amount: integer('amount').notNull(),
  status: text('status').notNull(),
  exclusionChecked: boolean('exclusion_checked').notNull(),
  proposedBy: uuid('proposed_by').notNull(),
  proposedByName: text('proposed_by_name').notNull(),
  proposedAt: ts('proposed_at').notNull(),
  proposalNote: text('proposal_note').notNull().default(''),
  decidedBy: uuid('decided_by'),
  decidedByName: text('decided_by_name'),
  decidedAt: ts('decided_at'),
  decisionNote: text('decision_note'),
  paidOn: day('paid_on'),
  voucherNo: text('voucher_no'),
  payMethod: text('pay_method'),
  paidByName: text('paid_by_name'),
});

/** 法定节假日 (workday=false) and 调休上班日 (workday=true) for working-day SLAs. */
export const reportHolidays = pgTable('report_holidays', {
  date: day('date').primaryKey(),
  name: text('name').notNull(),
  workday: boolean('workday').notNull().default(false),
});

/** Open311 partner keys (SM3 hash of the key; the key is shown once). */
export const reportApiKeys = pgTable('report_api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: ts('created_at').notNull(),
  createdByName: text('created_by_name').notNull(),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
});

/** A random salt (one row) for the IP and device hashes of the rate limits. */
export const reportSalt = pgTable('report_salt', {
  id: integer('id').primaryKey(),
  salt: text('salt').notNull(),
});
