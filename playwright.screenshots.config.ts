// `npm run screenshots`: refreshes the README's pictures with the same servers and browser as the
// browser tests, but only the *.shot.ts files (they take pictures and check little).
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testMatch: '**/*.shot.ts', timeout: 300_000 });
