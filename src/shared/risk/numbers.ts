/**
 * Number checks shared by the risk formulas (server and web calculator). Each check answers a
 * Chinese message that names the field, or null. JSON can carry 1e999 (= Infinity) and a web form
 * can produce NaN, so both are refused explicitly rather than left to arithmetic.
 */
export interface FieldIssue {
  /** dotted path of the field, e.g. "factors.L" or "substances.2.quantity" */
  path: string;
  message: string;
}

export interface NumberRule {
  /** smallest allowed value */
  min?: number;
  /** min itself is not allowed (e.g. quantity must be > 0) */
  minExclusive?: boolean;
  /** largest sensible value; above it the number is "absurd" and refused */
  max?: number;
  integer?: boolean;
  /** the value must be one of these (factor tables) */
  allowed?: readonly number[];
  /** unit shown in messages, e.g. "吨" */
  unit?: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10))));

/** Why `value` is not an acceptable number for the field `label`, or null when it is. */
export function numberProblem(value: unknown, label: string, rule: NumberRule = {}): string | null {
  const unit = rule.unit ?? '';
  if (value === undefined || value === null || value === '') return `${label}：必填`;
  if (typeof value !== 'number') return `${label}：应为数字，收到“${String(value).slice(0, 20)}”`;
  if (Number.isNaN(value)) return `${label}：不是有效的数字（NaN）`;
  if (!Number.isFinite(value)) return `${label}：不能为无穷大`;
  if (value < 0 && (rule.min === undefined || rule.min >= 0)) return `${label}：不能为负数`;
  if (rule.integer && !Number.isInteger(value)) return `${label}：应为整数`;
  if (rule.min !== undefined) {
    if (rule.minExclusive ? value <= rule.min : value < rule.min) {
      return rule.minExclusive ? `${label}：必须大于 ${fmt(rule.min)}${unit}` : `${label}：不能小于 ${fmt(rule.min)}${unit}`;
    }
  }
  if (rule.max !== undefined && value > rule.max) return `${label}：数值过大（不能超过 ${fmt(rule.max)}${unit}），请检查单位和数量级`;
  if (rule.allowed && !rule.allowed.some((a) => Math.abs(a - value) < 1e-12)) {
    return `${label}：应为以下取值之一：${rule.allowed.map(fmt).join('、')}`;
  }
  return null;
}

/** Round away binary floating-point noise before comparing with a band edge (30/0.3 = 100.00000000000001). */
export function roundForGrading(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '—';
  const r = Number(x.toFixed(digits));
  return String(r);
}
