'use client';
// Cleaning up an orphaned staging group: the dialog lists what the group holds, asks for the group's
// name, sends the delete once, and stays until ARM has finished. A user who may not delete is told
// which role to ask for instead.
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DELETE_GROUP_ROLE, useCanDeleteGroup, useDeleteGroup } from '@/lib/estate/api/delete-resource-group';
import type { Leftover } from '@/lib/estate/model/leftovers';

export function CleanUpButton({ leftover }: { leftover: Leftover }) {
  const [open, setOpen] = useState(false);
  const groupId = leftover.deletableGroupId ?? '';
  const can = useCanDeleteGroup(groupId);
  if (can.allowed === false) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        You may not delete this group. Ask for {DELETE_GROUP_ROLE}.
      </p>
    );
  }
  return (
    <>
      <Button
        size="sm"
        variant="danger"
        className="self-start"
        disabled={can.allowed === undefined}
        onClick={() => setOpen(true)}
      >
        Clean up…
      </Button>
      {open ? <CleanUpDialog leftover={leftover} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function CleanUpDialog({ leftover, onClose }: { leftover: Leftover; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const del = useDeleteGroup(leftover.deletableGroupId ?? '');
  const matches = typed === leftover.name;
  return (
    <Dialog
      open
      onClose={del.pending ? () => undefined : onClose}
      title={`Delete resource group ${leftover.name}?`}
      footer={
        <>
          <Button onClick={onClose} disabled={del.pending}>
            {del.done ? 'Close' : 'Cancel'}
          </Button>
          {del.done ? null : (
            <Button variant="danger" disabled={!matches || del.pending} onClick={del.send}>
              {del.pending ? 'Deleting…' : 'Delete resource group'}
            </Button>
          )}
        </>
      }
    >
      <p>{leftover.why}</p>
      <p className="mt-2 font-medium">
        It holds{' '}
        {leftover.contents.length === 0
          ? 'nothing'
          : `${leftover.contents.length} resource${leftover.contents.length === 1 ? '' : 's'}`}
        :
      </p>
      <ul aria-label="Contents" className="mt-1 list-disc pl-5">
        {leftover.contents.map((c) => (
          <li key={c.id}>
            <span className="font-mono">{c.name}</span>{' '}
            <span className="text-slate-600 dark:text-slate-300">({c.type})</span>
          </li>
        ))}
      </ul>
      {del.done ? (
        <p role="status" className="mt-3 font-medium">
          Resource Manager deleted {leftover.name}.
        </p>
      ) : (
        <label className="mt-3 flex flex-col gap-1">
          Type the group’s name to confirm
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            disabled={del.pending}
            className="rounded border border-slate-300 px-2 py-1 font-mono dark:border-slate-600 dark:bg-slate-950"
          />
        </label>
      )}
      {del.error ? (
        <p role="alert" className="mt-3 text-red-700 dark:text-red-300">
          {del.error.code}: {del.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
