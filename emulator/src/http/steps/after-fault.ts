// Faults on the way out (a rule with `after`, see faults.ts): local ARM has carried the request out — a
// build started, a template patched, the activity log written — and only the answer is lost, late, an
// error or rewritten. This is the case a client must not resend blindly: the request reached ARM.
import { ArmError } from '../../core/errors.ts';
import type { ArmResponse } from '../../core/types.ts';
import { DEFAULT_FAULT_CODES, type FaultRule } from '../faults.ts';
import { commonHeaders, send, type Exchange } from '../exchange.ts';
import { answer, recordAnswer } from './envelope.ts';

function withNextLink(x: Exchange, response: ArmResponse, nextLink: string): ArmResponse {
  const body = response.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return response;
  const self = `${x.deps.endpoint().replace(/\/+$/, '')}${x.url.pathname}${x.url.search}`;
  return { ...response, body: { ...body, nextLink: nextLink === 'self' ? self : nextLink } };
}

/** Answers `response` as the `after` rule says. */
export async function answerWithFault(x: Exchange, response: ArmResponse, rule: FaultRule): Promise<void> {
  if (rule.latencyMs) await new Promise((ok) => setTimeout(ok, rule.latencyMs));
  if (rule.drop) {
    recordAnswer(x, response);
    x.req.socket.destroy();
    return;
  }
  if (rule.status !== undefined) {
    recordAnswer(x, response);
    const code = rule.code ?? DEFAULT_FAULT_CODES[rule.status] ?? 'InjectedFault';
    const err = new ArmError(rule.status, code, rule.message ?? `Injected fault: ${rule.status} ${code}.`);
    const h = commonHeaders(x);
    if (rule.retryAfter !== undefined) h['Retry-After'] = String(rule.retryAfter);
    send(x.res, rule.status, err.toBody(), h);
    return;
  }
  answer(x, rule.nextLink !== undefined ? withNextLink(x, response, rule.nextLink) : response);
}
