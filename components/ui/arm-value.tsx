'use client';
// Shows one ARM value as text (components/ui/arm-text): any shape, bidi controls visible, long values
// wrapped anywhere and cut at `limit` characters with the whole value one click away.
import { useState } from 'react';
import { armText, clip, revealBidi } from './arm-text';
import { cn } from './cn';

/** Text with each bidi control replaced by a visible mark (its code point). */
export function RevealedText({ text }: { text: string }) {
  return (
    <>
      {revealBidi(text).map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span
            key={i}
            data-bidi-control={p.code}
            title={`Hidden direction control ${p.code}: shown here, not applied`}
            className="mx-px rounded-sm bg-amber-200 px-0.5 font-mono text-[0.75em] text-amber-950 dark:bg-amber-700 dark:text-amber-50"
          >
            {p.code}
          </span>
        ),
      )}
    </>
  );
}

export function ArmValue({
  value,
  limit = 240,
  className,
}: {
  value: unknown;
  /** Characters shown before "Show all". */
  limit?: number;
  className?: string;
}) {
  const [all, setAll] = useState(false);
  const text = armText(value);
  const { shown, cut } = all ? { shown: text, cut: false } : clip(text, limit);
  return (
    <span className={cn('min-w-0 [overflow-wrap:anywhere]', className)}>
      <RevealedText text={shown} />
      {cut ? (
        <>
          …{' '}
          <button
            type="button"
            className="text-xs text-sky-800 underline dark:text-sky-300"
            onClick={() => setAll(true)}
          >
            Show all {text.length.toLocaleString('en-US')} characters
          </button>
        </>
      ) : null}
      {all && text.length > limit ? (
        <>
          {' '}
          <button
            type="button"
            className="text-xs text-sky-800 underline dark:text-sky-300"
            onClick={() => setAll(false)}
          >
            Show less
          </button>
        </>
      ) : null}
    </span>
  );
}
