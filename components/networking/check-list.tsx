'use client';
// The checks for one network choice: status (pass / fail / warning / cannot verify), the reason in plain
// words, the details (which NSG rule, which role), and the fixes or what to ask an administrator for.
import { useEffect } from 'react';
import { cn } from '@/components/ui/cn';
import { type FixPermission, useFixPermissions } from '@/lib/networking/api/fix-permissions';
import type { CheckResult } from '@/lib/networking/model/checks/result';
import type { Fix } from '@/lib/networking/model/fixes';
import { FixButton } from './fix-button';

/** Anchor prefix of the current network's checks (NetworkCheckBadge links there). */
export const CURRENT_CHECKS_PREFIX = 'build-network-current';

export function checkAnchorId(prefix: string, id: string): string {
  return `${prefix}-check-${id}`;
}

const STATUS: Record<string, { label: string; icon: string; className: string }> = {
  pass: {
    label: 'Pass',
    icon: '✓',
    className:
      'text-emerald-800 bg-emerald-50 ring-emerald-300 dark:text-emerald-200 dark:bg-emerald-950 dark:ring-emerald-700',
  },
  fail: {
    label: 'Fail',
    icon: '✕',
    className: 'text-red-800 bg-red-50 ring-red-300 dark:text-red-200 dark:bg-red-950 dark:ring-red-700',
  },
  warning: {
    label: 'Warning',
    icon: '!',
    className:
      'text-amber-900 bg-amber-50 ring-amber-300 dark:text-amber-200 dark:bg-amber-950 dark:ring-amber-700',
  },
  unverified: {
    label: 'Cannot verify',
    icon: '?',
    className:
      'text-amber-900 bg-amber-50 ring-amber-300 dark:text-amber-200 dark:bg-amber-950 dark:ring-amber-700',
  },
  pending: {
    label: 'Checking',
    icon: '…',
    className:
      'text-slate-700 bg-slate-50 ring-slate-300 dark:text-slate-300 dark:bg-slate-900 dark:ring-slate-600',
  },
};

function statusKey(r: CheckResult): keyof typeof STATUS {
  if (r.cannotVerify && r.status === 'warning') return 'unverified';
  return r.status;
}

export function StatusPill({ result }: { result: CheckResult }) {
  const s = STATUS[statusKey(result)] ?? STATUS.pending;
  return (
    <span
      className={cn(
        'inline-flex w-28 shrink-0 items-center justify-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset',
        s?.className,
      )}
    >
      <span aria-hidden>{s?.icon}</span>
      {s?.label}
    </span>
  );
}

function CheckItem({
  result,
  anchor,
  fixPermissions,
}: {
  result: CheckResult;
  anchor: string;
  fixPermissions: Map<Fix, FixPermission>;
}) {
  const open = result.status === 'fail' || result.status === 'warning';
  return (
    <li
      id={anchor}
      tabIndex={-1}
      className="scroll-mt-24 rounded-md p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-500 target:bg-amber-50/60 dark:target:bg-amber-950/30"
    >
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:gap-3">
        <StatusPill result={result} />
        <div className="flex min-w-0 flex-col gap-1">
          <p className="text-sm font-medium">{result.title}</p>
          <p className="text-sm text-slate-700 dark:text-slate-300">{result.reason}</p>
          {result.advice ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">{result.advice}</p>
          ) : null}
          {result.details?.length ? (
            <details
              open={open && result.id.startsWith('nsg')}
              className="text-xs text-slate-600 dark:text-slate-400"
            >
              <summary className="cursor-pointer select-none">Details</summary>
              <ul className="mt-1 list-disc pl-5">
                {result.details.map((d, i) => (
                  <li key={i} className="break-words">
                    {d}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {result.fixes?.length ? (
            <div className="mt-1 flex flex-col gap-2">
              {result.fixes.map((f, i) => (
                <FixButton key={i} fix={f} permission={fixPermissions.get(f) ?? { state: 'loading' }} />
              ))}
            </div>
          ) : null}
        </div>
      </div>
    </li>
  );
}

export function CheckList({
  results,
  vnetId,
  anchorPrefix,
  label,
}: {
  results: CheckResult[];
  vnetId: string | undefined;
  anchorPrefix: string;
  label: string;
}) {
  const fixes = results.flatMap((r) => r.fixes ?? []);
  const perms = useFixPermissions(fixes, vnetId ?? '/subscriptions/none');
  const byFix = new Map(fixes.map((f, i) => [f, perms[i] ?? ({ state: 'loading' } as const)]));
  const pending = results.filter((r) => r.status === 'pending').length;
  const failing = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warning').length;

  // The badge next to Start build links here: focus the check it names.
  useEffect(() => {
    const focusHash = () => {
      const id = window.location.hash.slice(1);
      if (!id.startsWith(`${anchorPrefix}-check-`)) return;
      const el = document.getElementById(id);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus();
      }
    };
    focusHash();
    window.addEventListener('hashchange', focusHash);
    return () => window.removeEventListener('hashchange', focusHash);
  }, [anchorPrefix]);

  return (
    <div className="flex flex-col gap-2">
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {pending > 0
          ? `Checking… (${results.length - pending} of ${results.length} done)`
          : failing + warnings === 0
            ? 'All checks pass.'
            : `${failing} failing, ${warnings} to look at, ${results.length - failing - warnings} passing.`}
      </p>
      <ul aria-label={label} className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800">
        {results.map((r) => (
          <CheckItem
            key={r.id}
            result={r}
            anchor={checkAnchorId(anchorPrefix, r.id)}
            fixPermissions={byFix}
          />
        ))}
      </ul>
    </div>
  );
}
