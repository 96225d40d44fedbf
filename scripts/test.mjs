#!/usr/bin/env node
// `npm test`: the whole suite — first the static checks (lint with the dependency rule, Prettier
// check, type check of the app and of local Azure), then unit tests, local Azure's conformance suite
// (real SDK clients over HTTPS), the Azure CLI tests (Debian's `az` against local Azure; the cli
// project installs azure-cli with apt when missing) and the browser tests (Playwright on Debian's
// Chromium against one local Azure and one production build). Each static check counts as one test in
// the closing `N passed, N failed` line, so a lint, format or type error fails the run. Installs
// Debian's Chromium when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { extraCaCertsFor, repoRoot } from './paths.mjs';

const CHROMIUM = '/usr/bin/chromium';
// Not test-results/: Playwright empties that folder when it starts.
const results = join(repoRoot, 'test-reports');
const env = { ...process.env, NODE_EXTRA_CA_CERTS: extraCaCertsFor() };
const started = Date.now();

function sh(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return r.status ?? 1;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log("Chromium is missing: installing Debian's chromium package…");
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo'];
  const apt = (...a) =>
    sh(prefix[0] ?? 'apt-get', prefix.length ? ['apt-get', ...a] : a, { DEBIAN_FRONTEND: 'noninteractive' });
  if (apt('update', '-qq') !== 0 || apt('install', '-y', '-qq', 'chromium') !== 0 || !existsSync(CHROMIUM)) {
    console.error(`Could not install Chromium at ${CHROMIUM}; browser tests cannot run.`);
    process.exit(1);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
ensureChromium();

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const vitestJson = join(results, 'vitest.json');
const playwrightJson = join(results, 'playwright.json');

/** The static checks, in order; each one is a test that passes or fails. */
const CHECKS = [
  { name: 'lint (ESLint, dependency rule)', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'format (Prettier check)', cmd: bin('prettier'), args: ['--check', '.'] },
  { name: 'types (app)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'types (local Azure)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'emulator/tsconfig.json'] },
];
const checkFailures = [];
for (const check of CHECKS) {
  console.log(`\n== ${check.name} ==`);
  if (sh(check.cmd, check.args) !== 0) checkFailures.push(check.name);
}
if (checkFailures.length) console.log(`\nStatic checks failed: ${checkFailures.join(', ')}`);

console.log('\n== Unit, conformance and Azure CLI tests (vitest) ==');
const vitestCode = sh(bin('vitest'), [
  'run',
  '--project',
  'unit',
  '--project',
  'conformance',
  '--project',
  'cli',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);

console.log('\n== Browser tests (Playwright, Debian Chromium) ==');
const playwrightCode = sh(bin('playwright'), ['test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
});

let passed = CHECKS.length - checkFailures.length;
let failed = checkFailures.length;
let skipped = 0;
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed +=
    (v.numFailedTests ?? 0) + (v.numFailedTestSuites && !v.numFailedTests ? v.numFailedTestSuites : 0);
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else if (vitestCode !== 0) failed += 1;
const p = readJson(playwrightJson);
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
  skipped += p.stats.skipped ?? 0;
} else if (playwrightCode !== 0) failed += 1;
if ((vitestCode !== 0 || playwrightCode !== 0) && failed === checkFailures.length) failed += 1; // a runner failed outside any test

const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(
  `\nWhole suite took ${minutes} min (static checks failed: ${checkFailures.length}, vitest exit ${vitestCode}, playwright exit ${playwrightCode}).`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
