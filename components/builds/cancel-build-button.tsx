'use client';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useState } from 'react';
import { useCancelBuild } from '@/lib/builds/api/cancel-image-template';
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
      {c.error ? (
        <p role="alert" className="text-xs text-red-800 dark:text-red-300">
          The build was not canceled: <ArmErrorText error={c.error} />
        </p>
      ) : null}
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
