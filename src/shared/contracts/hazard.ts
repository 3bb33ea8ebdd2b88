import { z } from 'zod';
import { Text, Uuid } from './common';

/**
 * Hazard (事故隐患) contracts shared by the hazard module, the checklist/self-inspection module
 * and the web. 16号令 (安监总局令第16号): 一般 / 重大 事故隐患.
 */
export const HAZARD_SOURCES = ['self_check', 'inspection', 'public_report', 'iot_alarm'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];
export const HAZARD_SOURCE_LABELS: Record<HazardSource, string> = {
  self_check: '企业自查',
  inspection: '政府检查',
  public_report: '群众举报',
  iot_alarm: '物联预警',
};

export const HAZARD_GRADES = ['一般', '重大'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** What another module passes to the hazard module to register a hazard (e.g. a failed checklist item). */
export const HazardCreateInput = z
  .object({
    enterpriseId: Uuid,
    source: z.enum(HAZARD_SOURCES, { message: '隐患来源无效' }),
    /** 部位/场所 */
    place: Text(200, 1),
    /** 隐患类别 (e.g. 消防安全, 电气安全, 危化品管理, 特种设备 …) */
    category: Text(50, 1),
    grade: z.enum(HAZARD_GRADES, { message: '隐患等级应为“一般”或“重大”' }).default('一般'),
    description: Text(2000, 2),
    /** when found (ISO date-time); defaults to now */
    foundAt: z.iso.datetime({ offset: true, message: '发现时间格式不正确' }).optional(),
    /** 判定标准 clause for 重大 (standard id + item no.) */
    standardRef: z.object({ standard: Text(100, 1), item: Text(20, 1) }).strict().optional(),
    /** where it came from: checklist item, inspection record, report, alarm id */
    origin: z.object({ kind: Text(30, 1), id: Text(64, 1), label: Text(300).optional() }).strict().optional(),
    /** photo file ids already stored with storeFile (purpose 'hazard.photo') */
    photoFileIds: z.array(Uuid).max(20).optional(),
    /** 一般隐患 fixed on the spot (立查立改), with a photo of the result */
    fixedOnSpot: z.boolean().optional(),
  })
  .strict();
export type HazardCreateInput = z.infer<typeof HazardCreateInput>;
