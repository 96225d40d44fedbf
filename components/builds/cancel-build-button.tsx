'use client';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useState } from 'react';
import { type CancelBuild, useCancelBuild } from '@/lib/builds/api/cancel-image-template';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

/** Cancel build, after a confirmation; the page then follows Canceling → Canceled. */
export function CancelBuildButton({ template }: { template: ImageTemplate }) {
  const c = useCancelBuild(template);
  const [open, setOpen] = useState(false);
  const running = template.lastRunStatus?.runState === 'Running';
  if (!running && !c.pending && !c.error) return null;
  return (
    <>
      <Button
        variant="secondary"
        disabled={Boolean(c.disabledReason)}
        title={c.disabledReason}
        onClick={() => setOpen(true)}
      >
        {c.pending ? 'Canceling…' : 'Cancel build'}
      </Button>
      {c.error ? <CancelOutcome error={c.error} /> : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Cancel this build?"
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Keep building</Button>
            <Button
              variant="danger"
              onClick={() => {
                setOpen(false);
                c.cancel();
              }}
            >
              Cancel build
            </Button>
          </>
        }
      >
        <p>
          Image Builder stops the running build of <strong>{template.name}</strong> and cleans up its
          temporary resources. A build canceled while distributing can leave partial images to remove.
        </p>
      </Dialog>
    </>
  );
}

/** What became of a cancel that failed (docs/reliability.md, exactly once): never a guess. */
function CancelOutcome({ error }: { error: NonNullable<CancelBuild['error']> }) {
  if (error.readBack === 'checking')
    return (
      <p role="status" data-testid="cancel-outcome" className="text-xs">
        No answer from Resource Manager (<ArmErrorText error={error} />
        ). Reading the template to see whether the build is being canceled…
      </p>
    );
  if (error.readBack === 'done')
    return (
      <p role="status" data-testid="cancel-outcome" className="text-xs">
        The build is being canceled: Kiln read the template again after{' '}
        {error.status === 409 ? 'Resource Manager refused a second cancel' : 'the answer was lost'} (
        <ArmErrorText error={error} />
        ).
      </p>
    );
  return (
    <p role="alert" data-testid="cancel-outcome" className="text-xs text-red-800 dark:text-red-300">
      {error.readBack === 'unknown' ? (
        <>
          Kiln cannot tell whether the build is being canceled: no answer from Resource Manager (
          <ArmErrorText error={error} />) and the template could not be read again.
        </>
      ) : (
        <>
          The build was not canceled: <ArmErrorText error={error} />
          {error.readBack === 'not-done'
            ? ' Kiln read the template again: the build is still running.'
            : null}
        </>
      )}
    </p>
  );
}
