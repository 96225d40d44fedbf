'use client';
// "Apply and build": shows the change to vmProfile.vnetConfig as a before/after, says plainly that it
// changes the template for future builds too, PATCHes the whole vmProfile, waits for the update to
// finish, then starts the build. If the update fails nothing is started and the error is shown. The
// PATCH is the templates capability's (lib/templates/api/update-image-template.ts): the page hands it in.
import type { ImageTemplate, ImageTemplateUpdateParameters } from '@azure/arm-imagebuilder';
import { useQuery, type UseMutationResult } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { AIB_ACTIONS } from '@/lib/aib/actions';
import { permissionsAllow } from '@/lib/azure/rbac-actions';
import { resourcePermissionsQueryOptions } from '@/lib/azure/permissions-api';
import type { ArmError } from '@/lib/azure/errors';
import type { CheckResult } from '@/lib/networking/model/checks/result';
import { networkLayoutLabel } from '@/lib/aib/network-layout';
import {
  canChangeTemplate,
  choiceComplete,
  type NetworkChoice,
  vmProfilePatch,
  type VnetConfigDiff,
  vnetConfigDiff,
} from '@/lib/networking/model/layout';

/** VirtualMachineImageTemplates_Update, then wait: the templates capability's mutation, handed in by the page. */
export type TemplateUpdate = UseMutationResult<ImageTemplate, ArmError, ImageTemplateUpdateParameters>;

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        {label}
      </p>
      <pre className="max-h-56 overflow-auto rounded-md bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        {value === undefined ? '(no vnetConfig)' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

function StartedNote() {
  return (
    <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
      Template updated; the build was started.
    </p>
  );
}

/** The change Kiln is about to make, its consequence, failing checks, and the update's error. */
function ApplyDialogBody({
  id,
  diff,
  patch,
  failing,
  update,
}: {
  id: string;
  diff: VnetConfigDiff;
  patch: ImageTemplateUpdateParameters;
  failing: CheckResult[];
  update: TemplateUpdate;
}) {
  return (
    <div className="flex flex-col gap-3">
      <p>
        This changes the template’s <code className="font-mono">vmProfile.vnetConfig</code>:{' '}
        <strong>every future build of this template</strong> will use this network too, not only this one.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Json label="Before" value={diff.before} />
        <Json label="After" value={diff.after} />
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer select-none">
          The request Kiln sends (PATCH, whole vmProfile)
        </summary>
        <pre className="mt-1 max-h-48 overflow-auto rounded-md bg-slate-100 p-2 font-mono break-all whitespace-pre-wrap dark:bg-slate-950">
          {`PATCH ${id}\n${JSON.stringify(patch, null, 2)}`}
        </pre>
      </details>
      {failing.length > 0 ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          {failing.length === 1 ? 'One check fails' : `${failing.length} checks fail`} (
          {failing.map((f) => f.title).join('; ')}); the build will probably fail.
        </p>
      ) : null}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Kiln waits for the update to finish, then starts the build. If the update fails, nothing is started.
      </p>
      {update.isError ? (
        <div role="alert" className="text-sm text-red-800 dark:text-red-300">
          <p className="font-medium">The template was not updated and no build was started.</p>
          <ArmErrorText error={update.error} />
        </div>
      ) : null}
    </div>
  );
}

/** "Apply and build…", with what it switches (or why it cannot). */
function ApplyButton({
  disabledReason,
  diff,
  onOpen,
}: {
  disabledReason: string | undefined;
  diff: VnetConfigDiff;
  onOpen: () => void;
}) {
  const reasonId = useId();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="primary"
        disabled={Boolean(disabledReason)}
        aria-describedby={reasonId}
        onClick={onOpen}
      >
        Apply and build…
      </Button>
      <p id={reasonId} className="text-sm text-slate-600 dark:text-slate-400">
        {disabledReason ??
          `Switches the template from “${networkLayoutLabel(diff.layoutBefore)}” to “${networkLayoutLabel(diff.layoutAfter)}”.`}
      </p>
    </div>
  );
}

