import { requireActor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { invalidField } from '../../platform/errors';
import type { SearchResult } from '../../../shared/contracts/emergency';
import { SEARCH_KINDS, SEARCH_LABELS, type SearchKind } from '../../../shared/emergency/catalog';
import { queryTerms } from '../../../shared/emergency/search';
import * as repo from './emergency.repo';
import { readPrefix } from './emergency.resources';

/** A piece of the text around the first term found (±40 characters). */
function snippetOf(body: string, terms: string[]): string {
  const lower = body.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return body.slice(0, 80);
  const start = Math.max(0, at - 40);
  return `${start > 0 ? '…' : ''}${body.slice(start, at + 60)}${at + 60 < body.length ? '…' : ''}`;
}

/**
 * `GET /api/emergency/search` covers the five databases and the filed plans of the district's units
 * (their document text included; emergency.plans.ts indexes a plan when it is filed).
 *
 * `GET /api/emergency/search?q=液氯 泄漏`: every term must be found (bigram keys from the GIN index,
 * and the exact text of a longer Chinese term); when no record holds them all, records holding some
 * of them, ranked by how many. Within that, a term in the title counts more than one in the text.
 * A query matching more records than one search reads (repo.SEARCH_CAP) ranks the records holding
 * the terms in their title and a capped set of the others, and says its counts are lower bounds.
 */
export async function searchAll(deps: AppDeps, ctx: RequestContext, q: { q: string; kinds?: SearchKind[]; limit: number }): Promise<SearchResult> {
  const actor = requireActor(ctx);
  const terms = queryTerms(q.q);
  if (!terms.length) throw invalidField('q', '请输入中文、字母或数字关键词');
  const prefix = readPrefix(actor);
  let matchedAll = true;
  let found = await repo.searchDocs(deps.db, { prefix, terms, kinds: q.kinds, all: true, limit: q.limit });
  if (!found.hits.length && terms.length > 1) {
    matchedAll = false;
    found = await repo.searchDocs(deps.db, { prefix, terms, kinds: q.kinds, all: false, limit: q.limit });
  }
  const counts: Record<string, number> = Object.fromEntries(SEARCH_KINDS.map((k) => [k, 0]));
  for (const [k, n] of found.counts) counts[k] = n;
  const texts = terms.map((t) => t.text);
  return {
    q: q.q,
    terms: texts,
    matchedAll,
    counts,
    countsCapped: found.capped,
    hits: found.hits.map((r) => ({ kind: r.kind, kindLabel: SEARCH_LABELS[r.kind], id: r.ref_id, title: r.title, snippet: snippetOf(r.body, texts), score: r.score })),
  };
}
