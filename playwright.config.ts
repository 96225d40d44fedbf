// Browser tests: one production build for the whole run and one local Azure + app per worker
// (e2e/global-setup.ts, e2e/stacks.ts). A spec file runs in one worker, its tests in order (the control
// API's reset and time scale are global to a local Azure; docs/architecture.md). Debian's Chromium
// (never `playwright install`).
import { defineConfig, devices } from '@playwright/test';
import { e2eWorkers } from './e2e/stacks';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: e2eWorkers(),
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    // The OS setting "reduce motion", as a user may have it: no pulsing or dash animations, so the
    // browser does not composite a frame every 16 ms in every spec (two workers share two cores).
    reducedMotion: 'reduce',
    // Local Azure's certificate comes from a private CA the browser does not know (emulator/README.md).
    ignoreHTTPSErrors: true,
    // Recording a trace for every test costs about a sixth of the browser run on two cores (its
    // screencast and DOM snapshots, measured in docs/architecture.md); KILN_E2E_TRACE=1 keeps the trace
    // of each failed test (test-results/, open with `npx playwright show-trace`).
    trace: process.env.KILN_E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: process.env.KILN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
});
