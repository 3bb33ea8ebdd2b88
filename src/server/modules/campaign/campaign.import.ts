import { requireActor, type RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { AppError, type ErrorCode } from '../../platform/errors';
import type { Upload } from '../../platform/files';
import { parsePlanDocument, isPlanInputError } from '../../../shared/plan/index';
import type { UnitDirectory } from '../../../shared/org/reference';
import type { CreateFromPlanResult } from '../../../shared/contracts/campaign.views';
import { createFromParsedPlan } from './campaign.plan';
import { unitDirectory } from '../org';

const CODE_BY_STATUS: Record<number, ErrorCode> = { 400: 'VALIDATION', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'BAD_REQUEST' };

/** The unit directory of the parser, built from the organisation's units (names, short names, aliases). */
export async function planUnitDirectory(deps: AppDeps): Promise<UnitDirectory> {
  return unitDirectory(deps.db, 'code');
}

/**
 * Upload a plan file (.txt in any Chinese encoding, or .docx) and create the campaign in one step,
 * for offices that trust the parse. The plan module's review screen is the careful path; both end
 * in the same import (campaign.plan.ts).
 */
export async function importPlanFile(deps: AppDeps, ctx: RequestContext, upload: Upload, fields: { name?: string }): Promise<CreateFromPlanResult & { warnings: number }> {
  let plan;
  try {
    plan = await parsePlanDocument(upload.buffer, upload.fileName, { units: await planUnitDirectory(deps) });
  } catch (e) {
    if (isPlanInputError(e)) throw new AppError(CODE_BY_STATUS[e.status] ?? 'BAD_REQUEST', e.message);
    throw e;
  }
  const name = fields.name?.trim() || undefined;
  const r = await createFromParsedPlan(deps, ctx, requireActor(ctx), { plan, name });
  return { ...r, warnings: plan.warnings.length };
}
