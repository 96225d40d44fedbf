import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kiln', template: '%s · Kiln' },
  description: 'A dashboard for Azure VM Image Builder',
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

// Every page is rendered per request so it carries the CSP nonce (docs/architecture.md): reading the request
// headers here opts the whole tree into dynamic rendering.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
