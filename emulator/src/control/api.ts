// The control API under /_local/ on the ARM port (loopback only; the pipeline checks): info, reset,
// seed, time, hold, script faults, faults, mailbox, restart. JSON in and out.
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
  failNextScript(template: string, exit: number): void;
  /** Run-time settings a user could set at start too (LOCAL_AZURE_PAGE_SIZE, LOCAL_AZURE_TOKEN_TTL). */
  configure(patch: { pageSize?: number; tokenTtlSeconds?: number }): {
    pageSize: number;
    tokenTtlSeconds: number;
  };
  /**
   * Goes down as a stopped process does and comes back after `downSeconds` on the same ports, from the
   * state it saved. Called before the answer is sent: it stops taking connections at once, and goes down
   * once `res` (the answer) is finished.
   */
  restart(downSeconds: number, res: ServerResponse): void;
  faults: Faults;
  mailbox: Mailbox;
}

/** The longest a restart may keep local Azure down. */
export const MAX_DOWN_SECONDS = 300;

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

/** A request the control API refuses as it stands (400 InvalidRequestContent). */
class InvalidContent extends Error {}

type Operation = (
  deps: ControlDeps,
  body: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
) => unknown;

const OK = { ok: true };

function speedOf(body: Record<string, unknown>): number {
  const s = body.speed;
  if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s))
    throw new InvalidContent('"speed" must be a positive number');
  return s;
}

function configPatch(body: Record<string, unknown>): { pageSize?: number; tokenTtlSeconds?: number } {
  const patch: { pageSize?: number; tokenTtlSeconds?: number } = {};
  for (const k of ['pageSize', 'tokenTtlSeconds'] as const) {
    const val = body[k];
    if (val === undefined) continue;
    if (typeof val !== 'number' || !Number.isInteger(val) || val < 1)
      throw new InvalidContent(`"${k}" must be a positive integer`);
    patch[k] = val;
  }
  return patch;
}

function holdOf(body: Record<string, unknown>): { template: string; phase: string } {
  const { template, phase } = body;
  if (typeof template !== 'string' || typeof phase !== 'string')
    throw new InvalidContent('"template" (a template id) and "phase" are required');
  return { template, phase };
}

function downSecondsOf(body: Record<string, unknown>): number {
  const n = body.downSeconds ?? 0;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_DOWN_SECONDS)
    throw new InvalidContent(`"downSeconds" must be a number from 0 to ${MAX_DOWN_SECONDS}`);
  return n;
}

function scriptFaultOf(body: Record<string, unknown>): { template: string; exit: number } {
  const { template, exit } = body;
  if (typeof template !== 'string' || typeof exit !== 'number' || !Number.isInteger(exit) || exit === 0)
    throw new InvalidContent('"template" (a template id) and "exit" (a non-zero integer) are required');
  return { template, exit };
}

/** One entry per control operation (`METHOD /_local/…`); each returns the 200 response's body. */
const OPERATIONS: Record<string, Operation> = {
  'GET /_local/info': (deps) => deps.info(),
  'POST /_local/reset': async (deps) => {
    await deps.reset();
    return OK;
  },
  'POST /_local/seed': (deps, body) => {
    const opts = seedOptions(body);
    if (typeof opts === 'string') throw new InvalidContent(opts);
    return deps.seed(opts);
  },
  'POST /_local/time': (deps, body) => {
    deps.setSpeed(speedOf(body));
    return { speed: deps.speed() };
  },
  'POST /_local/config': (deps, body) => deps.configure(configPatch(body)),
  'POST /_local/hold': (deps, body) => {
    const { template, phase } = holdOf(body);
    deps.hold(template, phase);
    return OK;
  },
  'POST /_local/script-fault': (deps, body) => {
    const { template, exit } = scriptFaultOf(body);
    deps.failNextScript(template, exit);
    return OK;
  },
  'DELETE /_local/hold': (deps) => {
    deps.releaseHolds();
    return OK;
  },
  'POST /_local/faults': (deps, body) => {
    const added = deps.faults.add(body.rules);
    return { added, rules: deps.faults.list() };
  },
  'GET /_local/faults': (deps) => ({ rules: deps.faults.list() }),
  'DELETE /_local/faults': (deps) => {
    deps.faults.clear();
    return OK;
  },
  'GET /_local/mailbox': (deps, _body, req) => {
    const url = new URL(req.url ?? '/', 'https://local');
    return { messages: deps.mailbox.list(url.searchParams.get('to') ?? undefined) };
  },
  'DELETE /_local/mailbox': (deps) => {
    deps.mailbox.clear();
    return OK;
  },
  'POST /_local/restart': (deps, body, _req, res) => {
    const downSeconds = downSecondsOf(body);
    // The connection ends with this answer: local Azure is going down.
    res.setHeader('Connection', 'close');
    deps.restart(downSeconds, res);
    return { ok: true, downSeconds };
  },
};

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
    const operation = Object.hasOwn(OPERATIONS, route) ? OPERATIONS[route] : undefined;
    if (!operation) {
      reply(res, 404, { error: { code: 'NotFound', message: `No control operation ${route}.` } });
      return;
    }
    try {
      reply(res, 200, await operation(deps, body, req, res));
    } catch (e) {
      if (e instanceof InvalidContent)
        reply(res, 400, { error: { code: 'InvalidRequestContent', message: e.message } });
      else
        reply(res, 400, {
          error: { code: 'BadRequest', message: e instanceof Error ? e.message : String(e) },
        });
    }
  };
}
