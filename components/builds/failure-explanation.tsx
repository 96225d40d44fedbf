'use client';
// A failed run in plain words: what happened, why, what to do — Kiln's fix in one click where Kiln has
// one (rendered by the page, which knows the network), else the exact command. The raw message, the
// failing step and the last log lines are a click away. An unknown failure shows them directly.
import type { ReactNode } from 'react';
import { explainFailure, fillCommand, type KilnFix } from '@/lib/builds/model/failures';
import type { RunLogStep } from '@/lib/builds/model/run-logs';

export interface FailureExplanationProps {
  message?: string;
  logTail?: string[];
  failingStep?: RunLogStep;
  /** Values for the command's placeholders (template name, subnet ids…). */
  context: Readonly<Record<string, string | undefined>>;
  renderFix?: (fix: KilnFix) => ReactNode;
}

function Raw({
  message,
  failingStep,
  logTail,
}: Pick<FailureExplanationProps, 'message' | 'failingStep' | 'logTail'>) {
  return (
    <>
      {failingStep ? (
        <p>
          Failing step: <strong>{failingStep.name}</strong> (log lines {failingStep.firstLine}–
          {failingStep.lastLine})
        </p>
      ) : null}
      {message ? <pre className="text-xs break-words whitespace-pre-wrap">{message}</pre> : null}
      {logTail?.length ? (
        <pre className="max-h-64 overflow-auto rounded bg-slate-950 p-2 text-xs text-slate-100 whitespace-pre-wrap">
          {logTail.join('\n')}
        </pre>
      ) : null}
    </>
  );
}

export function FailureExplanation(props: FailureExplanationProps) {
  const e = explainFailure({
    ...(props.message ? { message: props.message } : {}),
    logTail: [...(props.failingStep?.errors ?? []), ...(props.logTail ?? [])],
  });
  const s = e.signature;
  if (!s) {
    return (
      <section
        aria-label="Why the build failed"
        className="flex flex-col gap-2 rounded-md border border-red-300 p-3 text-sm dark:border-red-800"
      >
        <h4 className="font-semibold">The build failed with an error Kiln does not recognise</h4>
        <Raw message={props.message} failingStep={props.failingStep} logTail={props.logTail} />
      </section>
    );
  }
  const command = s.command ? fillCommand(s.command, props.context) : undefined;
  return (
    <section
      aria-label="Why the build failed"
      className="flex flex-col gap-2 rounded-md border border-red-300 bg-red-50/50 p-3 text-sm dark:border-red-800 dark:bg-red-950/20"
    >
      <h4 className="font-semibold text-red-900 dark:text-red-200">{s.title}</h4>
      <p>
        <span className="font-medium">Why: </span>
        {s.why}
      </p>
      <p>
        <span className="font-medium">What to do: </span>
        {s.action}{' '}
        <a
          href={s.docs}
          className="text-sky-800 underline dark:text-sky-300"
          target="_blank"
          rel="noreferrer"
        >
          Microsoft’s guidance
        </a>
      </p>
      {s.fix && props.renderFix ? props.renderFix(s.fix) : null}
      {command ? (
        <div>
          <p className="font-medium">Or run:</p>
          <pre className="overflow-x-auto rounded bg-slate-950 p-2 text-xs text-slate-100">{command}</pre>
        </div>
      ) : null}
      <details>
        <summary className="cursor-pointer">Raw message, failing step and last log lines</summary>
        <Raw message={props.message} failingStep={props.failingStep} logTail={props.logTail} />
      </details>
    </section>
  );
}
