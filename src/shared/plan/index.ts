/** Plan import: parse a campaign plan into the 任务分解表 tree. See README.md for the contract. */
export { parsePlanText, parsePlanDocument } from './parse.js';
export { decodePlanBytes, assertPlanLikeText, MAX_PLAN_BYTES } from './decode.js';
export { normalizePlanText } from './normalize.js';
export { PlanInputError, isPlanInputError, type PlanInputErrorCode } from './errors.js';
export type * from './types.js';
