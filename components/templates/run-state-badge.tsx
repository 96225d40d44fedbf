import type { ImageTemplateLastRunStatus } from '@azure/arm-imagebuilder';
import { Badge, type Tone } from '@/components/ui/badge';

const LOOK: Record<string, { tone: Tone; label: string; icon: string }> = {
  Running: { tone: 'info', label: 'Running', icon: '●' },
  Canceling: { tone: 'warning', label: 'Canceling', icon: '◌' },
  Canceled: { tone: 'muted', label: 'Canceled', icon: '⊘' },
  Succeeded: { tone: 'success', label: 'Succeeded', icon: '✓' },
  PartiallySucceeded: { tone: 'warning', label: 'Partially succeeded', icon: '◐' },
  Failed: { tone: 'danger', label: 'Failed', icon: '✕' },
  NotRun: { tone: 'neutral', label: 'Never built', icon: '○' },
};

/** The last run's state with its sub-state ("Running · Building"). */
export function RunStateBadge({ status }: { status: ImageTemplateLastRunStatus | undefined }) {
  const state = status?.runState ?? 'NotRun';
  const look = LOOK[state] ?? { tone: 'neutral' as Tone, label: state, icon: '•' };
  return (
    <Badge tone={look.tone} data-run-state={state}>
      <span aria-hidden className={state === 'Running' ? 'animate-pulse' : undefined}>
        {look.icon}
      </span>
      {look.label}
      {status?.runSubState && (state === 'Running' || state === 'Failed') ? (
        <span className="font-normal opacity-80">· {status.runSubState}</span>
      ) : null}
    </Badge>
  );
}
