'use client';
// Two runs of a template side by side: their steps matched by position and name, each duration and the
// difference; for a step that failed in one run and passed in the other, the page can show both logs of
// that step (renderStepLogs, composed by the page: logs are another capability).
import type { ReactNode } from 'react';
import { formatDuration } from '@/lib/format';
import { keyedSteps, type RunLogStep } from '@/lib/builds/model/run-logs';
import type { TemplateRun } from '@/lib/builds/api/list-template-runs';
import { stepMs } from './run-steps';

export interface StepRef {
  folder: string;
  step: RunLogStep;
}

const keyed = (steps: RunLogStep[]): Map<string, RunLogStep> =>
  new Map(keyedSteps(steps).map((k) => [k.key, k.step]));

const delta = (a?: number, b?: number): string => {
  if (a === undefined || b === undefined) return '';
  const d = b - a;
  if (Math.abs(d) < 1000) return '±0 s';
  return `${d > 0 ? '+' : '−'}${formatDuration(Math.abs(d))}`;
};

export function CompareRuns({
  a,
  b,
  renderStepLogs,
}: {
  a: TemplateRun;
  b: TemplateRun;
  renderStepLogs?: (left: StepRef, right: StepRef) => ReactNode;
}) {
  const left = keyed(a.log?.steps ?? []);
  const right = keyed(b.log?.steps ?? []);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  const diverged = keys.find((k) => {
    const x = left.get(k)?.state;
    const y = right.get(k)?.state;
    return x && y && x !== y && (x === 'failed' || y === 'failed');
  });
  if (keys.length === 0) return <p className="text-sm">Neither run has a log with steps to compare.</p>;
  return (
    <div className="flex flex-col gap-3">
      <table className="w-full text-sm">
        <caption className="sr-only">Steps of the two runs side by side</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-300">
            <th className="py-1 font-medium">Step</th>
            <th className="font-medium">Older run</th>
            <th className="font-medium">Newer run</th>
            <th className="font-medium">Difference</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const x = left.get(k);
            const y = right.get(k);
            const cell = (s?: RunLogStep) =>
              s ? `${s.state === 'failed' ? '✕ ' : ''}${formatDuration(stepMs(s)) || '—'}` : 'not run';
            return (
              <tr key={k} className={k === diverged ? 'bg-red-50 dark:bg-red-950/30' : ''}>
                <td className="py-1">{(x ?? y)?.name}</td>
                <td className="tabular-nums">{cell(x)}</td>
                <td className="tabular-nums">{cell(y)}</td>
                <td className="tabular-nums">{delta(x && stepMs(x), y && stepMs(y))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {diverged && a.folder && b.folder && renderStepLogs
        ? (() => {
            const x = left.get(diverged);
            const y = right.get(diverged);
            return x && y
              ? renderStepLogs({ folder: a.folder, step: x }, { folder: b.folder, step: y })
              : null;
          })()
        : null}
    </div>
  );
}
