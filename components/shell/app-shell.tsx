'use client';
// The signed-in frame: header with the account and sign-out; the sign-in screen otherwise.
import { IntentLink } from '@/components/ui/intent-link';
import type { ReactNode } from 'react';
import { useAuth } from '@/lib/auth/msal-shell';
import { useKilnConfig } from '@/lib/azure/config';
import { PAGES } from '@/lib/routes';
import { Button } from '@/components/ui/button';
import { Badge } from '@/components/ui/badge';
import { ShellLoading } from './states';

function Brand() {
  return (
    <IntentLink href="/" className="flex items-center gap-2 rounded font-semibold tracking-tight">
      <span
        aria-hidden
        className="grid size-7 place-items-center rounded-md bg-gradient-to-br from-orange-500 to-rose-600 text-sm font-bold text-white"
      >
        K
      </span>
      <span>Kiln</span>
    </IntentLink>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { user, busy, signIn, signOut } = useAuth();
  const config = useKilnConfig();
  if (!user) {
    if (busy) return <ShellLoading label="Signing in…" />;
    return <SignInScreen onSignIn={() => void signIn()} local={config.mode === 'local'} />;
  }
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex h-14 max-w-[100rem] items-center gap-4 px-4">
          <Brand />
          <nav aria-label="Main" className="flex items-center gap-1 text-sm">
            <IntentLink href="/" className="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800">
              Image templates
            </IntentLink>
            <IntentLink
              href={PAGES.estate}
              className="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              Estate
            </IntentLink>
          </nav>
          {config.mode === 'local' ? (
            <Badge tone="info" title={`Resource Manager at ${config.armEndpoint}`}>
              Local Azure
            </Badge>
          ) : null}
          <div className="ml-auto flex items-center gap-3">
            <div className="text-right text-sm leading-tight" data-testid="signed-in-user">
              <div className="font-medium">{user.name}</div>
              <div className="text-xs text-slate-600 dark:text-slate-400">{user.username}</div>
            </div>
            <Button size="sm" variant="ghost" onClick={() => void signOut().catch(() => undefined)}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-[100rem] flex-1 px-4 py-6">{children}</main>
    </div>
  );
}

export function SignInScreen({ onSignIn, local }: { onSignIn: () => void; local: boolean }) {
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="flex w-full max-w-md flex-col gap-5 rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        <div>
          <h1 className="text-2xl font-semibold">Sign in to Kiln</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            See every Azure VM Image Builder template you can reach, start and follow builds, and see what
            Image Builder does on your network.
          </p>
        </div>
        <Button variant="primary" onClick={onSignIn} className="h-10">
          Sign in with Microsoft Entra ID
        </Button>
        {local ? (
          <p className="rounded-md bg-slate-100 p-3 text-xs leading-5 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
            Running against <strong>local Azure</strong>. Demo accounts: <code>ava@contoso.com</code> (Owner),{' '}
            <code>rey@contoso.com</code> (Reader), <code>cole@contoso.com</code> (Contributor of one resource
            group), <code>nia@contoso.com</code> (no subscription); password <code>kiln-demo</code>.
          </p>
        ) : null}
      </div>
    </main>
  );
}

export function AuthErrorScreen({ message }: { message: string }) {
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div
        role="alert"
        className="max-w-lg rounded-lg border border-red-300 bg-red-50 p-5 text-sm dark:border-red-800 dark:bg-red-950/40"
      >
        <p className="font-semibold">Kiln could not start sign-in</p>
        <p className="mt-2">{message}</p>
      </div>
    </main>
  );
}
