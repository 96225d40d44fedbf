'use client';
// A page's secondary sections as tabs, one shown at a time. The choice lives in the URL (`?section=`),
// so a reload, a shared link or Back shows the same section; each panel's code is the caller's to load
// lazily (only the shown panel renders). Anything on the page can open a section and scroll to an element
// inside it (`useSectionTabs().show`), e.g. a warning badge in the header that points at a failing check.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { createContext, type KeyboardEvent, type ReactNode, useContext, useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';

export interface SectionTab {
  key: string;
  label: string;
  /** Older `#anchor` links that meant this section (opened on arrival). */
  hashes?: (hash: string) => boolean;
}

interface SectionTabsApi {
  selected: string;
  /** Shows a section; with `anchor`, scrolls to and focuses that element once it has rendered. */
  show(key: string, anchor?: string): void;
}

const SectionTabsContext = createContext<SectionTabsApi | undefined>(undefined);

/** The page's section tabs, or a fallback that only scrolls (outside a tabbed page). */
export function useSectionTabs(): SectionTabsApi {
  return (
    useContext(SectionTabsContext) ?? {
      selected: '',
      show: (_key, anchor) => {
        if (anchor) document.getElementById(anchor)?.scrollIntoView({ block: 'center' });
      },
    }
  );
}

const PARAM = 'section';
const ANCHOR_WAIT_MS = 10_000;

/** Scrolls to an element once it exists (the panel's code may still be loading). */
function revealWhenPresent(anchor: string): () => void {
  const started = performance.now();
  let frame = 0;
  const tick = () => {
    const el = document.getElementById(anchor);
    if (el) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}#${anchor}`);
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return;
    }
    if (performance.now() - started < ANCHOR_WAIT_MS) frame = requestAnimationFrame(tick);
  };
  tick();
  return () => cancelAnimationFrame(frame);
}

function useSelectedSection(tabs: SectionTab[]) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const fromUrl = params.get(PARAM);
  const known = (k: string | null | undefined) => tabs.find((t) => t.key === k)?.key;
  // A new object per request, so asking for the same anchor twice scrolls twice.
  const [anchor, setAnchor] = useState<{ id: string }>();
  // An old `#runs`-style link opens its section once, on arrival.
  const [fromHash] = useState(() =>
    typeof window === 'undefined'
      ? undefined
      : tabs.find((t) => t.hashes?.(window.location.hash.slice(1)))?.key,
  );
  const selected = known(fromUrl) ?? fromHash ?? tabs[0]?.key ?? '';
  const show = (key: string, to?: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(PARAM, key);
    router.replace(`${pathname}?${next.toString()}${to ? `#${to}` : ''}`, { scroll: false });
    setAnchor(to ? { id: to } : undefined);
  };
  useEffect(() => (anchor ? revealWhenPresent(anchor.id) : undefined), [anchor]);
  return { selected, show };
}

/** Left/Right/Home/End move between tabs, as the WAI-ARIA tabs pattern asks. */
function onTabKey(
  e: KeyboardEvent<HTMLDivElement>,
  tabs: SectionTab[],
  selected: string,
  show: (k: string) => void,
) {
  const i = tabs.findIndex((t) => t.key === selected);
  const to =
    e.key === 'ArrowRight'
      ? (i + 1) % tabs.length
      : e.key === 'ArrowLeft'
        ? (i - 1 + tabs.length) % tabs.length
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? tabs.length - 1
            : undefined;
  const tab = to === undefined ? undefined : tabs[to];
  if (!tab) return;
  e.preventDefault();
  show(tab.key);
  document.getElementById(`tab-${tab.key}`)?.focus();
}

export function SectionTabsProvider({ tabs, children }: { tabs: SectionTab[]; children: ReactNode }) {
  const api = useSelectedSection(tabs);
  return <SectionTabsContext.Provider value={api}>{children}</SectionTabsContext.Provider>;
}

/** The tab strip and the shown panel; `render` returns the panel of a key (lazily loaded by the caller). */
export function SectionTabs({
  tabs,
  label,
  render,
}: {
  tabs: SectionTab[];
  label: string;
  render: (key: string) => ReactNode;
}) {
  const { selected, show } = useSectionTabs();
  return (
    <div className="flex flex-col gap-3">
      <div
        role="tablist"
        aria-label={label}
        className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-700"
        onKeyDown={(e) => onTabKey(e, tabs, selected, show)}
      >
        {tabs.map((t) => {
          const on = t.key === selected;
          return (
            <button
              key={t.key}
              id={`tab-${t.key}`}
              type="button"
              role="tab"
              aria-selected={on}
              aria-controls={`panel-${t.key}`}
              tabIndex={on ? 0 : -1}
              onClick={() => show(t.key)}
              className={cn(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none',
                on
                  ? 'border-sky-600 text-sky-800 dark:border-sky-400 dark:text-sky-200'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white',
              )}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`}>
        {render(selected)}
      </div>
    </div>
  );
}
