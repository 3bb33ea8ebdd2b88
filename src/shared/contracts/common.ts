import { z } from 'zod';

/** Shared request/response shapes (server validation and web forms use the same schemas). */

export const Uuid = z.string().uuid('编号格式不正确（应为 UUID）');

/** A real calendar date YYYY-MM-DD (2023-02-30 is refused). */
export const IsoDate = z.iso.date('日期格式不正确（应为 YYYY-MM-DD 的有效日期）');

/** Mobile (1[3-9]xxxxxxxxx) or landline (027-12345678, 02712345678, with optional extension). */
export const Phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/, '电话号码格式不正确（手机 11 位，或固话如 027-83891234）');

export const Page = z.coerce.number().int('页码应为整数').min(1, '页码至少为 1').max(100_000, '页码过大').default(1);
export const PageSize = z.coerce.number().int('每页条数应为整数').min(1, '每页至少 1 条').max(500, '每页最多 500 条').default(20);

export const BoolParam = z
  .enum(['true', 'false', '1', '0'], { message: '应为 true 或 false' })
  .transform((v) => v === 'true' || v === '1');

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Trimmed text with a length limit and a Chinese message naming the limit. */
export const Text = (max: number, min = 0) => {
  let s = z.string().trim().max(max, `长度不能超过 ${max} 个字符`);
  if (min > 0) s = s.min(min, min === 1 ? '不能为空' : `长度至少 ${min} 个字符`);
  return s;
};

/** Region codes: 6-digit district or 9-digit street/park (GB/T 2260 + suffix). */
export const RegionCode = z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 位或 9 位数字');

/**
 * 公民身份号码 (GB 11643-1999): 17 digits + check character; weights 2^(17-i) mod 11,
 * check = "10X98765432"[Σ mod 11]; the birth date (positions 7–14) must be a real date.
 */
export function residentIdProblem(id: string): string | undefined {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为 18 位（最后一位可为 X）';
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || d.getUTCFullYear() < 1900 || d > new Date()) return `第 7–14 位出生日期“${birth}”无效`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * (2 ** (17 - i) % 11);
  const check = '10X98765432'[sum % 11];
  if (s[17] !== check) return `第 18 位校验码错误：应为“${check}”`;
  return undefined;
}

export const ResidentId = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((s, ctx) => {
    const p = residentIdProblem(s);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
