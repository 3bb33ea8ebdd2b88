/**
 * Chinese-aware search keys (PGlite and PostgreSQL alike, no tokenizer extension needed).
 *
 * Chinese has no spaces, so a text is cut into overlapping character bigrams (液氯泄漏 → 液氯 氯泄 泄漏)
 * plus single characters; Latin letters and digits form whole lower-case words (GB 18218 → gb, 18218),
 * with their prefixes of 2+ characters so that "1821" finds "18218". A record stores the distinct keys
 * of its text in an array with a GIN index; a query term matches a record when the record holds every
 * key of the term (array containment `@>`), then the exact substring is checked on the few candidates.
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

export interface QueryTerm {
  /** the term as typed (normalized), checked as a substring */
  text: string;
  /** keys a record must hold for the term to match */
  keys: string[];
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
      if (CJK.test(run[0])) {
        if (run.length === 1) keys.push(run);
        else for (let i = 0; i + 1 < run.length; i++) keys.push(run.slice(i, i + 2));
      } else keys.push(run.slice(0, 32));
      out.push({ text: run, keys: [...new Set(keys)] });
    }
    seen.add(text);
  }
  return out.slice(0, 8);
}
