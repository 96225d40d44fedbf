'use client';
// Gate (msal-local.md): initialize → handleRedirectPromise → setActiveAccount before any child runs
// an MSAL call, then MsalProvider. The server render and the first client render are the fallback.
import { type PublicClientApplication, InteractionStatus } from '@azure/msal-browser';
import { MsalProvider, useMsal } from '@azure/msal-react';
import { type ReactNode, useEffect, useState } from 'react';
import type { PublicConfig } from '@/lib/env';
import { getMsal, signIn, signOut } from './msal';

export function MsalShell({
  config,
  fallback,
  renderError,
  children,
}: {
  config: PublicConfig;
  fallback: ReactNode;
  renderError: (message: string) => ReactNode;
  children: ReactNode;
}) {
  const [pca, setPca] = useState<PublicClientApplication | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getMsal(config).then(
      (p) => live && setPca(p),
      (e: unknown) => live && setError(describeAuthError(e)),
    );
    return () => {
      live = false;
    };
  }, [config]);
  if (error) return renderError(error);
  if (!pca) return fallback;
  return <MsalProvider instance={pca}>{children}</MsalProvider>;
}

/** MSAL v5 messages are documentation links; the errorCode is what tells people what happened. */
export function describeAuthError(e: unknown): string {
  if (e && typeof e === 'object' && 'errorCode' in e && typeof e.errorCode === 'string') {
    const hint =
      e.errorCode === 'endpoints_resolution_error'
        ? ' The identity provider could not be reached: is local Azure running, and does the browser trust its certificate?'
        : '';
    return `Sign-in failed (${e.errorCode}).${hint}`;
  }
  return e instanceof Error ? e.message : 'Sign-in failed.';
}

export interface SignedInUser {
  name: string;
  username: string;
  tenantId: string;
  /** The user's object id (oid claim), when the provider sent it. */
  objectId: string | undefined;
}

export interface AuthState {
  user: SignedInUser | null;
  /** A sign-in, sign-out or redirect is in progress. */
  busy: boolean;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
}

/** The signed-in user and the sign-in/out actions (components never touch MSAL directly). */
export function useAuth(): AuthState {
  const { instance, accounts, inProgress } = useMsal();
  const account = instance.getActiveAccount() ?? accounts[0] ?? null;
  const oid = account?.idTokenClaims?.oid;
  return {
    user: account
      ? {
          name: account.name ?? account.username,
          username: account.username,
          tenantId: account.tenantId,
          objectId: typeof oid === 'string' ? oid : undefined,
        }
      : null,
    busy: inProgress !== InteractionStatus.None,
    signIn,
    signOut,
  };
}
