// Fault injection for ARM requests (POST/DELETE /_local/faults): status codes with Retry-After,
// latency, dropped connections, by method, path pattern and calling page, a number of times or with a
// probability.

export interface FaultRule {
  /** HTTP method, or '*' / absent for any. */
  method?: string;
  /** Regular expression tested against the path (and against path + '?' + query). */
  path: string;
  /**
   * Only requests a web page of this origin sent (its `Origin` header, compared case-insensitively),
   * e.g. the app's reads from the browser and not its server's reads of the same resource.
   */
  origin?: string;
  status?: number;
  /** Seconds, or an HTTP date. */
  retryAfter?: number | string;
  latencyMs?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /**
   * Act after local ARM has carried the request out (it took effect: a build started, a template
   * patched), on its answer: `drop` closes the connection instead of answering, `status` answers that
   * error instead, `latencyMs` delays the answer, `nextLink` rewrites a list page's next link. Without
   * it, a rule acts before routing (the request never reaches ARM).
   */
  after?: boolean;
  /**
   * With `after`: a list page's `nextLink` becomes this URL, or the request's own URL for `"self"` (a
   * paging loop).
   */
  nextLink?: string;
  /** Apply this many times (default: every time). */
  count?: number;
  /** Apply with this probability (0..1). */
  probability?: number;
  /** Error code for the envelope (default from the status). */
  code?: string;
  message?: string;
}

interface Active {
  rule: FaultRule;
  re: RegExp;
  left: number;
}

export interface FaultDecision {
  rule: FaultRule;
}

export const DEFAULT_FAULT_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'AuthenticationFailed',
  403: 'AuthorizationFailed',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export class Faults {
  private rules: Active[] = [];

  /** Validates and adds rules; throws Error with a readable message on a bad rule. */
  add(rules: unknown): number {
    if (!Array.isArray(rules)) throw new Error('rules must be an array');
    const parsed: Active[] = [];
    for (const r of rules as unknown[]) {
      if (typeof r !== 'object' || r === null) throw new Error('each rule must be an object');
      const rule = r as FaultRule;
      if (typeof rule.path !== 'string') throw new Error('each rule needs a "path" (a regular expression)');
      if (rule.origin !== undefined && typeof rule.origin !== 'string')
        throw new Error('"origin" must be a string (an origin such as https://app.example)');
      if (
        rule.status === undefined &&
        !rule.drop &&
        rule.latencyMs === undefined &&
        rule.nextLink === undefined
      ) {
        throw new Error('each rule needs "status", "drop", "latencyMs" or "nextLink"');
      }
      if (rule.after !== undefined && typeof rule.after !== 'boolean')
        throw new Error('"after" must be true or false');
      if (rule.nextLink !== undefined && (typeof rule.nextLink !== 'string' || rule.after !== true)) {
        throw new Error('"nextLink" is a string and needs "after": true (it rewrites an answer)');
      }
      let re: RegExp;
      try {
        re = new RegExp(rule.path, 'i');
      } catch {
        throw new Error(`invalid path regex: ${rule.path}`);
      }
      parsed.push({ rule, re, left: typeof rule.count === 'number' ? rule.count : Number.POSITIVE_INFINITY });
    }
    this.rules.push(...parsed);
    return parsed.length;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((a) => a.rule);
  }

  /**
   * The first rule that applies to this request (consuming one of its counts), if any. `origin`: the
   * request's `Origin` header, absent for tools and servers.
   */
  match(method: string, path: string, search: string, origin?: string): FaultDecision | undefined {
    for (const a of this.rules) {
      if (a.left <= 0) continue;
      const m = a.rule.method;
      if (m && m !== '*' && m.toUpperCase() !== method.toUpperCase()) continue;
      if (a.rule.origin !== undefined && a.rule.origin.toLowerCase() !== origin?.toLowerCase()) continue;
      if (!a.re.test(path) && !a.re.test(path + search)) continue;
      if (typeof a.rule.probability === 'number' && Math.random() >= a.rule.probability) continue;
      a.left -= 1;
      return { rule: a.rule };
    }
    return undefined;
  }
}
