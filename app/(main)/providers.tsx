'use client';
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { PublicConfig } from '@/lib/env';
import { MsalShell } from '@/lib/auth/msal-shell';
import { ConfigProvider } from '@/lib/azure/config';
import { makeQueryClient } from '@/lib/query/client';
import { AppShell, AuthErrorScreen } from '@/components/shell/app-shell';
import { ShellLoading } from '@/components/shell/states';

export function Providers({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <ConfigProvider config={config}>
      <MsalShell
        config={config}
        fallback={<ShellLoading />}
        renderError={(message) => <AuthErrorScreen message={message} />}
      >
        <QueryClientProvider client={queryClient}>
          <AppShell>{children}</AppShell>
        </QueryClientProvider>
      </MsalShell>
    </ConfigProvider>
  );
}
