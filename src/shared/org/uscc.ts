/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters =
 *   登记管理部门代码 (1) + 机构类别代码 (1) + 登记管理机关行政区划码 (6 digits)
 *   + 主体标识码/组织机构代码 (9, GB 11714) + 校验码 (1).
 * Alphabet: 0-9 and A-Y without I, O, Z, S, V (31 characters, value = index).
 * Check: weights w_i = 3^i mod 31; C18 = alphabet[(31 − Σ v_i·w_i mod 31) mod 31].
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 登记管理部门 → the 机构类别 codes it may issue (GB 32100-2015 表1). */
export const USCC_REGISTRARS: Record<string, { name: string; types: Record<string, string> }> = {
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': { name: '司法行政', types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' } },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '' } },
};

export type UsccProblem =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARSET'
  | 'REGISTRAR'
  | 'ORG_TYPE'
  | 'REGION'
  | 'CHECK_DIGIT';

export interface UsccResult {
  ok: boolean;
  /** normalised (upper case, trimmed) */
  code: string;
  problem?: UsccProblem;
  /** Chinese message saying which part is wrong */
  message?: string;
  /** 1-based position of the first bad character, when one part is to blame */
  position?: number;
  expectedCheck?: string;
  /** a valid code whose organisation-code part fails its GB 11714 check: worth a second look */
  warning?: string;
}

function value(c: string): number {
  return USCC_ALPHABET.indexOf(c);
}

/** GB 11714 organisation code check character over the 8-character body. */
function orgCodeCheck(body: string): string | undefined {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i];
    const v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    if (v < 0 || v > 35) return undefined;
    sum += v * w[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function computeUsccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += value(first17[i]) * WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function validateUscc(input: string | null | undefined): UsccResult {
  const code = (input ?? '').trim().toUpperCase();
  const fail = (problem: UsccProblem, message: string, extra: Partial<UsccResult> = {}): UsccResult => ({
    ok: false,
    code,
    problem,
    message,
    ...extra,
  });
  if (!code) return fail('EMPTY', '统一社会信用代码不能为空');
  if (code.length !== 18) return fail('LENGTH', `统一社会信用代码应为 18 位，当前为 ${code.length} 位`);
  for (let i = 0; i < 18; i++) {
    if (value(code[i]) < 0) {
      const bad = code[i];
      const why = /[IOZSV]/.test(bad) ? `（代码不使用字母 I、O、Z、S、V）` : '';
      return fail('CHARSET', `统一社会信用代码第 ${i + 1} 位“${bad}”不是有效字符${why}`, { position: i + 1 });
    }
  }
  const registrar = USCC_REGISTRARS[code[0]];
  if (!registrar) return fail('REGISTRAR', `第 1 位登记管理部门代码“${code[0]}”无效（应为 1–9、A、N、Y）`, { position: 1 });
  if (code[0] !== 'Y' && !(code[1] in registrar.types)) {
    return fail('ORG_TYPE', `第 2 位机构类别代码“${code[1]}”对登记管理部门“${registrar.name}”无效`, { position: 2 });
  }
  const region = code.slice(2, 8);
  if (!/^\d{6}$/.test(region) || region.startsWith('00')) {
    return fail('REGION', `第 3–8 位登记管理机关行政区划码“${region}”无效（应为 6 位数字的行政区划代码）`, { position: 3 });
  }
  const expected = computeUsccCheck(code.slice(0, 17));
  if (code[17] !== expected) {
    return fail('CHECK_DIGIT', `第 18 位校验码错误：应为“${expected}”，实际为“${code[17]}”`, { position: 18, expectedCheck: expected });
  }
  // The 9-character 主体标识码 is a GB 11714 organisation code with its own check character.
  // GB 32100 only makes the 18th character binding, so a mismatch here is a warning, not a refusal.
  const org = code.slice(8, 17);
  const orgCheck = orgCodeCheck(org.slice(0, 8));
  if (orgCheck !== undefined && orgCheck !== org[8]) {
    return { ok: true, code, warning: `第 9–17 位组织机构代码“${org}”按 GB 11714 校验不符（其第 9 位应为“${orgCheck}”），请核对` };
  }
  return { ok: true, code };
}

/** Build a valid code from its parts (demo data, tests). `orgBody` is 8 characters; its check is appended. */
export function buildUscc(registrar: string, orgType: string, region: string, orgBody: string): string {
  const oc = orgCodeCheck(orgBody);
  if (!oc) throw new Error(`bad organisation code body ${orgBody}`);
  const first17 = `${registrar}${orgType}${region}${orgBody}${oc}`;
  return first17 + computeUsccCheck(first17);
}
