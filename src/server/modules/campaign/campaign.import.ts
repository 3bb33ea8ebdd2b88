import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { AppError, type ErrorCode } from '../../platform/errors';
import type { Upload } from '../../platform/files';
import { parsePlanDocument, isPlanInputError } from '../../../shared/plan/index';
import { UnitDirectory } from '../../../shared/org/reference';
import * as repo from './campaign.repo';
import { createCampaignFromPlan, type CreateFromPlanResult } from './campaign.service';

const CODE_BY_STATUS: Record<number, ErrorCode> = { 400: 'VALIDATION', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'BAD_REQUEST' };

/** The unit directory of the parser, built from the units table (names, short names, aliases). */
export async function planUnitDirectory(deps: AppDeps): Promise<UnitDirectory> {
  const units = await repo.allUnits(deps.db);
  return new UnitDirectory(units.map((u) => ({ code: u.code, name: u.shortName, kind: u.kind as never, aliases: [u.name, ...u.aliases] })));
}

/**
 * Upload a plan file (.txt in any Chinese encoding, or .docx) and create the campaign in one step,
 * for offices that trust the parse. The plan module's review screen is the careful path; both end
 * in createCampaignFromPlan.
 */
export async function importPlanFile(deps: AppDeps, ctx: RequestContext, upload: Upload): Promise<CreateFromPlanResult & { warnings: number }> {
  let plan;
  try {
    plan = await parsePlanDocument(upload.buffer, upload.fileName, { units: await planUnitDirectory(deps) });
  } catch (e) {
    if (isPlanInputError(e)) throw new AppError(CODE_BY_STATUS[e.status] ?? 'BAD_REQUEST', e.message);
    throw e;
  }
  const name = upload.fields.name?.trim() || undefined;
  const r = await createCampaignFromPlan(deps, ctx, { plan, name });
  return { ...r, warnings: plan.warnings.length };
}
