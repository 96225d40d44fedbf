'use client';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { runRedirectBridge } from '@/lib/auth/redirect-bridge';

export function RedirectBridge() {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    runRedirectBridge().catch(() => setFailed(true));
  }, []);
  return (
    <main className="grid min-h-screen place-items-center p-8">
      <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
        {failed ? (
          <>
            Sign-in could not be completed.{' '}
            <Link className="underline" href="/">
              Start again
            </Link>
          </>
        ) : (
          'Signing in…'
        )}
      </p>
    </main>
  );
}
