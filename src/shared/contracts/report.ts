import { z } from 'zod';
import { IsoDate, Page, PageSize, Phone, RegionCode, Text, Uuid } from './common';
import { FINDINGS, REPORT_CATEGORY_CODES, REPORT_CHANNELS, REPORT_STATUSES, REWARD_STATUSES, VERIFY_RESULTS } from '../report/categories';

/**
 * 12350 举报 contracts: the public form and tracking page, the officers' ledger and handling steps,
 * rewards (《安全生产领域举报奖励办法》) and settings. The reporter's name and phone appear only in
 * ReportIdentity (the handling officer's audited view) — never in a list, export or public view.
 */

/** '' from a form field counts as not given. */
const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankAsUndefined, s.optional());

export const ReportCategoryCode = z.enum(REPORT_CATEGORY_CODES, { message: '举报类别无效' });

/** The text fields of the public form (multipart/form-data, next to up to 3 photos). */
export const ReportSubmitFields = z
  .object({
    category: ReportCategoryCode.meta({ description: '举报类别（见 /public/api/reports/categories）' }),
    description: Text(2000, 10).meta({ description: '举报内容（至少 10 个字）' }),
    address: opt(Text(200)).meta({ description: '地址或位置描述' }),
    lat: opt(z.coerce.number({ message: '纬度应为数字' }).min(-90, '纬度超出范围').max(90, '纬度超出范围')).meta({ description: '纬度（WGS-84）' }),
    lng: opt(z.coerce.number({ message: '经度应为数字' }).min(-180, '经度超出范围').max(180, '经度超出范围')).meta({ description: '经度（WGS-84）' }),
    enterpriseName: opt(Text(100)).meta({ description: '被举报单位名称（如知道）' }),
    name: opt(Text(30)).meta({ description: '举报人姓名（可不填，匿名举报）' }),
    phone: opt(Phone).meta({ description: '举报人电话（可不填；填写后仅承办人可见）' }),
    deviceId: opt(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '设备标识格式不正确')).meta({ description: '设备标识（浏览器生成，用于频率限制）' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.address && (v.lat === undefined || v.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['address'], message: '请填写地址或在地图上定位（至少一项）' });
    if ((v.lat === undefined) !== (v.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['lng'], message: '经纬度须同时提供' });
  });
export type ReportSubmitFields = z.infer<typeof ReportSubmitFields>;

export const ReportSubmitted = z.object({
  trackingCode: z.string().meta({ description: '查询码（请妥善保存，凭此查询办理进度和答复）' }),
  caseNo: z.string().meta({ description: '受理编号' }),
  submittedAt: z.string(),
  acknowledgeBy: z.string().meta({ description: '应受理日期（受理时限见举报设置，默认 1 个工作日）' }),
  replyBy: z.string().meta({ description: '应答复日期（答复时限见举报设置，默认 15 个工作日）' }),
  photos: z.number().int().meta({ description: '已保存的照片数（已去除位置等元数据）' }),
});
export type ReportSubmitted = z.infer<typeof ReportSubmitted>;

export const ReportCategoryView = z.object({ code: z.string(), name: z.string(), description: z.string(), group: z.string() });
export type ReportCategoryView = z.infer<typeof ReportCategoryView>;

export const TrackingParams = z.object({ code: z.string().regex(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/i, '查询码格式不正确（如 7KQ2-M9XD-4HTB-Z3PW）') });

/** What the reporter sees with the tracking code: status and public replies only. */
export const PublicReportStatus = z.object({
  caseNo: z.string(),
  categoryName: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  submittedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  handlingUnit: z.string().meta({ description: '承办单位' }),
  replies: z.array(z.object({ at: z.string(), unit: z.string(), text: z.string() })),
});
export type PublicReportStatus = z.infer<typeof PublicReportStatus>;

// ---------- officers ----------

