// The control API under /_local/ on the ARM port (loopback only; the pipeline checks): info, reset,
// seed, time, hold, faults, mailbox. JSON in and out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../http/faults.ts';
import type { LocalAzureInfo } from '../config.ts';
import type { Mailbox } from '../core/mailbox.ts';

export interface ControlDeps {
  info(): LocalAzureInfo;
  reset(): Promise<void>;
  /** Extra templates over the two seed subscriptions, or (with `subscriptions`) an estate of new ones. */
  seed(opts: { templates: number; subscriptions?: number }): Promise<Record<string, unknown>>;
  setSpeed(speed: number): void;
  speed(): number;
  hold(template: string, phase: string): void;
  releaseHolds(): void;
  /** Run-time settings a user could set at start too (LOCAL_AZURE_PAGE_SIZE, LOCAL_AZURE_TOKEN_TTL). */
  configure(patch: { pageSize?: number; tokenTtlSeconds?: number }): {
    pageSize: number;
    tokenTtlSeconds: number;
  };
  faults: Faults;
  mailbox: Mailbox;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

function parse(body: string): Record<string, unknown> {
  if (!body.trim()) return {};
  const v: unknown = JSON.parse(body);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error('the body must be a JSON object');
  return v as Record<string, unknown>;
}

function isIntegerIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** `{ templates }` (0–10,000) or `{ subscriptions, templates }` (1–500, 0–20,000); else the error text. */
function seedOptions(body: Record<string, unknown>): { templates: number; subscriptions?: number } | string {
  const { templates, subscriptions } = body;
  if (subscriptions === undefined) {
    return isIntegerIn(templates, 0, 10_000)
      ? { templates }
      : '"templates" must be an integer from 0 to 10000';
  }
  if (!isIntegerIn(subscriptions, 1, 500)) return '"subscriptions" must be an integer from 1 to 500';
  const t = templates ?? 0;
  if (!isIntegerIn(t, 0, 20_000)) return '"templates" must be an integer from 0 to 20000';
  return { templates: t, subscriptions };
}

export function createControlHandler(deps: ControlDeps) {
  return async (req: IncomingMessage, res: ServerResponse, path: string, bodyText: string): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const route = `${method} ${path.replace(/\/+$/, '')}`;
    let body: Record<string, unknown>;
    try {
      body = parse(bodyText);
    } catch (e) {
      reply(res, 400, {
        error: { code: 'InvalidRequestContent', message: e instanceof Error ? e.message : 'bad JSON' },
      });
      return;
    }
    try {
      switch (route) {
        case 'GET /_local/info':
          reply(res, 200, deps.info());
          return;
        case 'POST /_local/reset':
          await deps.reset();
          reply(res, 200, { ok: true });
          return;
        case 'POST /_local/seed': {
          const opts = seedOptions(body);
          if (typeof opts === 'string') {
            reply(res, 400, { error: { code: 'InvalidRequestContent', message: opts } });
            return;
          }
          reply(res, 200, await deps.seed(opts));
          return;
        }
        case 'POST /_local/time': {
          const s = body.speed;
          if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) {
            reply(res, 400, {
              error: { code: 'InvalidRequestContent', message: '"speed" must be a positive number' },
            });
            return;
          }
          deps.setSpeed(s);
          reply(res, 200, { speed: deps.speed() });
          return;
        }
        case 'POST /_local/config': {
          const patch: { pageSize?: number; tokenTtlSeconds?: number } = {};
          for (const k of ['pageSize', 'tokenTtlSeconds'] as const) {
            const val = body[k];
            if (val === undefined) continue;
            if (typeof val !== 'number' || !Number.isInteger(val) || val < 1) {
              reply(res, 400, {
                error: { code: 'InvalidRequestContent', message: `"${k}" must be a positive integer` },
              });
              return;
            }
            patch[k] = val;
          }
          reply(res, 200, deps.configure(patch));
          return;
        }
        case 'POST /_local/hold': {
          const { template, phase } = body;
          if (typeof template !== 'string' || typeof phase !== 'string') {
            reply(res, 400, {
              error: {
                code: 'InvalidRequestContent',
                message: '"template" (a template id) and "phase" are required',
              },
            });
            return;
          }
          deps.hold(template, phase);
          reply(res, 200, { ok: true });
          return;
        }
        case 'DELETE /_local/hold':
          deps.releaseHolds();
          reply(res, 200, { ok: true });
          return;
        case 'POST /_local/faults': {
          const added = deps.faults.add(body.rules);
          reply(res, 200, { added, rules: deps.faults.list() });
          return;
        }
        case 'GET /_local/faults':
          reply(res, 200, { rules: deps.faults.list() });
          return;
        case 'GET /_local/mailbox': {
          const url = new URL(req.url ?? '/', 'https://local');
          reply(res, 200, { messages: deps.mailbox.list(url.searchParams.get('to') ?? undefined) });
          return;
        }
        case 'DELETE /_local/mailbox':
          deps.mailbox.clear();
          reply(res, 200, { ok: true });
          return;
        case 'DELETE /_local/faults':
          deps.faults.clear();
          reply(res, 200, { ok: true });
          return;
        default:
          reply(res, 404, { error: { code: 'NotFound', message: `No control operation ${route}.` } });
      }
    } catch (e) {
      reply(res, 400, { error: { code: 'BadRequest', message: e instanceof Error ? e.message : String(e) } });
    }
  };
}
