'use client';
// "Copy command": the same start as a ready-to-paste command for az CLI, PowerShell or REST.
import { useEffect, useId, useRef, useState } from 'react';
import { runCommands } from '@/lib/builds/model/commands';
import { useKilnConfig } from '@/lib/azure/config';
import { Button } from '@/components/ui/button';

export function CopyCommandMenu({ templateId }: { templateId: string }) {
  const { armEndpoint } = useKilnConfig();
  const commands = runCommands(templateId, armEndpoint);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const menuId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const copy = async (id: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(id);
    } catch {
      setCopied(`${id}:manual`);
    }
  };
  return (
    <div className="relative" ref={ref}>
      <Button aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
        Copy command <span aria-hidden>▾</span>
      </Button>
      {open ? (
        <div
          id={menuId}
          className="absolute right-0 z-30 mt-2 flex w-[min(44rem,calc(100vw-2rem))] flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <p className="text-xs text-slate-600 dark:text-slate-300">
            The same start outside Kiln. Values are quoted for the shell named on each line.
          </p>
          {commands.map((c) => (
            <div key={c.id} className="flex flex-col gap-1">
              <div className="flex items-center justify-between gap-2 text-xs font-medium">
                <span>
                  {c.label}{' '}
                  <span className="font-normal text-slate-600 dark:text-slate-400">({c.shell})</span>
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => void copy(c.id, c.command)}
                  aria-label={`Copy: ${c.label}`}
                >
                  {copied === c.id ? 'Copied' : 'Copy'}
                </Button>
              </div>
              <pre
                data-testid={`command-${c.id}`}
                className="overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap select-all dark:bg-slate-800"
              >
                {c.command}
              </pre>
              {copied === `${c.id}:manual` ? (
                <span className="text-xs text-amber-800 dark:text-amber-300">
                  Select the text and copy it by hand.
                </span>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
