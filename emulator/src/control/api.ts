// The control API under /_local/ on the ARM port (loopback only; the pipeline checks): info, reset,
// seed, time, hold, faults, mailbox. JSON in and out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from '../http/faults.ts';
import type { LocalAzureInfo } from '../config.ts';
import type { Mailbox } from '../core/mailbox.ts';

export interface ControlDeps {
  info(): LocalAzureInfo;
  reset(): Promise<void>;
  seed(templates: number): Promise<{ templates: number }>;
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
          const n = body.templates;
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 10_000) {
            reply(res, 400, {
              error: {
                code: 'InvalidRequestContent',
                message: '"templates" must be an integer from 0 to 10000',
              },
            });
            return;
          }
          reply(res, 200, await deps.seed(n));
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
