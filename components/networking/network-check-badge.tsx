'use client';
// Warning badge next to "Start build": runs the checks for the template's current network; renders
// nothing while every check passes (or is still running); otherwise links to the first failing check.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useSectionTabs } from '@/components/shell/section-tabs';
import { cn } from '@/components/ui/cn';
import { TONES } from '@/components/ui/badge';
import { useNetworkChecks } from '@/lib/networking/api/network-checks';
import { failingChecks } from '@/lib/networking/model/checks/run-checks';
import { checkAnchorId, CURRENT_CHECKS_PREFIX } from './check-list';

/** The template page's section that holds the network checks. */
export const NETWORK_SECTION = 'network';

export interface NetworkCheckBadgeProps {
  template: ImageTemplate;
}

export function NetworkCheckBadge({ template }: NetworkCheckBadgeProps) {
  const { results } = useNetworkChecks(template);
  const sections = useSectionTabs();
  const failing = failingChecks(results);
  const first = failing[0];
  if (!first) return null;
  const fails = failing.filter((r) => r.status === 'fail').length;
  const text =
    fails > 0
      ? `${fails} network check${fails === 1 ? '' : 's'} failing`
      : `${failing.length} network check${failing.length === 1 ? '' : 's'} to look at`;
  const anchor = checkAnchorId(CURRENT_CHECKS_PREFIX, first.id);
  return (
    <a
      href={`?section=${NETWORK_SECTION}#${anchor}`}
      title={`${first.title}: ${first.reason}`}
      aria-label={`${text}: ${first.title}. Show the check.`}
      onClick={(e) => {
        // The check lives in the page's "Build network" section, which may not be the one shown.
        e.preventDefault();
        sections.show(NETWORK_SECTION, anchor);
      }}
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset hover:underline focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none',
        TONES.warning,
      )}
    >
      <span aria-hidden>⚠</span>
      {text}
    </a>
  );
}
