/**
 * Chinese-aware search keys (PGlite and PostgreSQL alike, no tokenizer extension needed).
 *
 * Chinese has no spaces, so a text is cut into overlapping character bigrams (液氯泄漏 → 液氯 氯泄 泄漏)
 * plus single characters; Latin letters and digits form whole lower-case words (GB 18218 → gb, 18218),
 * with their prefixes of 2+ characters so that "1821" finds "18218". A record stores the distinct keys
 * of its text in an array with a GIN index; a query term matches a record when the record holds every
 * key of the term (array containment `@>`). For a term of one or two Chinese characters or one Latin
 * word the keys are the substring itself; a longer Chinese term (空气呼吸器: 空气 气呼 呼吸 吸器) is
 * also checked as a substring, on the candidates the index found.
 *
 * A search document's keys also carry its kind (`k:teams`) and the keys of its title (`t:液氯`), so
 * that "of these kinds" and "the term is in the title" are questions the same index answers
 * (searchDocKeys).
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const WORD = /[0-9a-z]/;

/** Cap on keys per record: a long regulation text yields at most this many distinct keys. */
export const MAX_KEYS = 6000;

function normalize(text: string): string {
  // Full-width ASCII → half-width, lower case.
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
}

/** Distinct search keys of a text (stored with the record). */
export function searchKeys(text: string): string[] {
  const keys = new Set<string>();
  const s = normalize(text);
  let word = '';
  const flushWord = () => {
    if (word) {
      const w = word.slice(0, 32);
      for (let n = 2; n < w.length; n++) keys.add(w.slice(0, n));
      keys.add(w);
    }
    word = '';
  };
  for (let i = 0; i < s.length && keys.size < MAX_KEYS; i++) {
    const c = s[i];
    if (CJK.test(c)) {
      flushWord();
      keys.add(c);
      const next = s[i + 1];
      if (next && CJK.test(next)) keys.add(c + next);
    } else if (WORD.test(c)) word += c;
    else flushWord();
  }
  flushWord();
  return [...keys].slice(0, MAX_KEYS);
}

/** Marks the keys of a document's title, and its kind, among its keys. */
export const TITLE_KEY = 't:';
export const KIND_KEY = 'k:';

/**
 * The keys stored with a search document: its kind, its title's keys (marked `t:`), then the keys of
 * title and text. Keys themselves never hold ':' (CJK characters, [0-9a-z] words), so the marks
 * cannot collide with them.
 */
export function searchDocKeys(kind: string, title: string, body: string): string[] {
  return [`${KIND_KEY}${kind}`, ...searchKeys(title).map((k) => TITLE_KEY + k), ...searchKeys(`${title} ${body}`)];
}

export interface QueryTerm {
  /** the term as typed (normalized), checked as a substring */
  text: string;
  /** keys a record must hold for the term to match */
  keys: string[];
  /**
   * Whether holding the keys means holding the term: one or two Chinese characters (the key is the
   * term), or a Latin word of up to 32 characters (the key is the term, the start of a word). Longer
   * Chinese terms are also checked as substrings.
   */
  exact: boolean;
}

/** Terms of a query: split on spaces and punctuation; each term's keys (bigrams, or the single character/word). */
export function queryTerms(q: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const raw of normalize(q).split(/[\s,，、;；。.!！?？:：()（）《》“”"'‘’]+/)) {
    const text = raw.trim();
    if (!text || seen.has(text)) continue;
    // One term is a run of CJK characters or of letters/digits; mixed text splits into runs.
    const runs = text.match(/[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g) ?? [];
    for (const run of runs) {
      if (seen.has(run)) continue;
      seen.add(run);
      const keys: string[] = [];
      const cjk = CJK.test(run[0]);
      if (cjk) {
        if (run.length === 1) keys.push(run);
        else for (let i = 0; i + 1 < run.length; i++) keys.push(run.slice(i, i + 2));
      } else keys.push(run.slice(0, 32));
      out.push({ text: run, keys: [...new Set(keys)], exact: cjk ? run.length <= 2 : run.length <= 32 });
    }
    seen.add(text);
  }
  return out.slice(0, 8);
}
