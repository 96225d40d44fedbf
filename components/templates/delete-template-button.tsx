'use client';
// Delete: with imageTemplates/delete permission, never while a build runs. The confirmation names the
// staging resource group and its storage account (logs, VHDs) that Azure deletes with the template, and
// asks for the template's name.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { isTemplateBuilding } from '@/lib/aib/run-state';
import { toArmError } from '@/lib/azure/errors';
import { AIB_ACTIONS } from '@/lib/aib/actions';
import { permissionsAllow } from '@/lib/azure/rbac-actions';
import { resourcePermissionsQueryOptions } from '@/lib/azure/permissions-api';
import { useDeleteTemplate, useStagingStorage } from '@/lib/templates/api/delete-image-template';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

/** What Azure deletes with the template: the staging resource group and its storage accounts. */
function WhatGoes({ staging }: { staging: ReturnType<typeof useStagingStorage> }) {
  const stagingRg = staging.data?.resourceGroup;
  return (
    <>
      <p>Azure deletes the template and, with it:</p>
      {staging.isPending ? (
        <p>Looking up the staging resource group…</p>
      ) : stagingRg ? (
        <ul className="list-disc pl-5">
          <li>
            the staging resource group <strong className="break-all">{stagingRg}</strong> (or, if you supplied
            it, what Image Builder put in it),
          </li>
          {(staging.data?.storageAccounts ?? []).map((sa) => (
            <li key={sa}>
              its storage account <strong>{sa}</strong>, with the build logs and any VHDs it holds.
            </li>
          ))}
        </ul>
      ) : (
        <p>nothing else: the template has no staging resource group yet.</p>
      )}
      {staging.isError ? (
        <p>
          The staging resource group could not be read: <ArmErrorText error={toArmError(staging.error)} />
        </p>
      ) : null}
    </>
  );
}

export function DeleteTemplateButton({
  template,
  onDeleted,
}: {
  template: ImageTemplate;
  onDeleted: () => void;
}) {
  const perms = useQuery(resourcePermissionsQueryOptions(template.id ?? ''));
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const staging = useStagingStorage(template, open);
  const del = useDeleteTemplate(template, onDeleted);
  const name = template.name ?? '';
  const reason = isTemplateBuilding(template)
    ? 'A template cannot be deleted while a build runs.'
    : template.provisioningState === 'Deleting'
      ? 'The template is being deleted.'
      : perms.data && !permissionsAllow(perms.data, AIB_ACTIONS.delete)
        ? `You do not have permission to delete this template (${AIB_ACTIONS.delete}).`
        : !perms.data && !perms.isError
          ? 'Checking your permissions…'
          : undefined;
  return (
    <>
      <Button
        variant="ghost"
        className="text-red-800 dark:text-red-300"
        disabled={Boolean(reason)}
        title={reason}
        onClick={() => setOpen(true)}
      >
        Delete template
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          setTyped('');
        }}
        title={`Delete ${name}?`}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Keep it</Button>
            <Button variant="danger" disabled={typed !== name || del.pending} onClick={del.remove}>
              {del.pending ? 'Deleting…' : 'Delete template'}
            </Button>
          </>
        }
      >
        <div className="flex flex-col gap-3">
          <WhatGoes staging={staging} />
          <label htmlFor={inputId} className="font-medium">
            Type <strong>{name}</strong> to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
            className="h-9 rounded-md border border-slate-300 bg-white px-3 text-sm dark:border-slate-600 dark:bg-slate-900"
          />
          {del.error ? (
            <p role="alert" className="text-red-800 dark:text-red-300">
              <ArmErrorText error={del.error} />
            </p>
          ) : null}
        </div>
      </Dialog>
    </>
  );
}
