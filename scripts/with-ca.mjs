#!/usr/bin/env node
// Runs a command with NODE_EXTRA_CA_CERTS pointing at local Azure's CA, so Node callers (the
// Next.js server, tests, scripts) trust https://localhost. Only added when the caller has not set it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { certPaths, extraCaCertsFor } from './paths.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-ca.mjs <command> [args...]');
  process.exit(2);
}
// On a fresh clone the CA is not made yet (only `npm start` and `npm test` make it first): make it here,
// so `npm run bench`, `npm run test:e2e` and the other scripts that run through this one work too.
if (!existsSync(certPaths().ca)) {
  execFileSync(process.execPath, [fileURLToPath(new URL('./certs.mjs', import.meta.url))], {
    stdio: 'inherit',
  });
}
const env = { ...process.env, NODE_EXTRA_CA_CERTS: extraCaCertsFor() };
const child = spawn(cmd, args, { stdio: 'inherit', env, shell: false });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
