// Why a query cannot run, and Resource Graph's error envelope for it. Resource Graph answers a query
// it cannot parse or run with 400 `BadRequest` whose details are `InvalidQuery` (always) plus one more
// detail naming the failure (`ParserFailure` with line and character position for syntax); the
// top-level message only carries the timestamp and correlation id. Local Azure refuses every
// operator and function outside its subset the same way, rather than guessing what it means.
import { ArmError } from '../../core/errors.ts';

export class QueryError extends Error {
  constructor(
    message: string,
    /** Offset in the query text, when known. */
    readonly pos?: number,
    /** `ParserFailure` for syntax, `UnsupportedQueryOperation` for what local Azure does not run. */
    readonly kind: 'ParserFailure' | 'UnsupportedQueryOperation' = 'ParserFailure',
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Line (1-based) and character position (0-based) of an offset, as ParserFailure reports them. */
function lineAndColumn(text: string, pos: number): { line: number; characterPositionInLine: number } {
  const before = text.slice(0, pos);
  const lines = before.split('\n');
  return { line: lines.length, characterPositionInLine: (lines[lines.length - 1] ?? '').length };
}

function supportMessage(correlationId: string): string {
  return `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${correlationId}.`;
}

/** The 400 BadRequest / InvalidQuery envelope for `err` raised on `query`. */
export function invalidQuery(err: QueryError, query: string, correlationId: string): ArmError {
  const where = err.pos === undefined ? {} : lineAndColumn(query, err.pos);
  const second =
    err.kind === 'ParserFailure'
      ? { code: 'ParserFailure', message: err.message, ...where }
      : { code: err.kind, message: err.message, ...where };
  return new ArmError(400, 'BadRequest', supportMessage(correlationId), {
    details: [
      {
        code: 'InvalidQuery',
        message:
          'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
      },
      second as { code: string; message: string },
    ],
  });
}

/** 400 BadRequest for a request body Resource Graph cannot use (not the query itself). */
export function badQueryRequest(code: string, message: string, correlationId: string): ArmError {
  return new ArmError(400, 'BadRequest', supportMessage(correlationId), {
    details: [{ code, message }],
  });
}

/** 429 RateLimiting: the user's quota for this window is spent. */
export function rateLimited(correlationId: string, headers: Record<string, string>): ArmError {
  return new ArmError(429, 'RateLimiting', supportMessage(correlationId), {
    details: [
      {
        code: 'RateLimiting',
        message:
          'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed.',
      },
    ],
    headers,
  });
}
