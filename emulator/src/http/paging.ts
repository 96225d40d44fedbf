// nextLink paging for collection GETs. `$skipToken` is an opaque offset; nextLink is absolute and keeps
// every other query parameter (api-version, $filter, $expand…), as ARM's nextLinks do.
import type { ArmRequest } from '../core/types.ts';
import { badRequest } from '../core/errors.ts';
import { encodePathForUrl } from './resource-path.ts';

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && 'o' in v && typeof v.o === 'number' && v.o >= 0) return v.o;
  } catch {
    // fall through
  }
  throw badRequest('InvalidSkipToken', `The skip token '${token}' is invalid.`);
}

/** One page of `items` for this request: starts at the request's `$skipToken`, `pageSize` long. */
export function page<T>(items: readonly T[], req: ArmRequest, pageSize: number): Page<T> {
  const token = req.query.get('$skipToken') ?? req.query.get('$skiptoken');
  const offset = token ? decodeToken(token) : 0;
  const size = Math.max(1, Math.floor(pageSize));
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const q = new URLSearchParams();
  for (const [k, v] of req.query) if (k.toLowerCase() !== '$skiptoken') q.append(k, v);
  // ARM writes `$skipToken` with a literal `$` (URLSearchParams would escape it as %24).
  const rest = q.toString().replace(/%24/g, '$');
  const sep = rest ? '&' : '';
  return {
    value,
    nextLink: `${req.baseUrl}${encodePathForUrl(req.path)}?${rest}${sep}$skipToken=${encodeToken(offset + size)}`,
  };
}
