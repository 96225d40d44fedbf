#!/usr/bin/env node
// Installs Debian's Chromium with apt when /usr/bin/chromium is missing (never Playwright's own
// download). Used by the test command and, as an npm "pre" script, by the bench, the browser tests
// alone, the load script and the screenshots, so each works on a fresh machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log("Chromium is missing: installing Debian's chromium package…");
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (...a) => {
    const [cmd, args] = asRoot ? ['apt-get', a] : ['sudo', ['apt-get', ...a]];
    const r = spawnSync(cmd, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return r.status ?? 1;
  };
  if (apt('update', '-qq') !== 0 || apt('install', '-y', '-qq', 'chromium') !== 0 || !existsSync(CHROMIUM)) {
    console.error(`Could not install Chromium at ${CHROMIUM}; browser tests cannot run.`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureChromium();
