'use client';
// The three layouts as a radio group: name, one plain sentence, a small picture.
import { useId } from 'react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { NETWORK_LAYOUTS, type NetworkLayout } from '@/lib/aib/network-layout';
import { LayoutPicture } from './layout-picture';

export function LayoutOptions({
  value,
  current,
  onChange,
  disabled,
}: {
  value: NetworkLayout;
  current: NetworkLayout;
  onChange: (layout: NetworkLayout) => void;
  disabled?: boolean;
}) {
  const base = useId();
  return (
    <fieldset className="grid gap-3 md:grid-cols-3" disabled={disabled}>
      <legend className="mb-2 text-sm font-medium">Layout</legend>
      {NETWORK_LAYOUTS.map((l) => {
        const checked = value === l.id;
        return (
          <label
            key={l.id}
            className={cn(
              'flex cursor-pointer flex-col gap-2 rounded-lg border p-3 text-sm transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-500',
              checked
                ? 'border-sky-600 bg-sky-50/60 dark:border-sky-500 dark:bg-sky-950/40'
                : 'border-slate-200 hover:border-slate-400 dark:border-slate-700 dark:hover:border-slate-500',
            )}
          >
            <span className="flex items-start gap-2">
              <input
                type="radio"
                name="kiln-build-network-layout"
                value={l.id}
                checked={checked}
                aria-labelledby={`${base}-${l.id}-name`}
                aria-describedby={`${base}-${l.id}-sentence`}
                onChange={() => onChange(l.id)}
                className="mt-0.5 accent-sky-700"
              />
              <span className="flex flex-col gap-1">
                <span id={`${base}-${l.id}-name`} className="font-semibold">
                  {l.number}. {l.label}
                </span>
                <span className="flex flex-wrap gap-1">
                  {l.id === current ? <Badge tone="info">Current</Badge> : null}
                  {l.recommended ? <Badge tone="success">Recommended by Microsoft</Badge> : null}
                </span>
              </span>
            </span>
            <span id={`${base}-${l.id}-sentence`} className="text-slate-700 dark:text-slate-300">
              {l.sentence}
            </span>
            <LayoutPicture layout={l.id} />
          </label>
        );
      })}
    </fieldset>
  );
}
