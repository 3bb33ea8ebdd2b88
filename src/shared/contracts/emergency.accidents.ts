import { z } from 'zod';
import { Page, PageSize, RegionCode, Text, Uuid } from './common';
import { pageOf } from './endpoint';
import { ACCIDENT_TYPES } from '../emergency/catalog';
import { ACCIDENT_GRADES } from '../emergency/accident-grade';

/** 事故信息报送 (国务院493号令): 首报, 续报, 终报, the office's timeline, monthly statistics. */

const Count = (label: string) => z.number({ message: `${label}应为数字` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`);
const Instant = z.iso.datetime({ offset: true, message: '时间格式不正确（应为 ISO 8601，如 2026-12-04T09:30:00+08:00）' });

/** Casualties and loss: 493号令 第十二条 (已经造成或者可能造成的伤亡人数（包括下落不明的人数）和初步估计的直接经济损失). */
export const Casualties = z.object({
  deaths: Count('死亡人数').meta({ description: '死亡人数' }),
  missing: Count('下落不明人数').default(0).meta({ description: '下落不明人数' }),
  seriousInjuries: Count('重伤人数').meta({ description: '重伤人数（含急性工业中毒）' }),
  minorInjuries: Count('轻伤人数').default(0).meta({ description: '轻伤人数' }),
  directLossWan: z.number({ message: '直接经济损失应为数字' }).min(0, '直接经济损失不能为负数').max(100_000_000, '直接经济损失过大').multipleOf(0.01, '直接经济损失最多两位小数').meta({ description: '直接经济损失（万元，初步估计）' }),
});

export const AccidentCreate = Casualties.extend({
  type: z.enum(ACCIDENT_TYPES, { message: `事故类型应为：${ACCIDENT_TYPES.join('、')}` }).meta({ description: '事故类型' }),
  occurredAt: Instant.meta({ description: '发生时间' }),
  knownAt: Instant.nullable().optional().meta({ description: '报告单位获知时间（晚于发生时间时，1小时时限从此起算）' }),
  place: Text(200, 2).meta({ description: '发生地点' }),
  enterpriseId: Uuid.optional().meta({ description: '事故单位（登记企业；企业用户报送本企业时可省略）' }),
  enterpriseName: Text(100, 2).optional().meta({ description: '事故单位名称（非登记企业时填写）' }),
  regionCode: RegionCode.optional().meta({ description: '所在街道（非登记企业时填写）' }),
  sector: Text(40).optional().meta({ description: '行业领域代码（非登记企业时填写）' }),
  summary: Text(2000, 4).meta({ description: '事故简要经过' }),
  cause: Text(1000).optional().meta({ description: '初步原因' }),
  measures: Text(1000).optional().meta({ description: '已经采取的措施' }),
});
export type AccidentCreate = z.infer<typeof AccidentCreate>;

export const AccidentReportInput = Casualties.extend({
  kind: z.enum(['follow', 'final'], { message: '报告类型应为 follow（续报）或 final（终报）' }).meta({ description: 'follow 续报 | final 终报（结束报送）' }),
  content: Text(2000, 2).meta({ description: '续报/终报内容（进展、原因、处置情况）' }),
  cause: Text(1000).optional().meta({ description: '原因（更新）' }),
});
export type AccidentReportInput = z.infer<typeof AccidentReportInput>;

export const AccidentQuery = z.object({
  q: Text(100).optional(),
  status: z.enum(['open', 'closed'], { message: '状态应为 open 或 closed' }).optional(),
  grade: z.enum(ACCIDENT_GRADES, { message: `等级应为：${ACCIDENT_GRADES.join('、')}` }).optional(),
  overdue: z.enum(['true'], { message: '应为 true' }).optional().meta({ description: 'true：只看逾期（首报超时或超过补报期限仍未终报）' }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional(),
  page: Page,
  pageSize: PageSize,
});

const Flags = {
  firstLate: z.boolean().meta({ description: '首报超过1小时时限（493号令第九条）' }),
  finalOverdue: z.boolean().meta({ description: '超过补报期限（30日，火灾、道路交通7日）仍未终报' }),
  followDue: z.string().nullable().meta({ description: '应在此时间前终报（补报期限），已终报为 null' }),
};

export const AccidentView = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  knownAt: z.string().nullable(),
  place: z.string(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  sector: z.string(),
  sectorName: z.string(),
  deaths: z.number(),
  missing: z.number(),
  seriousInjuries: z.number(),
  minorInjuries: z.number(),
  directLossWan: z.number(),
  grade: z.enum(ACCIDENT_GRADES),
  status: z.enum(['open', 'closed']),
  statusLabel: z.string(),
  summary: z.string(),
  cause: z.string().nullable(),
  measures: z.string().nullable(),
  reporterUnitName: z.string(),
  firstReportedAt: z.string(),
  deadlineAt: z.string(),
  reportCount: z.number().int(),
  lastReportAt: z.string(),
  canReport: z.boolean(),
  ...Flags,
});
export type AccidentView = z.infer<typeof AccidentView>;

export const AccidentReportView = z.object({
  id: z.string(),
  kind: z.enum(['first', 'follow', 'final']),
  kindLabel: z.string(),
  at: z.string(),
  actorName: z.string(),
  actorUnit: z.string(),
  content: z.string(),
  deaths: z.number(),
  missing: z.number(),
  seriousInjuries: z.number(),
  minorInjuries: z.number(),
  directLossWan: z.number(),
  grade: z.string(),
  late: z.boolean().meta({ description: '首报晚于1小时时限' }),
});

export const AccidentDetail = AccidentView.extend({ timeline: z.array(AccidentReportView) });
export type AccidentDetail = z.infer<typeof AccidentDetail>;
export const AccidentPage = pageOf(AccidentView).extend({ overdueCount: z.number().int() });

export const AccidentStatsQuery = z.object({
  year: z.coerce.number({ message: '年份应为数字' }).int('年份应为整数').min(2000, '年份不早于 2000').max(2100, '年份不晚于 2100').optional(),
  month: z.coerce.number({ message: '月份应为数字' }).int('月份应为整数').min(1, '月份应为 1–12').max(12, '月份应为 1–12').optional(),
});

const Figures = z.object({
  count: z.number().int().meta({ description: '起数' }),
  deaths: z.number().int().meta({ description: '死亡' }),
  injuries: z.number().int().meta({ description: '受伤（重伤 + 轻伤）' }),
  lossWan: z.number().meta({ description: '直接经济损失（万元）' }),
});
export const StatsRow = z.object({
  key: z.string(),
  name: z.string(),
  month: Figures.meta({ description: '当月' }),
  cumulative: Figures.meta({ description: '本年累计（1月至当月）' }),
  lastYear: Figures.meta({ description: '上年同期累计' }),
  change: z.object({ count: z.number().nullable(), deaths: z.number().nullable(), injuries: z.number().nullable(), lossWan: z.number().nullable() }).meta({ description: '同比增减（%，上年同期为 0 时为 null）' }),
});
export type StatsRow = z.infer<typeof StatsRow>;
export const AccidentStats = z.object({
  year: z.number().int(),
  month: z.number().int(),
  total: StatsRow,
  bySector: z.array(StatsRow),
  byStreet: z.array(StatsRow),
  byMonth: z.array(z.object({ month: z.number().int(), count: z.number().int(), lastYearCount: z.number().int(), deaths: z.number().int() })),
});
export type AccidentStats = z.infer<typeof AccidentStats>;
