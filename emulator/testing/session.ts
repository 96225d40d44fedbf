// JSON helpers for conformance tests that drive builds as one caller: ARM calls with that caller's token
// (the api-version added unless the path is an absolute URL or already has one), the control API
// (`/_local/…`, throws unless 2xx), polling until a condition holds, and image template paths.
import type { LocalAzureInfo } from '../src/config.ts';

export type Rec = Record<string, unknown>;

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `{}` when the body is empty. */
  body: Rec;
}

export interface ArmSession {
  /** An ARM call. `path` may carry a query, or be an absolute URL (an Azure-AsyncOperation header). */
  arm(method: string, path: string, apiVersion?: string, body?: unknown): Promise<JsonResponse>;
  /** A control API call, e.g. `control('POST', 'hold', { template, phase })`. */
  control(method: string, path: string, body?: unknown): Promise<Rec>;
}

export const AIB_API_VERSION = '2025-10-01';

export function armSession(info: Pick<LocalAzureInfo, 'arm'>, token: () => string): ArmSession {
  return {
    async arm(method, path, apiVersion = AIB_API_VERSION, body) {
      const url = path.startsWith('https://')
        ? path
        : /[?&]api-version=/.test(path)
          ? `${info.arm}${path}`
          : `${info.arm}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Rec) : {} };
    },
    async control(method, path, body) {
      const res = await fetch(`${info.arm}/_local/${path.replace(/^\/+/, '')}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
      return text ? (JSON.parse(text) as Rec) : {};
    },
  };
}

/** Calls `fn` every 100 ms until `ok` accepts its value; throws with `what` and the last value after `ms`. */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 40_000,
  what = 'a condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The id (and ARM path) of an image template. */
export const templatePath = (subscriptionId: string, rg: string, name: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`;

/** A template's `lastRunStatus` (`{}` before its first run). */
export function lastRunOf(template: Rec): Rec {
  const p = template.properties;
  const l = typeof p === 'object' && p !== null ? (p as Rec).lastRunStatus : undefined;
  return typeof l === 'object' && l !== null ? (l as Rec) : {};
}
