// Security headers for every page (docs/architecture.md, Runtime): a per-request nonce CSP with
// 'strict-dynamic'. Next.js reads the nonce from the request's CSP header and stamps its own scripts.
//
// Styles: Tailwind compiles to a stylesheet served from 'self'; <style> elements need the nonce.
// Style *attributes* (React's style prop in server HTML, React Flow's node transforms) cannot carry a
// nonce, so `style-src-attr 'unsafe-inline'` allows them — attributes cannot run script, and scripts
// stay strictly nonce-bound.
import { type NextRequest, NextResponse } from 'next/server';
import { serverConfig } from '@/lib/env';

export function buildCsp(
  nonce: string,
  opts: { armEndpoint: string; idpOrigin: string; appOrigin: string; dev: boolean },
) {
  const { armEndpoint, idpOrigin, appOrigin, dev } = opts;
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])]],
    // In dev, Next injects <style> elements without a nonce; a nonce would disable 'unsafe-inline'.
    ['style-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`]],
    ['style-src-attr', ["'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", armEndpoint, idpOrigin, ...(dev ? ['ws:'] : [])]],
    ['frame-src', [idpOrigin]],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'", idpOrigin]],
  ];
  if (appOrigin.startsWith('https://')) directives.push(['upgrade-insecure-requests', []]);
  return directives.map(([k, v]) => [k, ...v].join(' ')).join('; ');
}

export function proxy(request: NextRequest) {
  const config = serverConfig();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = buildCsp(nonce, { ...config, dev: process.env.NODE_ENV === 'development' });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  );
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
}

// Every request but static assets, prefetches included: a request with `Purpose: prefetch` or
// `next-router-prefetch` can get full HTML too, and every HTML response carries the headers
// (e2e/security.spec.ts).
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
