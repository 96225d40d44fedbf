import type { ImageTemplateLastRunStatus } from '@azure/arm-imagebuilder';
import { armText } from '@/components/ui/arm-text';
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
  // Any value ARM sends is shown as text; an unknown state under its own name.
  const state = status?.runState === undefined ? 'NotRun' : armText(status.runState);
  const look = (Object.hasOwn(LOOK, state) ? LOOK[state] : undefined) ?? {
    tone: 'neutral' as Tone,
    label: state,
    icon: '•',
  };
  return (
    <Badge tone={look.tone} data-run-state={state}>
      <span aria-hidden className={state === 'Running' ? 'animate-pulse' : undefined}>
        {look.icon}
      </span>
      {look.label}
      {status?.runSubState && (state === 'Running' || state === 'Failed') ? (
        <span className="font-normal opacity-80">· {armText(status.runSubState)}</span>
      ) : null}
    </Badge>
  );
}
