import { z } from 'zod';
import { IsoDate, Page, PageSize, Phone, Text, Uuid } from './common';
import { pageOf } from './endpoint';

/** 应急值守 (duty roster, handover log) and the resource map (应急资源分布) of the emergency module. */

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm（如 08:30）');

export const DutyShiftInput = z.object({
  date: IsoDate.meta({ description: '值班日期' }),
  startTime: HHMM.default('08:30').meta({ description: '接班时间' }),
  endTime: HHMM.default('08:30').meta({ description: '交班时间（不晚于接班时间时为次日）' }),
  leaderName: Text(30, 2).meta({ description: '带班领导' }),
  leaderPhone: Phone.nullable().optional().meta({ description: '带班领导电话（加密存储）' }),
  officerName: Text(30, 2).meta({ description: '值班员' }),
  officerPhone: Phone.meta({ description: '值班员电话（加密存储）' }),
  note: Text(200).nullable().optional(),
});
export type DutyShiftInput = z.infer<typeof DutyShiftInput>;
export const DutyShiftCreate = DutyShiftInput.extend({
  unitId: Uuid.optional().meta({ description: '值班单位（安委办可为其他单位排班；默认本单位）' }),
});

const Person = z.object({ leaderName: Text(30, 2), leaderPhone: Phone.nullable().optional(), officerName: Text(30, 2), officerPhone: Phone });
export const DutyFillInput = z.object({
  month: Month.meta({ description: '排班月份' }),
  unitId: Uuid.optional().meta({ description: '值班单位（默认本单位）' }),
  startTime: HHMM.default('08:30'),
  endTime: HHMM.default('08:30'),
  week: z.array(Person).length(7, '应填写周一至周日共 7 天').meta({ description: '周一至周日的值班安排（按此模式铺满整月）' }),
  overwrite: z.boolean().default(false).meta({ description: '覆盖该月已有的排班（否则跳过已排的日期）' }),
});
export type DutyFillInput = z.infer<typeof DutyFillInput>;

export const DutyQuery = z.object({
  month: Month.optional().meta({ description: '月份（默认本月）' }),
  unitId: Uuid.optional().meta({ description: '单位（默认本单位；安委办可看全区各单位）' }),
});

export const DutyShiftView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  unitKindLabel: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  leaderName: z.string(),
  leaderPhone: z.string().nullable(),
  officerName: z.string(),
  officerPhone: z.string().nullable(),
  phonesMasked: z.boolean(),
  note: z.string().nullable(),
  canEdit: z.boolean(),
});
export type DutyShiftView = z.infer<typeof DutyShiftView>;

export const DutyUnit = z.object({ id: z.string(), name: z.string(), kindLabel: z.string() });
export const DutyMonth = z.object({
  month: z.string(),
  unit: DutyUnit.nullable(),
  units: z.array(DutyUnit).meta({ description: '可查看的单位（安委办为全区）' }),
  shifts: z.array(DutyShiftView),
  canEdit: z.boolean(),
});

export const DutyNow = z.object({
  at: z.string(),
  mine: DutyShiftView.nullable().meta({ description: '本单位当前值班' }),
  district: z.array(DutyShiftView).meta({ description: '全区各单位当前值班（安委办在前）' }),
  unitsWithout: z.array(z.string()).meta({ description: '当前无人值班的单位' }),
});

export const FillResult = z.object({ created: z.number().int(), replaced: z.number().int(), skipped: z.number().int() });

export const HandoverInput = z.object({
  at: z.iso.datetime({ offset: true, message: '时间格式不正确（应为 ISO 8601）' }).optional().meta({ description: '交接时间（默认现在）' }),
  fromName: Text(30, 2).meta({ description: '交班人' }),
  toName: Text(30, 2).meta({ description: '接班人' }),
  notes: Text(2000, 2).meta({ description: '值班情况' }),
  pending: Text(1000).nullable().optional().meta({ description: '待办事项（移交下一班）' }),
});
export const HandoverQuery = z.object({ unitId: Uuid.optional(), page: Page, pageSize: PageSize });
export const HandoverView = z.object({
  id: z.string(),
  unitName: z.string(),
  at: z.string(),
  fromName: z.string(),
  toName: z.string(),
  notes: z.string(),
  pending: z.string().nullable(),
  recordedBy: z.string(),
});
export const HandoverPage = pageOf(HandoverView);

// ---------- 应急资源分布 ----------

export const RESOURCE_POINT_KINDS = ['team', 'depot', 'hazard'] as const;
export const RESOURCE_POINT_LABELS: Record<(typeof RESOURCE_POINT_KINDS)[number], string> = { team: '救援队伍', depot: '物资储备点', hazard: '重大危险源' };
const Kinds = z
  .string()
  .optional()
  .transform((s, c) => {
    const list = (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    for (const k of list)
      if (!(RESOURCE_POINT_KINDS as readonly string[]).includes(k)) {
        c.addIssue({ code: 'custom', message: `资源类别应为 team、depot、hazard（逗号分隔），不认识“${k.slice(0, 20)}”` });
        return z.NEVER;
      }
    return (list.length ? list : [...RESOURCE_POINT_KINDS]) as (typeof RESOURCE_POINT_KINDS)[number][];
  })
  .meta({ description: '资源类别，逗号分隔：team 救援队伍、depot 物资储备点、hazard 重大危险源（默认全部）' });

export const NearbyQuery = z.object({
  lat: z.coerce.number({ message: '纬度应为数字' }).min(3, '纬度应在 3–54 之间（中国境内）').max(54, '纬度应在 3–54 之间（中国境内）'),
  lng: z.coerce.number({ message: '经度应为数字' }).min(73, '经度应在 73–136 之间（中国境内）').max(136, '经度应在 73–136 之间（中国境内）'),
  kinds: Kinds,
  limit: z.coerce.number({ message: '条数应为数字' }).int('条数应为整数').min(1, '至少 1 条').max(100, '最多 100 条').default(20),
});
export const ResourceMapQuery = z.object({ kinds: Kinds });

export const ResourcePoint = z.object({
  kind: z.enum(RESOURCE_POINT_KINDS),
  kindLabel: z.string(),
  id: z.string(),
  name: z.string(),
  detail: z.string().meta({ description: '概况（队伍专长与人数、储备物资、危险源等级）' }),
  address: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  distanceKm: z.number().nullable().meta({ description: '距所选点的直线距离（公里，球面距离）' }),
});
export type ResourcePoint = z.infer<typeof ResourcePoint>;
export const ResourceMap = z.object({ points: z.array(ResourcePoint), withoutCoordinates: z.number().int().meta({ description: '缺少坐标未上图的资源数' }) });
