'use client';
// The build log beside the diagram: the container instance's log while the build runs (live tail), the
// blob `customization.log` after it, split into customizer sections with errors marked.
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { isUnsetTime } from '@/lib/aib/times';
import { useKilnConfig } from '@/lib/azure/config';
import {
  finalizeSections,
  logPathFromMessage,
  parseLog,
  type LogLine,
  type LogSection,
} from '@/lib/logs/model/parse';
import {
  containerLogsQueryOptions,
  LOG_POLL_FACTOR,
  useContainerLogs,
} from '@/lib/logs/api/list-container-logs';
import { useCustomizationLog } from '@/lib/logs/api/get-customization-log';
import { useReadStatus } from '@/lib/query/read-status';
import { ReadStatusNote } from '@/components/shell/read-status-note';
import { ErrorState } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useOnScreen } from '@/components/ui/use-on-screen';

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

export default function BuildLogView({ template }: { template: ImageTemplate }) {
  const config = useKilnConfig();
  const status = template.lastRunStatus;
  const running = Boolean(status && /^(running|canceling)$/i.test(status.runState ?? ''));
  const finished = Boolean(status && !running && status.runState);
  const stagingRgId = template.exactStagingResourceGroup || undefined;
  const box = useRef<HTMLDivElement>(null);
  // The live log follows the build only while it is on screen, at half the
  // status poll's pace; scrolled away, the last lines stay and reading resumes when it is back.
  const onScreen = useOnScreen(box);
  const logPollMs = config.pollIntervalMs * LOG_POLL_FACTOR;
  const live = useContainerLogs(stagingRgId, running && onScreen, logPollMs);
  const liveStatus = useReadStatus(
    containerLogsQueryOptions(stagingRgId ?? '', running && onScreen, logPollMs).queryKey,
    live,
    logPollMs,
  );
  const runFolder = logPathFromMessage(status?.message)?.run;
  const endTime =
    status && !isUnsetTime(status.endTime)
      ? new Date(status.endTime as Date | string).toISOString()
      : undefined;
  const blob = useCustomizationLog(template.id, runFolder, endTime, finished);
  const [follow, setFollow] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);

  const source: { kind: 'live' | 'blob'; text: string } | undefined =
    running && live.data?.kind === 'ok'
      ? { kind: 'live', text: live.data.content }
      : finished && blob.data?.kind === 'ok'
        ? { kind: 'blob', text: blob.data.content }
        : undefined;
  const text = source?.text;
  const runState = status?.runState;
  const parsed = useMemo(
    () => (text !== undefined ? finalizeSections(parseLog(text), runState) : undefined),
    [text, runState],
  );

  useEffect(() => {
    if (follow && running && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [parsed, follow, running]);

  let message: ReactNode = null;
  if (!status)
    message = (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No build has run yet; the log appears when one starts.
      </p>
    );
  else if (running && live.isError)
    // The log read so far stays; the note says the refresh failed and when it is tried again.
    message = (
      <ReadStatusNote
        status={liveStatus}
        pollMs={config.pollIntervalMs}
        polling
        what="the live log"
        onRetry={() => void live.refetch()}
      />
    );
  else if (running && live.data?.kind === 'none')
    message = (
      <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
        {live.data.reason}
      </p>
    );
  else if (finished && blob.data?.kind === 'problem')
    message = (
      <ErrorState title="The build log could not be read." onRetry={() => void blob.refetch()}>
        <p>
          <code className="font-mono text-xs">{blob.data.code}</code> {blob.data.message}
        </p>
      </ErrorState>
    );
  else if (finished && blob.isError)
    message = (
      <ErrorState title="The build log could not be read." onRetry={() => void blob.refetch()}>
        <p>{blob.error.message}</p>
      </ErrorState>
    );
  else if ((running && live.isPending) || (finished && blob.isPending))
    message = (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Reading the log…
      </p>
    );

  const lastCustomizer = parsed?.sections.filter((s) => s.kind === 'customizer').at(-1);
  return (
    <div ref={box} className="flex flex-col gap-2" data-testid="build-log" data-source={source?.kind}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {source?.kind === 'live' ? <Badge tone="info">Live — container instance log</Badge> : null}
        {source?.kind === 'blob' ? (
          <Badge tone="neutral">
            packerlogs/{blob.data?.kind === 'ok' ? blob.data.run : ''}/customization.log
          </Badge>
        ) : null}
        {blob.data?.kind === 'ok' && blob.data.truncated ? (
          <Badge tone="warning">showing the last 4 MB</Badge>
        ) : null}
        {parsed ? (
          <span className="text-slate-600 dark:text-slate-400">
            {parsed.lines.length} lines · {parsed.sections.filter((s) => s.kind === 'customizer').length}{' '}
            customizers · {parsed.errors.length} errors
          </span>
        ) : null}
        {running ? (
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setFollow((f) => !f)}>
            {follow ? 'Stop following' : 'Follow'}
          </Button>
        ) : null}
      </div>
      {message}
      {parsed && parsed.errors.length > 0 ? (
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
      ) : null}
      {parsed ? (
        <div
          ref={scroller}
          className="max-h-[520px] overflow-auto rounded border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-950"
          aria-label="Build log"
          role="log"
        >
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
