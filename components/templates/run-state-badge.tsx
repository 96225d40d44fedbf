import type { ImageTemplateLastRunStatus } from '@azure/arm-imagebuilder';
import { STATE_LABELS, type StateFilter } from '@/lib/templates/model/list';
import { armText } from '@/components/ui/arm-text';
import { Badge, type Tone } from '@/components/ui/badge';

const LOOK: Record<StateFilter, { tone: Tone; icon: string }> = {
  Running: { tone: 'info', icon: '●' },
  Canceling: { tone: 'warning', icon: '◌' },
  Canceled: { tone: 'muted', icon: '⊘' },
  Succeeded: { tone: 'success', icon: '✓' },
  PartiallySucceeded: { tone: 'warning', icon: '◐' },
  Failed: { tone: 'danger', icon: '✕' },
  NotRun: { tone: 'neutral', icon: '○' },
};

/** The last run's state with its sub-state ("Running · Building"). */
export function RunStateBadge({ status }: { status: ImageTemplateLastRunStatus | undefined }) {
  // Any value ARM sends is shown as text; an unknown state under its own name.
  const state: string = status?.runState === undefined ? 'NotRun' : armText(status.runState);
  const known = Object.hasOwn(LOOK, state) ? (state as StateFilter) : undefined;
  const look = known
    ? { ...LOOK[known], label: STATE_LABELS[known] }
    : { tone: 'neutral' as Tone, label: state, icon: '•' };
  return (
    <Badge tone={look.tone} data-run-state={state}>
      <span aria-hidden className={state === 'Running' ? 'motion-safe:animate-pulse' : undefined}>
        {look.icon}
      </span>
      {look.label}
      {status?.runSubState && (state === 'Running' || state === 'Failed') ? (
        <span className="font-normal opacity-80">· {armText(status.runSubState)}</span>
      ) : null}
    </Badge>
  );
}
