// Path helpers for the pipeline: the resource id a request acts on, its namespace and resource type.
import { ArmError } from '../core/errors.ts';
import { splitPath } from './router.ts';

const badPath = (why: string): ArmError =>
  new ArmError(
    400,
    'BadRequest',
    `The request path is not valid: ${why}. Resource Manager does not resolve dot segments or encoded path separators in a resource id.`,
  );

/**
 * Decodes a request path once, for routing, authorization and lookup alike: every segment is
 * percent-decoded here and nowhere again. A `.` or `..` segment (plain or encoded) and an encoded `/` or
 * `\` inside a segment are refused with 400, so `rg-a%2F..%2Frg-b` can never be authorized as one scope
 * and resolved as another. Repeated and trailing slashes are dropped.
 */
export function decodeRequestPath(raw: string): string {
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '') continue;
    let d: string;
    try {
      d = decodeURIComponent(seg);
    } catch {
      throw badPath(`'${seg}' is not a valid percent-encoded segment`);
    }
    if (d === '.' || d === '..') throw badPath('it contains a dot segment');
    if (d.includes('/') || d.includes('\\')) throw badPath('a segment contains an encoded path separator');
    out.push(d);
  }
  return '/' + out.join('/');
}

/** A decoded path as it goes into a URL (nextLink, Location): each segment percent-encoded again. */
export function encodePathForUrl(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%40/g, '@').replace(/%3A/gi, ':'))
    .join('/');
}

/**
 * The resource id a request path addresses: the path cut after the last complete type/name pair
 * (`…/imageTemplates/t/run` → `…/imageTemplates/t`, `…/imageTemplates` → the resource group).
 */
export function resourceIdOf(path: string): string {
  const seg = splitPath(path);
  const provIdx = seg.map((s) => s.toLowerCase()).lastIndexOf('providers');
  let keep: number;
  if (provIdx >= 0) {
    const rest = seg.length - (provIdx + 2); // after providers/{ns}
    if (rest <= 0) keep = provIdx;
    else keep = provIdx + 2 + (rest % 2 === 0 ? rest : rest - 1);
    if (keep === provIdx + 2) keep = provIdx; // only providers/{ns}: the parent scope
  } else {
    keep = seg.length % 2 === 0 ? seg.length : seg.length - 1;
  }
  return '/' + seg.slice(0, keep).join('/');
}

/** Namespace and type segments named after the last `/providers/` of a path. */
export function providerPart(path: string): { namespace?: string; types: string[]; endsWithName: boolean } {
  const seg = splitPath(path);
  const provIdx = seg.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (provIdx < 0 || provIdx + 1 >= seg.length) return { types: [], endsWithName: false };
  const after = seg.slice(provIdx + 2);
  const types = after.filter((_, i) => i % 2 === 0);
  const ns = seg[provIdx + 1];
  return {
    ...(ns !== undefined ? { namespace: ns } : {}),
    types,
    endsWithName: after.length > 0 && after.length % 2 === 0,
  };
}

export function subscriptionOf(path: string): string | undefined {
  const seg = splitPath(path);
  return seg[0]?.toLowerCase() === 'subscriptions' ? seg[1] : undefined;
}

/** `{subscriptionId, resourceGroup}` when the path goes below a resource group. */
export function resourceGroupBelow(
  path: string,
): { subscriptionId: string; resourceGroup: string } | undefined {
  const seg = splitPath(path);
  if (seg[0]?.toLowerCase() !== 'subscriptions' || seg[2]?.toLowerCase() !== 'resourcegroups')
    return undefined;
  if (seg.length <= 4) return undefined;
  const s = seg[1];
  const rg = seg[3];
  return s && rg ? { subscriptionId: s, resourceGroup: rg } : undefined;
}
