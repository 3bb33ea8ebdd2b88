import type { AppDeps } from '../../platform/deps';
import type { DishonestFlag } from '../../../shared/contracts/org';

/**
 * The 失信 flag (严重失信主体名单) of enterprises. The list is kept by the inspection module, which
 * imports org; so org cannot import it back. Inspection registers the provider through org's index
 * (`registerCreditFlags`), as it registers report's enforcement-case opener, and org's views and the
 * hazard ledger read it with `creditFlagsOf`.
 *
 * A provider answers, for the given enterprise ids, the entries in force today (listed or under
 * 信用修复 review, start ≤ today ≤ end), keyed by enterprise id, in one query for all the ids. It
 * reads outside any transaction (on `deps.database`).
 */
export type CreditFlagsProvider = (deps: AppDeps, enterpriseIds: string[]) => Promise<Map<string, DishonestFlag>>;

let provider: CreditFlagsProvider | undefined;

export function registerCreditFlags(fn: CreditFlagsProvider | undefined): void {
  provider = fn;
}

/** The registered provider (undefined: none). */
export function creditFlagsProvider(): CreditFlagsProvider | undefined {
  return provider;
}

/**
 * The entries in force today of these enterprises (one query for all of them; none for an empty
 * list). With no provider registered (a build without the inspection module) nobody is flagged:
 * the map is empty and the views say `dishonest: null`.
 */
export async function creditFlagsOf(deps: AppDeps, enterpriseIds: readonly string[]): Promise<Map<string, DishonestFlag>> {
  const ids = [...new Set(enterpriseIds)];
  if (!provider || ids.length === 0) return new Map();
  return provider(deps, ids);
}