function ApplyDialogFooter({
  pending,
  disabled,
  onCancel,
  onApply,
}: {
  pending: boolean;
  disabled: boolean;
  onCancel: () => void;
  onApply: () => void;
}) {
  return (
    <>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button variant="primary" disabled={pending || disabled} onClick={onApply}>
        {pending ? 'Updating the template…' : 'Apply and build'}
      </Button>
    </>
  );
}

/** Why the build (or apply and build) cannot start now, if it cannot. */
function useDisabledReason(
  template: ImageTemplate,
  choice: NetworkChoice,
  diff: VnetConfigDiff,
  startBuildDisabledReason: string | undefined,
): string | undefined {
  const id = template.id ?? '';
  const perms = useQuery({ ...resourcePermissionsQueryOptions(id), enabled: id !== '' });
  const block = canChangeTemplate(template);
  const complete = choiceComplete(choice);
  const mayWrite = perms.data ? permissionsAllow(perms.data, AIB_ACTIONS.write) : true;

  if (!complete) return 'Choose the subnets first.';
  else if (diff.changed && !block.ok) return block.reason;
  else if (diff.changed && !mayWrite) return `You may not change this template (needs ${AIB_ACTIONS.write}).`;
  else if (startBuildDisabledReason) return startBuildDisabledReason;
  return undefined;
}

/** The template already has this network: building changes nothing. */
function BuildAsIs({
  disabledReason,
  started,
  onStartBuild,
}: {
  disabledReason: string | undefined;
  started: boolean;
  onStartBuild: () => void;
}) {
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="primary" disabled={Boolean(disabledReason)} onClick={() => onStartBuild()}>
          Start build
        </Button>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {disabledReason ?? 'This is the template’s current network; building does not change the template.'}
        </p>
      </div>
      {started ? <StartedNote /> : null}
    </div>
  );
}

export function ApplyAndBuild({
  template,
  choice,
  results,
  onStartBuild,
  startBuildDisabledReason,
  update,
}: {
  template: ImageTemplate;
  choice: NetworkChoice;
  results: CheckResult[];
  onStartBuild: () => void;
  startBuildDisabledReason?: string;
  update: TemplateUpdate;
}) {
  const id = template.id ?? '';
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState(false);
  const startRef = useRef(onStartBuild);
  useEffect(() => {
    startRef.current = onStartBuild;
  }, [onStartBuild]);

  const diff = vnetConfigDiff(template, choice);
  const disabledReason = useDisabledReason(template, choice, diff, startBuildDisabledReason);

  // While the dialog is open it stays, even when the template read meanwhile already has the new
  // network (the update landed before its answer): its outcome is shown there.
  if (!diff.changed && choiceComplete(choice) && !open) {
    return <BuildAsIs disabledReason={disabledReason} started={started} onStartBuild={onStartBuild} />;
  }

  const patch = vmProfilePatch(template, choice);
  return (
    <div className="flex flex-col gap-2">
      <ApplyButton
        disabledReason={disabledReason}
        diff={diff}
        onOpen={() => {
          update.reset();
          setStarted(false);
          setOpen(true);
        }}
      />
      {started ? <StartedNote /> : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Apply the network and build"
        footer={
          <ApplyDialogFooter
            pending={update.isPending}
            disabled={Boolean(disabledReason)}
            onCancel={() => setOpen(false)}
            onApply={() =>
              update.mutate(patch, {
                onSuccess: () => {
                  setOpen(false);
                  setStarted(true);
                  startRef.current();
                },
              })
            }
          />
        }
      >
        <ApplyDialogBody
          id={id}
          diff={diff}
          patch={patch}
          failing={results.filter((r) => r.status === 'fail')}
          update={update}
        />
      </Dialog>
    </div>
  );
}
