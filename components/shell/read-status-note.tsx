'use client';
// A polled view's freshness in words (docs/reliability.md): "Last updated 12:01:03"; after a failed
// refresh "Could not refresh … retrying in 8 s" above the last good data (never instead of it); and, when
// a read has waited more than SLOW_READ_MS for an answer, plainly when Kiln last heard from Azure.
import { clockTime } from '@/lib/format';
import type { ReadStatus } from '@/lib/query/read-status';
import { Button } from '@/components/ui/button';
import { useNow } from '@/components/ui/use-now';

/**
 * How long a read may wait for Resource Manager before the view says it has no answer. Counted from the
 * read under way, not from the last answer: a busy browser that polls late, or a tab that was hidden
 * (nothing is read then), is not Azure being silent.
 */
export const SLOW_READ_MS = 5000;

function seconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

export function ReadStatusNote({
  status,
  polling,
  what,
  onRetry,
}: {
  status: ReadStatus;
  /** The view is being kept up to date (a running build); staleness matters only then. */
  polling: boolean;
  /** What is refreshed, e.g. "the build status". */
  what: string;
  onRetry?: () => void;
}) {
  const now = useNow(1000);
  const { heardAt, failures, error, retryAt, fetching, askedAt } = status;
  const last = heardAt ? `Last updated ${clockTime(heardAt)}` : 'Not read yet';
  if (failures > 0 && error) {
    const wait = retryAt !== undefined ? retryAt - now : undefined;
    return (
      <div
        role="status"
        data-testid="refresh-problem"
        className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
      >
        <span className="min-w-0 break-words">
          Could not refresh {what}
          {failures > 1 ? ` (${failures} tries in a row)` : ''}:{' '}
          <code className="font-mono text-xs">{error.code}</code> {error.message}{' '}
          {fetching || wait === undefined || wait <= 0
            ? wait === undefined && !fetching
              ? 'Not retrying by itself.'
              : 'Retrying now…'
            : `Retrying in ${seconds(wait)}.`}{' '}
          {last}.
        </span>
        {onRetry ? (
          <Button size="sm" onClick={onRetry} disabled={fetching}>
            Refresh now
          </Button>
        ) : null}
      </div>
    );
  }
  // askedAt is set only while a read is under way (useReadStatus).
  const waited = askedAt !== undefined ? now - askedAt : 0;
  if (polling && heardAt && waited > SLOW_READ_MS) {
    // In place of the "Last updated" line, on one line of the same height: nothing below it moves.
    return (
      <p
        role="status"
        data-testid="azure-silent"
        className="text-xs font-medium text-amber-800 tabular-nums dark:text-amber-300"
      >
        No answer from Azure for {seconds(waited)}: what you see is from {clockTime(heardAt)} and may be out
        of date.
      </p>
    );
  }
  if (!polling) return null;
  // Shown from the first render of a polled view (from the cache, before its first answer), so the
  // line is there already when the answer comes and nothing below it moves.
  return (
    <p
      data-testid={heardAt ? 'last-heard' : undefined}
      className="text-xs text-slate-600 tabular-nums dark:text-slate-300"
    >
      {heardAt ? last : 'Reading…'}
    </p>
  );
}
