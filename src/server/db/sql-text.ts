import { createHash } from 'node:crypto';

/** What SqlText.lit writes into the SQL text as it is: letters, digits, _ . - and CJK ideographs, nothing else. */
const CODE_LITERAL = /^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,40}$/;

/**
 * A hot-path statement under construction: SQL text with $n placeholders and their values, run with
 * `Database.queryPrepared` under `statementName(prefix, text)` (planned once per connection).
 */
export class SqlText {
  readonly conds: string[] = [];
  constructor(readonly params: unknown[] = []) {}
  /** another WHERE over the same parameter list (UNION branches) */
  fork(): SqlText {
    return new SqlText(this.params);
  }
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  /**
   * A code (region, sector, status, grade, source; a list of them for `= ANY(…::text[])`) as an SQL
   * literal when it is a plain word, else a parameter. With the codes in the text the hot
   * statements have no parameters left, so PostgreSQL plans each once per connection instead of on
   * every call; the number of such statements is bounded in db/index.ts (MAX_NAMED_STATEMENTS).
   */
  lit(v: string | readonly string[] | boolean): string {
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return CODE_LITERAL.test(v) ? `'${v}'` : this.p(v);
    return v.length > 0 && v.every((x) => CODE_LITERAL.test(x)) ? `ARRAY[${v.map((x) => `'${x}'`).join(',')}]` : this.p(v);
  }
  where(c: string): void {
    this.conds.push(c);
  }
  get whereSql(): string {
    return this.conds.length ? this.conds.join(' AND ') : 'true';
  }
}

/** The name of a prepared statement: one per distinct text. */
export function statementName(prefix: string, text: string): string {
  return `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}
