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
      {build.error ? (
        <p role="alert" className="max-w-md text-xs text-red-800 dark:text-red-300">
          {build.error.alreadyRunning ? (
            <>A build of this template is already running (started elsewhere); showing its progress.</>
          ) : (
            <>
              The build was not started: <ArmErrorText error={build.error} />
            </>
          )}
        </p>
      ) : null}
    </div>
  );
}
