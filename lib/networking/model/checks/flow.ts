// The shared shape of the NSG checks: evaluate flows through the NSGs on both sides, summarise which rule
// decided, and offer one allow rule per NSG and direction, placed before every rule that blocks.
import type { NetworkSecurityGroup } from '@azure/arm-network';
import { type Fix, nsgRuleFix } from '../fixes';
import { nameOf } from '@/lib/azure/ids';
import {
  describeDecision,
  type Direction,
  evaluateFlow,
  type Flow,
  type FlowDecision,
  freePriority,
  type NsgDecision,
} from '../nsg';
import { type CheckId, type CheckResult, fail, pass, TITLES, warn } from './result';

export interface FlowSpec {
  label: string;
  flow: Flow;
}

function summarise(decisions: FlowDecision[]): string[] {
  const lines: string[] = [];
  for (const d of decisions) {
    const label = `port ${d.flow.port}`;
    for (const side of [d.outbound, d.inbound]) {
      if (side) lines.push(`${label}: ${describeDecision(side)}`);
    }
  }
  return lines;
}

export interface FixShape {
  name: string;
  /** Use the name as is (no -In/-Out suffix). */
  exactName?: boolean;
  /** The rule's description, for the ports it opens. */
  description: (ports: readonly string[]) => string;
  sources: string[];
  destinations: string[];
  /** Ports for the rule; default: the failing ports. */
  ports?: string[];
}

/** The NSG rule fixes for flows that are not fully allowed: one rule per NSG and direction. */
function ruleFixes(
  blocked: FlowDecision[],
  nsgs: { outbound?: NetworkSecurityGroup; inbound?: NetworkSecurityGroup },
  spec: FixShape,
): { fixes: Fix[]; impossible: string[] } {
  const fixes: Fix[] = [];
  const impossible: string[] = [];
  const sides: { key: 'outbound' | 'inbound'; direction: Direction }[] = [
    { key: 'outbound', direction: 'Outbound' },
    { key: 'inbound', direction: 'Inbound' },
  ];
  for (const { key, direction } of sides) {
    const nsg = nsgs[key];
    const failing = blocked.filter((d) => d[key] && d[key].outcome !== 'allow');
    if (!nsg?.id || failing.length === 0) continue;
    const ports = spec.ports ?? [...new Set(failing.map((d) => String(d.flow.port)))];
    // The new rule must come before every rule that denies (fully or partly) one of the failing flows.
    const blockers = failing.flatMap((d) => {
      const side = d[key] as NsgDecision;
      return [
        ...side.partialRules.filter((r) => r.access === 'Deny'),
        ...(side.decidingRule && side.decidingRule.access === 'Deny' ? [side.decidingRule] : []),
      ];
    });
    const before = Math.min(...blockers.map((r) => r.priority), 65500);
    const priority = freePriority(nsg, direction, before);
    const ruleName = spec.exactName ? spec.name : `${spec.name}-${direction === 'Inbound' ? 'In' : 'Out'}`;
    if (priority === null) {
      impossible.push(
        `NSG ${nsg.name ?? nameOf(nsg.id)} has no free priority before ${before}; add the rule by hand.`,
      );
      continue;
    }
    fixes.push(
      nsgRuleFix(nsg.id, {
        name: ruleName,
        description: spec.description(ports),
        direction,
        priority,
        sources: spec.sources,
        destinations: spec.destinations,
        ports,
      }),
    );
  }
  return { fixes, impossible };
}

export function flowCheck(
  id: CheckId,
  specs: FlowSpec[],
  nsgs: { outbound?: NetworkSecurityGroup; inbound?: NetworkSecurityGroup },
  fix: FixShape,
  passText: string,
  failText: (ports: string) => string,
): CheckResult {
  const title = TITLES[id];
  const decisions = specs.map((s) => evaluateFlow(s.flow, nsgs.outbound, nsgs.inbound));
  const details = summarise(decisions);
  const notAllowed = decisions.filter((d) => d.outcome !== 'allow');
  if (notAllowed.length === 0) return pass(id, title, passText, details);
  const ports = notAllowed.map((d) => d.flow.port).join(' and ');
  const { fixes, impossible } = ruleFixes(notAllowed, nsgs, fix);
  const extra: Partial<CheckResult> = { details };
  if (fixes.length) extra.fixes = fixes;
  if (impossible.length) extra.advice = impossible.join(' ');
  const onlyPartial = notAllowed.every((d) => d.outcome === 'partial');
  if (onlyPartial) {
    return warn(
      id,
      title,
      `${failText(ports)} — only partly: some addresses are allowed and some are not.`,
      extra,
    );
  }
  return fail(id, title, failText(ports), extra);
}
