#!/usr/bin/env node
// Runs a command with NODE_EXTRA_CA_CERTS pointing at local Azure's CA, so Node callers (the
// Next.js server, tests, scripts) trust https://localhost. Only added when the caller has not set it.
import { spawn } from 'node:child_process';
import { extraCaCertsFor } from './paths.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-ca.mjs <command> [args...]');
  process.exit(2);
}
const env = { ...process.env, NODE_EXTRA_CA_CERTS: extraCaCertsFor() };
const child = spawn(cmd, args, { stdio: 'inherit', env, shell: false });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
