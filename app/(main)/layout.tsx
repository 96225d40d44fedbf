import type { ReactNode } from 'react';
import { serverConfig } from '@/lib/env';
import { Providers } from './providers';

// The signed-in part of the app. The run-time configuration is read on the server and handed to the
// browser as props (not NEXT_PUBLIC_*).
export default function MainLayout({ children }: { children: ReactNode }) {
  return <Providers config={serverConfig()}>{children}</Providers>;
}
