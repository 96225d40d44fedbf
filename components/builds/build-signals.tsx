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

/**
 * Whether this site may notify, read without blocking: `Notification.permission` is answered by the
 * browser process while script waits (40-odd ms seen in the running build's first render), the
 * Permissions API answers in a promise. Undefined until known.
 */
function useNotificationPermission(): [
  NotificationPermission | 'unsupported' | undefined,
  (p: NotificationPermission) => void,
] {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported' | undefined>(() =>
    typeof window === 'undefined' || !('Notification' in window) ? 'unsupported' : undefined,
  );
  useEffect(() => {
    if (!('Notification' in window)) return;
    let live = true;
    const read = () => {
      if (live) setPermission(Notification.permission);
    };
    const asked =
      'permissions' in navigator ? navigator.permissions.query({ name: 'notifications' }) : undefined;
    if (!asked) void Promise.resolve().then(read);
    else
      asked.then(
        // The API says "prompt" where Notification says "default".
        (status) => live && setPermission(status.state === 'prompt' ? 'default' : status.state),
        read,
      );
    return () => {
      live = false;
    };
  }, []);
  return [permission, setPermission];
}

/** Asks once for permission to show a notification when a watched build ends. */
export function BrowserNotifyButton() {
  const [permission, setPermission] = useNotificationPermission();
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
    // Short on screen (it shares a line with the cost in the progress box); the name says it all. Its
    // place is kept (invisible) until the permission is known, so the cost beside it does not reflow.
    <Button
      size="sm"
      variant="ghost"
      className={permission === undefined ? 'invisible shrink-0' : 'shrink-0'}
      aria-label="Notify me in this browser when it ends"
      title="A notification from this browser when the build ends (asks for permission once)"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Notify me
    </Button>
  );
}
