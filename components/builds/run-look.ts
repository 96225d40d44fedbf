// How a run's result looks, everywhere runs are shown.
import type { Tone } from '@/components/ui/badge';
import type { RunResult } from '@/lib/builds/model/history';

export const RESULT_LOOK: Record<RunResult, { label: string; tone: Tone; bar: string }> = {
  running: { label: 'Running', tone: 'info', bar: 'fill-sky-500' },
  succeeded: { label: 'Succeeded', tone: 'success', bar: 'fill-emerald-600' },
  failed: { label: 'Failed', tone: 'danger', bar: 'fill-red-600' },
  canceled: { label: 'Canceled', tone: 'muted', bar: 'fill-slate-400' },
  unknown: { label: 'Unknown', tone: 'neutral', bar: 'fill-slate-300' },
};
