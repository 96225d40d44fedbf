'use client';
// One fix for a failing check: shows the exact ARM change (method, path, api-version, JSON body) before
// making it, makes it once, and the checks re-run on fresh reads. When the signed-in user may not make
// it, says what to ask an administrator for instead.
import { useState } from 'react';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useApplyFix } from '@/lib/networking/api/apply-fix';
import type { FixPermission } from '@/lib/networking/api/fix-permissions';
import type { Fix, RequiredAction } from '@/lib/networking/model/fixes';

export function AskAdministrator({ missing }: { missing: RequiredAction[] }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="font-medium">You may not make this change. Ask an administrator for:</p>
      <ul className="mt-1 list-disc pl-5">
        {missing.map((m) => (
          <li key={`${m.action}|${m.scope}`}>
            <code className="font-mono">{m.action}</code> on{' '}
            <code className="font-mono break-all">{m.scope}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ArmChange({ fix }: { fix: Fix }) {
  return (
    <div className="flex flex-col gap-2">
      {fix.requests.map((r, i) => (
        <div key={i} className="flex flex-col gap-1">
          <p className="font-mono text-xs break-all">
            <span className="font-semibold">{r.method}</span> {r.path}?api-version={r.apiVersion}
          </p>
          <pre className="max-h-64 overflow-auto rounded-md bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-900 dark:bg-slate-950 dark:text-slate-100">
            {JSON.stringify(r.body, null, 2)}
          </pre>
        </div>
      ))}
    </div>
  );
}

export function FixButton({
  fix,
  permission,
  onDone,
}: {
  fix: Fix;
  permission: FixPermission;
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const apply = useApplyFix();
  const missing = permission.state === 'ok' ? permission.missing : [];
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        size="sm"
        onClick={() => {
          apply.reset();
          setOpen(true);
        }}
      >
        Fix: {fix.title}…
      </Button>
      {permission.state === 'ok' && missing.length > 0 ? <AskAdministrator missing={missing} /> : null}
      {permission.state === 'error' ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Kiln could not read your permissions ({permission.reason}); Azure will say if you may not.
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-xs text-emerald-800 dark:text-emerald-300">
          Change made; the checks ran again.
        </p>
      ) : null}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={fix.title}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{apply.isSuccess ? 'Close' : 'Cancel'}</Button>
            {apply.isSuccess ? null : (
              <Button
                variant="primary"
                disabled={apply.isPending || missing.length > 0}
                title={missing.length > 0 ? 'You may not make this change' : undefined}
                onClick={() =>
                  apply.mutate(fix, {
                    onSuccess: () => {
                      setDone(true);
                      setOpen(false);
                      onDone?.();
                    },
                  })
                }
              >
                {apply.isPending ? 'Making the change…' : 'Make this change'}
              </Button>
            )}
          </>
        }
      >
        <div className="flex flex-col gap-3">
          <p>{fix.summary}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">Kiln will send exactly this, once:</p>
          <ArmChange fix={fix} />
          {missing.length > 0 ? <AskAdministrator missing={missing} /> : null}
          {apply.isError ? (
            <div role="alert" className="text-sm text-red-800 dark:text-red-300">
              <p className="font-medium">The change was not made.</p>
              <ArmErrorText error={apply.error} />
            </div>
          ) : null}
        </div>
      </Dialog>
    </div>
  );
}
