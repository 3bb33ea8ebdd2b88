import type { Tx } from '../../db';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';

/**
 * The enforcement-case opener: the inspection module registers it (through this module's index)
 * so that a verified report can open a case without this module importing inspection.
 */
export type EnforcementCaseOpener = (
  tx: Tx,
  deps: AppDeps,
  ctx: RequestContext,
  input: { enterpriseId: string; source: 'report'; sourceRef: string; summary: string },
) => Promise<{ id: string; code: string }>;

let opener: EnforcementCaseOpener | undefined;

export function registerEnforcementCaseOpener(fn: EnforcementCaseOpener | undefined): void {
  opener = fn;
}

export function enforcementCaseOpener(): EnforcementCaseOpener | undefined {
  return opener;
}
