// The building blocks of a template's details: ARM values read defensively (any shape ARM returns is
// shown as text), label/value lists, monospace ids, numbered customizer steps and tags.
import { isValidElement, type ReactNode } from 'react';
import { parseArmId } from '@/lib/azure/ids';
import { armText } from '@/components/ui/arm-text';
import { ArmValue, RevealedText } from '@/components/ui/arm-value';

export type Rec = Record<string, unknown>;

export function asRec(v: unknown): Rec {
  return typeof v === 'object' && v !== null ? (v as Rec) : {};
}

/** An array from ARM as records (anything else: empty). */
export function list(v: unknown): Rec[] {
  return Array.isArray(v) ? v.map(asRec) : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== ''
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;
}

/** A cell: Kiln's own elements as they are; any value from ARM as text (whatever its shape). */
function cell(v: unknown): ReactNode {
  if (isValidElement(v) || (Array.isArray(v) && v.every((x) => isValidElement(x)))) return v as ReactNode;
  return <ArmValue value={v} />;
}

export function Fields({ rows }: { rows: [string, unknown][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">Not set.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]">
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600 dark:text-slate-300">{k}</dt>
          <dd className="min-w-0 break-words">{cell(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Mono({ children }: { children: unknown }) {
  return (
    <code className="font-mono text-xs break-all">
      <ArmValue value={children} />
    </code>
  );
}

function customizerSummary(c: Rec): ReactNode {
  const type = str(c.type) ?? '?';
  const inline = Array.isArray(c.inline) ? (c.inline as unknown[]).map(armText) : undefined;
  const parts: ReactNode[] = [];
  if (str(c.scriptUri)) parts.push(<Mono key="u">{str(c.scriptUri)}</Mono>);
  if (str(c.sourceUri))
    parts.push(<Mono key="s">{`${str(c.sourceUri) ?? ''} → ${str(c.destination) ?? ''}`}</Mono>);
  if (inline?.length) {
    parts.push(
      <pre
        key="i"
        className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-800"
      >
        <RevealedText text={inline.join('\n')} />
      </pre>,
    );
  }
  if (type === 'WindowsUpdate') parts.push(<span key="w">Search: {str(c.searchCriteria) ?? 'default'}</span>);
  if (type === 'WindowsRestart' && str(c.restartTimeout))
    parts.push(<span key="r">Timeout {str(c.restartTimeout)}</span>);
  return parts.length ? <div className="flex flex-col gap-1">{parts}</div> : null;
}

export function StepList({ items, empty }: { items: Rec[]; empty: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">{empty}</p>;
  return (
    <ol className="flex flex-col gap-3">
      {items.map((c, i) => (
        <li key={i} className="flex gap-3 text-sm">
          <span className="grid size-6 shrink-0 place-items-center rounded-full bg-slate-100 text-xs font-semibold dark:bg-slate-800">
            {i + 1}
          </span>
          <div className="min-w-0 flex-1">
            <div>
              <span className="font-medium">
                <ArmValue value={str(c.name) ?? '(unnamed)'} />
              </span>{' '}
              <span className="text-slate-600 dark:text-slate-300">
                · <ArmValue value={str(c.type)} />
              </span>
            </div>
            {customizerSummary(c)}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Tags as ARM returned them: any value shape, long values cut (the whole value on demand). */
export function Tags({ tags }: { tags: unknown }) {
  const entries = Object.entries(asRec(tags));
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">No tags.</p>;
  return (
    <ul className="flex flex-wrap gap-2" data-testid="tags">
      {entries.map(([k, v]) => (
        <li
          key={k}
          className="max-w-full min-w-0 rounded-md bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800"
        >
          <span className="font-medium">
            <ArmValue value={k} limit={120} />
          </span>
          : <ArmValue value={v} />
        </li>
      ))}
    </ul>
  );
}

export function parseArmIdSafe(id: unknown): string {
  try {
    return parseArmId(armText(id)).resourceGroup ?? armText(id);
  } catch {
    return armText(id);
  }
}

export function lastSegment(id: string): string {
  try {
    return parseArmId(id).name ?? id;
  } catch {
    return id;
  }
}
