import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;

/** SM3 (GB/T 32905) hex digest: audit chain, token hashing. */
export function sm3(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// ---------- passwords: scrypt ----------
// N=2^15, r=8, p=1 (~40 ms on these machines). Stored as scrypt$N$r$p$salt$hash so parameters can grow.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a random password: login of an unknown user spends the same time as a real one.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken());
  return dummyHash;
}

/** Password policy: ≥10 characters, at least 3 of 4 classes (upper, lower, digit, symbol). */
export function passwordPolicyProblem(password: string, username?: string): string | undefined {
  if (password.length < 10) return '密码至少 10 位';
  if (password.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少 3 类';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return undefined;
}

/** A random password that satisfies the policy (for generated admin/demo passwords). */
export function generatePassword(): string {
  const pick = (s: string) => s[randomBytes(1)[0] % s.length];
  const base = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnpqrstuvwxyz')}${pick('23456789')}${pick('@#%+=')}${base}`;
}

// ---------- personal data at rest: SM4 ----------

/**
 * SM4-CBC field cipher. Ciphertext format: "sm4:" + base64(iv | ciphertext).
 * The key is 128 bits from ANZHI_SECRET_KEY, or generated into DATA_DIR/secret.key on first run.
 */
export class FieldCipher {
  private readonly key: Buffer;
  constructor(keyHex: string) {
    if (!/^[0-9a-fA-F]{32}$/.test(keyHex)) throw new Error('SM4 key must be 32 hex chars');
    this.key = Buffer.from(keyHex, 'hex');
  }
  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-cbc', this.key, iv);
    return `sm4:${Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]).toString('base64')}`;
  }
  /**
   * Recently decrypted fields, by ciphertext (a list page decrypts 40 phones; a decipher costs ~10 µs
   * of setup). Bounded; the process holds the key, so the plaintexts add no new exposure.
   */
  private readonly recent = new Map<string, string>();
  decrypt(enc: string | null | undefined): string | null {
    if (!enc) return null;
    const known = this.recent.get(enc);
    if (known !== undefined) return known;
    if (!enc.startsWith('sm4:')) throw new Error('not an SM4 field');
    const raw = Buffer.from(enc.slice(4), 'base64');
    const d = createDecipheriv('sm4-cbc', this.key, raw.subarray(0, 16));
    const plain = Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8');
    if (this.recent.size >= DECRYPTED_KEPT) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(enc, plain);
    return plain;
  }
}

/** How many decrypted fields a FieldCipher keeps (oldest dropped first). */
const DECRYPTED_KEPT = 20_000;

/** Key from config, else DATA_DIR/secret.key (created with 0600 on first run). */
export function resolveSecretKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured.toLowerCase();
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(16).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** 13812345678 → 138****5678; other numbers keep their first 3 and last 4 characters. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length <= 7) return `${phone.slice(0, 1)}****${phone.slice(-1)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 420112199001011234 → 4201**********1234 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}
