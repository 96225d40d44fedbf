'use client';
// The build log beside the diagram: the container instance's log while the build runs (live tail), the
// blob `customization.log` after it, split into customizer sections with errors marked.
import { memo, useEffect, useRef, useState } from 'react';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { type LogLine, type LogSection, type ParsedLog } from '@/lib/logs/model/parse';
import { ReadStatusNote } from '@/components/shell/read-status-note';
import { ErrorState } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useBuildLog, type BuildLog } from './use-build-log';

const SECTION_TONE = { running: 'info', done: 'success', failed: 'danger' } as const;

const Line = memo(function Line({ l }: { l: LogLine }) {
  return (
    <div
      className={`grid grid-cols-[3.5rem_1fr] gap-2 px-2 ${l.error ? 'bg-red-100 text-red-900 dark:bg-red-950/60 dark:text-red-100' : l.stream === 'err' ? 'text-amber-800 dark:text-amber-200' : ''}`}
      data-error={l.error || undefined}
    >
      <span className="text-right text-slate-600 select-none dark:text-slate-400">{l.n}</span>
      <span className="break-all whitespace-pre-wrap">{l.message}</span>
    </div>
  );
});

function Section({ s, open }: { s: LogSection; open: boolean }) {
  return (
    <details
      open={open}
      className="border-b border-slate-200 dark:border-slate-800"
      data-testid="log-section"
      data-kind={s.kind}
    >
      <summary className="flex cursor-pointer items-center gap-2 bg-slate-100 px-2 py-1 text-xs font-medium dark:bg-slate-800">
        <span className="truncate">{s.kind === 'customizer' ? `Customizer: ${s.title}` : s.title}</span>
        <Badge tone={SECTION_TONE[s.status]}>{s.status}</Badge>
        <span className="ml-auto text-[10px] text-slate-600 dark:text-slate-400">{s.lines.length} lines</span>
      </summary>
      <div className="font-mono text-[11px] leading-4">
        {s.lines.map((l) => (
          <Line key={l.n} l={l} />
        ))}
      </div>
    </details>
  );
}

/** Why there are no lines to show (yet), or that the live log's refresh failed. */
function LogMessage({ log }: { log: BuildLog }) {
  const { status, running, finished, live, liveStatus, blob } = log;
  if (!status)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No build has run yet; the log appears when one starts.
      </p>
    );
  if (running && live.isError)
    // The log read so far stays; the note says the refresh failed and when it is tried again.
    return (
      <ReadStatusNote status={liveStatus} polling what="the live log" onRetry={() => void live.refetch()} />
    );
  if (running && live.data?.kind === 'none')
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
        {live.data.reason}
      </p>
    );
  if (finished && blob.data?.kind === 'problem')
    return (
      <ErrorState title="The build log could not be read." onRetry={() => void blob.refetch()}>
        <p>
          <code className="font-mono text-xs">{blob.data.code}</code> {blob.data.message}
        </p>
      </ErrorState>
    );
  if (finished && blob.isError)
    return (
      <ErrorState title="The build log could not be read." onRetry={() => void blob.refetch()}>
        <p>{blob.error.message}</p>
      </ErrorState>
    );
  if ((running && live.isPending) || (finished && blob.isPending))
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Reading the log…
      </p>
    );
  return null;
}

/** Where the log comes from, how much of it there is, and (while the build runs) following its end. */
function LogToolbar({
  log,
  follow,
  onToggleFollow,
}: {
  log: BuildLog;
  follow: boolean;
  onToggleFollow: () => void;
}) {
  const { source, blob, parsed, running } = log;
  return (
    // Two rows of fixed height, drawn before the log is read: the source badge and the counts arrive
    // with the first read and must not push the log down when they do.
    <div className="flex flex-col gap-1 text-xs">
      <div className="flex min-h-8 flex-wrap items-center gap-2">
        {source?.kind === 'live' ? <Badge tone="info">Live — container instance log</Badge> : null}
        {source?.kind === 'blob' ? (
          <Badge tone="neutral">
            packerlogs/{blob.data?.kind === 'ok' ? blob.data.run : ''}/customization.log
          </Badge>
        ) : null}
        {blob.data?.kind === 'ok' && blob.data.truncated ? (
          <Badge tone="warning">showing the last 4 MB</Badge>
        ) : null}
        {running ? (
          <Button size="sm" variant="ghost" className="ml-auto" onClick={onToggleFollow}>
            {follow ? 'Stop following' : 'Follow'}
          </Button>
        ) : null}
      </div>
      <p className="min-h-4 truncate text-slate-600 dark:text-slate-400">
        {parsed
          ? `${parsed.lines.length} lines · ${parsed.sections.filter((s) => s.kind === 'customizer').length} customizers · ${parsed.errors.length} errors`
          : null}
      </p>
    </div>
  );
}

/** The first errors of the log, above it. */
function LogErrors({ parsed }: { parsed: ParsedLog }) {
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-2 text-xs text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
    >
      <p className="font-semibold">Errors in the log</p>
      <ul className="font-mono">
        {parsed.errors.slice(0, 5).map((e) => (
          <li key={e.n} className="break-all">
            {e.n}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function BuildLogView({ template }: { template: ImageTemplate }) {
  const log = useBuildLog(template);
  const { box, running, source, parsed } = log;
  const [follow, setFollow] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);

  // Following: scrolled to the end in the next frame, where the browser lays the new lines out anyway;
  // reading scrollHeight inside the commit forced that layout in the middle of React's work instead.
  useEffect(() => {
    const el = scroller.current;
    if (!follow || !running || !el) return;
    const id = requestAnimationFrame(() => (el.scrollTop = el.scrollHeight));
    return () => cancelAnimationFrame(id);
  }, [parsed, follow, running]);

  const lastCustomizer = parsed?.sections.filter((s) => s.kind === 'customizer').at(-1);
  return (
    <div ref={box} className="flex flex-col gap-2" data-testid="build-log" data-source={source?.kind}>
      {log.status ? (
        <LogToolbar log={log} follow={follow} onToggleFollow={() => setFollow((f) => !f)} />
      ) : null}
      <LogMessage log={log} />
      {parsed && parsed.errors.length > 0 ? <LogErrors parsed={parsed} /> : null}
      {parsed ? (
        <div
          ref={scroller}
          className="max-h-[520px] overflow-auto rounded border xl:h-[380px] border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-950"
          aria-label="Build log"
          role="log"
        >
          {parsed.lines.length === 0 ? (
            <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
              No lines yet: the log grows as Image Builder runs the customizers.
            </p>
          ) : null}
          {parsed.sections.map((s, i) => (
            <Section
              key={`${s.kind}-${i}`}
              s={s}
              open={s === lastCustomizer || s.status === 'failed' || i === parsed.sections.length - 1}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
