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
};

export default nextConfig;
