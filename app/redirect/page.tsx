import type { Metadata } from 'next';
import { RedirectBridge } from './redirect-bridge';

export const metadata: Metadata = { title: 'Signing in' };

// MSAL v5's redirect bridge (msal-local.md): outside the (main) group, so no MsalProvider, and no
// Cross-Origin-Opener-Policy header on this route.
export default function RedirectPage() {
  return <RedirectBridge />;
}
