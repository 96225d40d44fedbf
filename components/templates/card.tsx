// A titled card: a labelled region (by its heading when it has an id to link to).
import type { ReactNode } from 'react';

export function Card({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section
      aria-labelledby={id ?? undefined}
      aria-label={id ? undefined : title}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
