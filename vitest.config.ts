import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Three projects: `unit` (lib/ and components/ code, fast, part of `npm run validate`; hook and
// component tests opt into jsdom per file with `// @vitest-environment jsdom`),
// `conformance` (local Azure driven by the real Azure SDK clients over HTTPS; starts its own local
// Azure on free ports in globalSetup) and `cli` (Debian's Azure CLI against its own local Azure).
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // `npm test` runs these beside `next build` on two cores: a test that takes 1 s when the
          // machine is quiet can take ten then (loading the Kusto language service, say). Generous
          // limits, so only a hang fails on time.
          testTimeout: 20_000,
          hookTimeout: 60_000,
          include: [
            'lib/**/*.test.ts',
            'lib/**/*.test.tsx',
            'components/**/*.test.ts',
            'components/**/*.test.tsx',
            'emulator/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            // App ↔ local Azure agreement on the facts each keeps a copy of (imports both sides).
            'emulator/agreement/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'conformance',
          include: ['emulator/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['emulator/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Debian's Azure CLI (`az`, installed with apt when missing) against local Azure.
          name: 'cli',
          include: ['emulator/cli/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['emulator/cli/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
