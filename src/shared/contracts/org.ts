import { z } from 'zod';
import { validateUscc } from '../org/uscc';
import { BoolParam, IsoDate, Page, PageSize, Phone, RegionCode, Text } from './common';

export const ENTERPRISE_SCALES = ['大型', '中型', '小型', '微型'] as const;
export const ENTERPRISE_STATUSES = ['在营', '停产', '停业整顿', '关闭', '注销'] as const;
export const RISK_LEVELS = ['重大', '较大', '一般', '低'] as const;

/** 统一社会信用代码, validated per GB 32100 with a message naming the wrong part. */
export const CreditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((code, ctx) => {
    const r = validateUscc(code);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message! });
  });

const optionalPhone = z.union([Phone, z.literal('').transform(() => null), z.null()]).optional();

export const EnterpriseFields = {
  name: Text(200, 2),
  sector: z.string().min(1, '请选择行业领域').max(40),
  sectors: z.array(z.string().max(40)).max(26, '最多 26 个行业领域').optional(),
  regionCode: RegionCode,
  address: Text(300).optional(),
  lng: z.number().min(73, '经度应在 73–136 之间').max(136, '经度应在 73–136 之间').nullable().optional(),
  lat: z.number().min(3, '纬度应在 3–54 之间').max(54, '纬度应在 3–54 之间').nullable().optional(),
  legalRepName: Text(50).optional(),
  legalRepPhone: optionalPhone,
  safetyManagerName: Text(50).optional(),
  safetyManagerPhone: optionalPhone,
  scale: z.enum(ENTERPRISE_SCALES, { message: `企业规模应为：${ENTERPRISE_SCALES.join('、')}` }).optional(),
  aboveScale: z.boolean().optional(),
  status: z.enum(ENTERPRISE_STATUSES, { message: `经营状态应为：${ENTERPRISE_STATUSES.join('、')}` }).optional(),
  employees: z.number().int('从业人数应为整数').min(0, '从业人数不能为负').max(1_000_000, '从业人数过大').nullable().optional(),
  establishedOn: IsoDate.nullable().optional(),
  businessScope: Text(2000).optional(),
};

export const EnterpriseCreate = z.object({ creditCode: CreditCode, ...EnterpriseFields }).strict();
export type EnterpriseCreate = z.infer<typeof EnterpriseCreate>;

export const EnterpriseUpdate = z
  .object({
    ...Object.fromEntries(Object.entries(EnterpriseFields).map(([k, v]) => [k, (v as z.ZodType).optional()])),
    creditCode: CreditCode.optional(),
    /** optimistic concurrency: the version the editor started from */
    version: z.number().int().min(1).optional(),
  })
  .strict() as unknown as z.ZodType<Partial<EnterpriseCreate> & { version?: number }>;
export type EnterpriseUpdate = Partial<EnterpriseCreate> & { version?: number };

export const EnterpriseSort = z.enum(['name', '-name', 'updatedAt', '-updatedAt', 'creditCode', 'employees', '-employees']);

export const EnterpriseQuery = z.object({
  q: Text(100).optional(),
  sector: z.string().max(40).optional(),
  regionCode: RegionCode.optional(),
  status: z.enum(ENTERPRISE_STATUSES).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  aboveScale: BoolParam.optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  sort: EnterpriseSort.default('name'),
  page: Page,
  pageSize: PageSize,
});
export type EnterpriseQuery = z.infer<typeof EnterpriseQuery>;

export interface EnterpriseView {
  id: string;
  creditCode: string;
  name: string;
  sector: string;
  sectorName: string;
  sectors: string[];
  regionCode: string;
  regionName: string;
  supervisingUnitId: string;
  supervisingUnitName: string;
  address: string;
  lng: number | null;
  lat: number | null;
  legalRepName: string;
  legalRepPhone: string | null;
  safetyManagerName: string;
  safetyManagerPhone: string | null;
  /** true when phones are shown masked (138****5678) */
  phonesMasked: boolean;
  scale: string;
  aboveScale: boolean;
  status: string;
  employees: number | null;
  establishedOn: string | null;
  businessScope: string;
  riskLevel: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** non-blocking remark on the credit code (GB 11714 part) */
  creditCodeWarning?: string;
}
