// @ts-check
// Next.js configuration. ESM (package.json has "type": "module"), typed with JSDoc and checked by
// `tsc` (tsconfig.json includes this file). The run-time configuration is validated when a server
// starts by instrumentation.ts, not here: this file stays plain JavaScript that imports no TypeScript.
import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: fileURLToPath(new URL('.', import.meta.url)) },
  // `npm test` type-checks the app itself (tsc, as a counted check) and builds beside it, so it sets
  // KILN_BUILD_SKIP_TYPECHECK=1 to skip the build's second, identical check. `npm run build` checks.
  typescript: { ignoreBuildErrors: process.env.KILN_BUILD_SKIP_TYPECHECK === '1' },
};

export default nextConfig;
