'use client';
// The templates list's search and filters: a search field that keeps its own text while the user types,
// and one select per filter (last run state, subscription, network layout). The values live in the URL.
import { useId, useState } from 'react';
import { NETWORK_LAYOUT_IDS, networkLayoutLabel, type NetworkLayout } from '@/lib/aib/network-layout';
import { type SubscriptionListState } from '@/lib/templates/api/list-image-templates';
import { type ListQuery, type StateFilter, STATE_FILTERS, STATE_LABELS } from '@/lib/templates/model/list';

function SearchField({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const searchId = useId();
  // The field keeps its own text (typing must not wait for the URL round trip) and follows the URL
  // when it changes from elsewhere (Clear filters, back/forward) — but never while the user types in
  // it: URL updates land asynchronously, and adopting an older one mid-typing would drop keystrokes.
  const [text, setText] = useState(q);
  const [urlQ, setUrlQ] = useState(q);
  const [typing, setTyping] = useState(false);
  if (q !== urlQ) {
    setUrlQ(q);
    if (!typing && q !== text) setText(q);
  }
  return (
    <div className="flex min-w-64 flex-1 flex-col gap-1">
      <label htmlFor={searchId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
        Search
      </label>
      <input
        id={searchId}
        type="search"
        value={text}
        placeholder="Name, resource group, image, location…"
        onFocus={() => setTyping(true)}
        onBlur={() => setTyping(false)}
        onChange={(e) => {
          setText(e.target.value);
          onSearch(e.target.value);
        }}
        className="h-9 rounded-md border border-slate-300 bg-white px-3 text-sm placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:placeholder:text-slate-400"
      />
    </div>
  );
}

const SELECT_CLASS =
  'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900';

/** One filter: a labelled select whose first option ("Any …") clears it. */
function FilterSelect({
  label,
  value,
  anyLabel,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: { key: string; value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-300">
        {label}
      </label>
      <select id={id} className={SELECT_CLASS} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.key} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The one value of a filter that holds one, else '' (the "Any …" option). */
function single<T>(values: T[]): T | '' | undefined {
  return values.length === 1 ? values[0] : '';
}

export function Toolbar({
  query,
  update,
  subscriptions,
}: {
  query: ListQuery;
  update: (p: Partial<ListQuery>) => void;
  subscriptions: SubscriptionListState[];
}) {
  return (
    <div role="search" className="flex flex-wrap items-end gap-3">
      <SearchField q={query.q} onSearch={(q) => update({ q })} />
      <FilterSelect
        label="Last run"
        value={single(query.states)}
        anyLabel="Any state"
        options={STATE_FILTERS.map((s) => ({ key: s, value: s, label: STATE_LABELS[s] }))}
        onChange={(v) => update({ states: v ? [v as StateFilter] : [] })}
      />
      <FilterSelect
        label="Subscription"
        value={single(query.subscriptions)}
        anyLabel="All subscriptions"
        options={subscriptions.map((s) => ({
          key: s.subscription.subscriptionId,
          value: s.subscription.subscriptionId.toLowerCase(),
          label: s.subscription.displayName,
        }))}
        onChange={(v) => update({ subscriptions: v ? [v] : [] })}
      />
      <FilterSelect
        label="Network layout"
        value={single(query.layouts)}
        anyLabel="Any layout"
        options={NETWORK_LAYOUT_IDS.map((l) => ({ key: l, value: l, label: networkLayoutLabel(l) }))}
        onChange={(v) => update({ layouts: v ? [v as NetworkLayout] : [] })}
      />
    </div>
  );
}
