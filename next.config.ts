import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from 'next/constants';
import { fileURLToPath } from 'node:url';
import { serverConfig } from './lib/env';

export default function nextConfig(phase: string): NextConfig {
  // Validate the run-time configuration when a server starts, so a mistake stops `next start` /
  // `next dev` with a clear list instead of failing on the first request. (Not at build time: one
  // build serves every configuration.)
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) serverConfig();
  return {
    poweredByHeader: false,
    reactStrictMode: true,
    turbopack: { root: fileURLToPath(new URL('.', import.meta.url)) },
  };
}
