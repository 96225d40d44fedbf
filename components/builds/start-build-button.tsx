'use client';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useId } from 'react';
import type { StartBuild } from '@/lib/builds/api/run-image-template';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';

/**
 * Start build (POST run, no confirmation). The hook is passed in so the page can share one instance
 * with the network section. Disabled with the reason shown (as text on the page, a tooltip on rows).
 */
export function StartBuildButton({
  build,
  template,
  compact = false,
}: {
  build: StartBuild;
  template: ImageTemplate;
  compact?: boolean;
}) {
  const reasonId = useId();
  const reason = build.disabledReason;
  return (
    <div className={cn('flex flex-col gap-1', compact ? 'items-end' : 'items-start')}>
      <Button
        variant="primary"
        size={compact ? 'sm' : 'md'}
        aria-disabled={reason ? true : undefined}
        disabled={Boolean(reason)}
        aria-describedby={reason ? reasonId : undefined}
        title={reason}
        onClick={build.start}
        onPointerEnter={build.intent}
        onFocus={build.intent}
        data-testid="start-build"
        aria-label={compact ? `Start build of ${template.name ?? 'template'}` : undefined}
      >
        {build.pending ? 'Starting…' : 'Start build'}
      </Button>
      {reason ? (
        <span
          id={reasonId}
          className={compact ? 'sr-only' : 'max-w-md text-xs text-slate-600 dark:text-slate-300'}
        >
          {reason}
        </span>
      ) : null}
      {build.error ? <StartOutcome error={build.error} /> : null}
    </div>
  );
}

/** What became of a start that failed (docs/reliability.md, exactly once): never a guess. */
function StartOutcome({ error }: { error: NonNullable<StartBuild['error']> }) {
  const note = 'max-w-md text-xs';
  if (error.readBack === 'checking')
    return (
      <p role="status" data-testid="start-outcome" className={note}>
        {error.alreadyRunning
          ? 'Resource Manager says a build is already running'
          : 'No answer from Resource Manager'}{' '}
        (<ArmErrorText error={error} />
        ). Reading the template to see whether the build started…
      </p>
    );
  if (error.alreadyRunning)
    return (
      <p role="status" data-testid="start-outcome" className={note}>
        A build of this template is already running; showing its progress. Resource Manager refused a second
        start (<code className="font-mono">{error.code}</code>): this one, if its answer was lost and the
        browser sent it again, or a build started elsewhere.
      </p>
    );
  if (error.readBack === 'done')
    return (
      <p role="status" data-testid="start-outcome" className={note}>
        The build started: Resource Manager’s answer was lost (<ArmErrorText error={error} />
        ), so Kiln read the template again, and the build is running.
      </p>
    );
  if (error.readBack === 'unknown')
    return (
      <p role="alert" data-testid="start-outcome" className={`${note} text-red-800 dark:text-red-300`}>
        Kiln cannot tell whether the build started: no answer from Resource Manager (
        <ArmErrorText error={error} />) and the template could not be read again. Look at its state before
        starting it again.
      </p>
    );
  return (
    <p role="alert" data-testid="start-outcome" className={`${note} text-red-800 dark:text-red-300`}>
      The build was not started: <ArmErrorText error={error} />
      {error.readBack === 'not-done'
        ? ' Kiln read the template again: no build is running, so starting it again is safe.'
        : null}
    </p>
  );
}
