import type { ReactNode } from 'react';
import type { ArmError } from '@/lib/azure/errors';
import { Button } from '@/components/ui/button';

/** ARM's code and message as plain text (names and messages may contain markup; React escapes it). */
export function ArmErrorText({ error }: { error: ArmError }) {
  return (
    <span className="break-words">
      <code className="rounded bg-red-100 px-1 font-mono text-xs text-red-900 dark:bg-red-900/40 dark:text-red-100">
        {error.code}
      </code>{' '}
      {error.message}
    </span>
  );
}

export function ErrorState({
  title,
  error,
  onRetry,
  children,
}: {
  title: string;
  error?: ArmError;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="flex flex-col items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
    >
      <p className="font-semibold">{title}</p>
      {error ? <ArmErrorText error={error} /> : null}
      {children}
      {onRetry ? (
        <Button size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700">
      <p className="text-base font-semibold">{title}</p>
      {children ? (
        <div className="max-w-xl text-sm text-slate-600 dark:text-slate-300">{children}</div>
      ) : null}
    </div>
  );
}

export function ShellLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="grid min-h-[50vh] place-items-center">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
        {label}
      </p>
    </div>
  );
}
