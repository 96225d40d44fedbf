'use client';
// Told when a build ends: while the template page is open, the tab's title and favicon show the build's
// state, and when a watched build ends the browser shows a notification (if the user allowed them).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

type Signal = 'running' | 'succeeded' | 'failed' | 'canceled' | 'idle';

const LOOK: Record<Signal, { prefix: string; color: string }> = {
  running: { prefix: '● Building', color: '#0284c7' },
  succeeded: { prefix: '✓ Succeeded', color: '#059669' },
  failed: { prefix: '✕ Failed', color: '#dc2626' },
  canceled: { prefix: '⊘ Canceled', color: '#64748b' },
  idle: { prefix: '', color: '' },
};

function signalOf(t: ImageTemplate): Signal {
  const s = t.lastRunStatus?.runState;
  if (s === 'Running' || s === 'Canceling') return 'running';
  if (s === 'Succeeded' || s === 'PartiallySucceeded') return 'succeeded';
  if (s === 'Failed') return 'failed';
  if (s === 'Canceled') return 'canceled';
  return 'idle';
}

const favicon = (color: string): string =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#f97316"/><circle cx="24" cy="24" r="7" fill="${color}" stroke="white" stroke-width="2"/></svg>`)}`;

/** Title, favicon and end-of-build notification for the template on screen. */
export function useBuildSignals(template: ImageTemplate): void {
  const signal = signalOf(template);
  const previous = useRef<Signal | undefined>(undefined);
  useEffect(() => {
    const base = document.title.replace(/^(● Building|✓ Succeeded|✕ Failed|⊘ Canceled) · /, '');
    const look = LOOK[signal];
    document.title = look.prefix ? `${look.prefix} · ${base}` : base;
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    const original = link?.getAttribute('href');
    if (link && look.color) link.href = favicon(look.color);
    const was = previous.current;
    previous.current = signal;
    if (was === 'running' && signal !== 'running' && signal !== 'idle' && 'Notification' in window) {
      if (Notification.permission === 'granted')
        new Notification(`${template.name ?? 'Build'}: ${LOOK[signal].prefix.slice(2)}`, {
          body: template.lastRunStatus?.message || 'The image build has ended.',
          tag: template.id,
        });
    }
    return () => {
      document.title = base;
      if (link && original) link.setAttribute('href', original);
    };
  }, [signal, template.id, template.name, template.lastRunStatus?.message]);
}

/** Asks once for permission to show a notification when a watched build ends. */
export function BrowserNotifyButton() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() =>
    typeof window === 'undefined' || !('Notification' in window) ? 'unsupported' : Notification.permission,
  );
  if (permission === 'unsupported') return null;
  if (permission === 'granted')
    return (
      <p className="text-xs text-slate-600 dark:text-slate-300">
        This tab will notify you when the build ends.
      </p>
    );
  if (permission === 'denied')
    return (
      <p className="text-xs text-slate-600 dark:text-slate-300">Notifications are blocked for this site.</p>
    );
  return (
    // Short on screen (it shares a line with the cost in the progress box); the name says it all.
    <Button
      size="sm"
      variant="ghost"
      className="shrink-0"
      aria-label="Notify me in this browser when it ends"
      title="A notification from this browser when the build ends (asks for permission once)"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Notify me
    </Button>
  );
}