export const ReportQuery = z.object({
  q: opt(Text(100)).meta({ description: '编号、内容、地址或被举报单位' }),
  status: opt(z.enum([...REPORT_STATUSES, 'open'], { message: '状态无效' })),
  category: opt(ReportCategoryCode),
  regionCode: opt(RegionCode),
  sector: opt(Text(40)),
  overdue: opt(z.enum(['ack', 'reply', 'any'], { message: '超期筛选应为 ack、reply 或 any' })),
  from: opt(IsoDate),
  to: opt(IsoDate),
  page: Page,
  pageSize: PageSize,
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportListItem = z.object({
  id: z.string(),
  caseNo: z.string(),
  category: z.string(),
  categoryName: z.string(),
  sector: z.string().nullable(),
  departmentName: z.string(),
  regionCode: z.string(),
  streetName: z.string(),
  summary: z.string().meta({ description: '举报内容摘要' }),
  address: z.string(),
  enterpriseName: z.string(),
  channel: z.enum(REPORT_CHANNELS),
  status: z.enum(REPORT_STATUSES),
  submittedAt: z.string(),
  acknowledgeBy: z.string(),
  replyBy: z.string(),
  ackOverdue: z.boolean(),
  replyOverdue: z.boolean(),
  verifyResult: z.string().nullable(),
  photoCount: z.number().int(),
  possibleDuplicates: z.number().int().meta({ description: '疑似重复举报数（同类别、同地点、7 日内）' }),
  named: z.boolean().meta({ description: '是否实名（不含身份信息）' }),
});
export type ReportListItem = z.infer<typeof ReportListItem>;

export const ReportPage = z.object({ items: z.array(ReportListItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type ReportPage = z.infer<typeof ReportPage>;

export const ReportEventView = z.object({ at: z.string(), kind: z.string(), isPublic: z.boolean(), text: z.string(), actorName: z.string(), unitName: z.string() });

export const RewardView = z.object({
  id: z.string(),
  basis: z.string(),
  fineAmount: z.number(),
  penaltyDocNo: z.string(),
  amount: z.number(),
  status: z.enum(REWARD_STATUSES),
  exclusionChecked: z.boolean(),
  proposedByName: z.string(),
  proposedAt: z.string(),
  proposalNote: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  paidOn: z.string().nullable(),
  voucherNo: z.string().nullable(),
  payMethod: z.string().nullable(),
  paidByName: z.string().nullable(),
});
export type RewardView = z.infer<typeof RewardView>;

export const ReportDetail = ReportListItem.extend({
  mediaUrl: z.string().nullable().meta({ description: 'Open311 合作应用提供的媒体链接（外部地址，本系统不下载）' }),
  description: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  departmentUnitId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  photos: z.array(z.object({ id: z.string(), mime: z.string(), size: z.number().int() })),
  events: z.array(ReportEventView),
  acknowledgedAt: z.string().nullable(),
  handlerName: z.string().nullable(),
  isHandler: z.boolean().meta({ description: '当前用户是否为承办人（可查看举报人身份）' }),
  verifiedAt: z.string().nullable(),
  finding: z.string().nullable(),
  verifyNote: z.string().nullable(),
  duplicateOf: z.object({ id: z.string(), caseNo: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  hazard: z.object({ id: z.string(), code: z.string() }).nullable(),
  enforcementCase: z.object({ id: z.string(), code: z.string() }).nullable(),
  duplicates: z.array(z.object({ id: z.string(), caseNo: z.string(), submittedAt: z.string(), status: z.enum(REPORT_STATUSES), distanceMetres: z.number().nullable() })),
  reward: RewardView.nullable(),
  rewardIneligible: z.string().nullable().meta({ description: '不能奖励的原因（奖励办法条款）' }),
  suggestedReward: z.object({ shareOfFine: z.number(), minimum: z.number(), maximum: z.number() }),
  version: z.number().int(),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

export const ReportIdentity = z.object({
  anonymous: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  notice: z.string(),
});
export type ReportIdentity = z.infer<typeof ReportIdentity>;

export const RecategorizeInput = z.object({ category: ReportCategoryCode, note: Text(500).optional() }).strict();
export const VerifyInput = z
  .object({
    result: z.enum(VERIFY_RESULTS, { message: '核查结论应为 属实、不属实、重复 或 不属于受理范围' }),
    finding: z.enum(FINDINGS, { message: '属实的情形应为 重大事故隐患、一般事故隐患 或 安全生产违法行为' }).optional(),
    duplicateOfCaseNo: Text(30).optional(),
    note: Text(2000, 2),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.result === '属实' && !v.finding) ctx.addIssue({ code: 'custom', path: ['finding'], message: '核查属实时须选择情形（重大事故隐患、一般事故隐患或安全生产违法行为）' });
    if (v.result === '重复' && !v.duplicateOfCaseNo) ctx.addIssue({ code: 'custom', path: ['duplicateOfCaseNo'], message: '重复举报须填写原举报的受理编号' });
  });
export type VerifyInput = z.infer<typeof VerifyInput>;
export const ReplyInput = z.object({ text: Text(2000, 5), final: z.boolean().default(false).meta({ description: '办结答复（核实后答复并办结）' }) }).strict();
export type ReplyInput = z.infer<typeof ReplyInput>;
export const CreateHazardInput = z
  .object({
    enterpriseId: Uuid,
    place: Text(200, 1),
    grade: z.enum(['一般', '重大'], { message: '隐患等级应为“一般”或“重大”' }).default('一般'),
    hazardCategory: Text(50, 1).default('群众举报'),
    description: Text(2000, 2).optional(),
  })
  .strict();
export type CreateHazardInput = z.infer<typeof CreateHazardInput>;
export const LinkHazardInput = z.object({ hazardId: Uuid }).strict();
export const EnforcementInput = z.object({ enterpriseId: Uuid, summary: Text(500, 2) }).strict();
export type EnforcementInput = z.infer<typeof EnforcementInput>;
export const RewardProposeInput = z
  .object({
    fineAmount: z.number({ message: '罚款金额应为数字' }).int('罚款金额应为整数（元）').min(0, '不能为负').max(100_000_000, '金额过大'),
    penaltyDocNo: Text(60, 2).meta({ description: '行政处罚决定书文号' }),
    exclusionChecked: z.literal(true, { message: '须确认已核查举报人不属于负有安全监管职责部门的工作人员及其近亲属' }),
    note: Text(1000).default(''),
  })
  .strict();
export type RewardProposeInput = z.infer<typeof RewardProposeInput>;
export const RewardDecisionInput = z.object({ approve: z.boolean(), note: Text(1000, 2) }).strict();
export type RewardDecisionInput = z.infer<typeof RewardDecisionInput>;
export const RewardPayoutInput = z
  .object({
    paidOn: IsoDate,
    voucherNo: Text(60, 2),
    method: z.enum(['银行转账', '现金', '其他'], { message: '发放方式应为 银行转账、现金 或 其他' }),
    recipientVerified: z.literal(true, { message: '须确认已核验领奖人（实名证件或查询码）' }),
  })
  .strict();
export type RewardPayoutInput = z.infer<typeof RewardPayoutInput>;

export const ReportStatsQuery = z
  .object({ from: opt(IsoDate), to: opt(IsoDate) })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] });
export type ReportStatsQuery = z.infer<typeof ReportStatsQuery>;
const Count = z.object({ key: z.string(), name: z.string(), count: z.number().int() });
export const ReportStatistics = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  byCategory: z.array(Count),
  byStreet: z.array(Count),
  byMonth: z.array(z.object({ month: z.string(), count: z.number().int(), verified: z.number().int() })),
  byResult: z.array(Count),
  verifiedRate: z.number().nullable().meta({ description: '核查属实率（已核实中属实占比）' }),
  avgAcknowledgeHours: z.number().nullable(),
  avgCloseDays: z.number().nullable(),
  overdue: z.object({ ack: z.number().int(), reply: z.number().int() }),
  rewards: z.object({ proposed: z.number().int(), approved: z.number().int(), paid: z.number().int(), paidAmount: z.number() }),
});
export type ReportStatistics = z.infer<typeof ReportStatistics>;

export const SlaView = z.object({
  acknowledgeWorkingDays: z.number().int().meta({ description: '受理时限（工作日）' }),
  replyWorkingDays: z.number().int().meta({ description: '核查答复时限（工作日）' }),
});
export type SlaView = z.infer<typeof SlaView>;
export const SlaInput = z
  .object({
    acknowledgeWorkingDays: z.number({ error: '受理时限应为整数' }).int('受理时限应为整数').min(1, '受理时限至少 1 个工作日').max(10, '受理时限不能超过 10 个工作日'),
    replyWorkingDays: z.number({ error: '答复时限应为整数' }).int('答复时限应为整数').min(1, '答复时限至少 1 个工作日').max(60, '答复时限不能超过 60 个工作日'),
  })
  .strict()
  .refine((s) => s.replyWorkingDays >= s.acknowledgeWorkingDays, { message: '答复时限不能短于受理时限', path: ['replyWorkingDays'] });
export const HolidayView = z.object({ date: z.string(), name: z.string(), workday: z.boolean() });
export type HolidayView = z.infer<typeof HolidayView>;
export const HolidayInput = z.object({ date: IsoDate, name: Text(30, 1), workday: z.boolean().default(false) }).strict();
export const ApiKeyView = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), createdByName: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() });
export type ApiKeyView = z.infer<typeof ApiKeyView>;
export const ApiKeyInput = z.object({ name: Text(60, 2) }).strict();
export const ApiKeyCreated = ApiKeyView.extend({ key: z.string().meta({ description: '密钥（仅显示一次）' }) });
