/**
 * The one error the plan module throws: bad input that a user must fix (wrong file, wrong
 * encoding, too large). `parsePlanText` itself never throws; only the byte-level entry points do.
 */
export type PlanInputErrorCode =
  | 'EMPTY'
  | 'BINARY'
  | 'UNKNOWN_ENCODING'
  | 'NOT_A_PLAN'
  | 'TOO_LARGE'
  | 'CORRUPT_DOCX'
  | 'CORRUPT_PDF'
  | 'NO_TEXT_LAYER'
  | 'UNSUPPORTED_FORMAT';

/** HTTP status the API should answer with (the platform maps AppError codes the same way). */
const STATUS: Record<PlanInputErrorCode, number> = {
  EMPTY: 400,
  BINARY: 415,
  UNKNOWN_ENCODING: 415,
  NOT_A_PLAN: 422,
  TOO_LARGE: 413,
  CORRUPT_DOCX: 400,
  CORRUPT_PDF: 400,
  NO_TEXT_LAYER: 422,
  UNSUPPORTED_FORMAT: 415,
};

export class PlanInputError extends Error {
  readonly status: number;
  constructor(
    readonly code: PlanInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlanInputError';
    this.status = STATUS[code];
  }
}

export function isPlanInputError(e: unknown): e is PlanInputError {
  return e instanceof PlanInputError;
}
