#!/usr/bin/env node
// `npm test`: the whole suite — first the static checks (lint with the dependency rule, Prettier
// check, type check of the app and of local Azure; two at a time), then unit tests, local Azure's conformance suite
// (real SDK clients over HTTPS), beside them the Azure CLI tests in a second vitest (Debian's `az`
// against its own local Azure; the cli project installs azure-cli with apt when missing) and
// `next build`, then the browser tests (Playwright on Debian's
// Chromium against one production build, made while vitest runs, and a local Azure per worker). It
// prints how long each phase took. Each static check counts as one test in
// the closing `N passed, N failed` line, so a lint, format or type error fails the run. Installs
// Debian's Chromium when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { extraCaCertsFor, repoRoot } from './paths.mjs';
import { ensureChromium } from './ensure-chromium.mjs';

// Not test-results/: Playwright empties that folder when it starts.
const results = join(repoRoot, 'test-reports');
const env = { ...process.env, NODE_EXTRA_CA_CERTS: extraCaCertsFor() };
const started = Date.now();
const phases = [];

/** Runs `fn` and remembers how long it took, for the closing summary. */
async function phase(name, fn) {
  const t0 = Date.now();
  console.log(`\n== ${name} ==`);
  const r = await fn();
  phases.push(`${name} ${Math.round((Date.now() - t0) / 1000)} s`);
  return r;
}

function sh(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  return r.status ?? 1;
}

/** Runs a command with its output collected (stdout and stderr together); resolves with both. */
function collect(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...env, ...extraEnv } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: 1, out: out + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const firstLine = (text) =>
  String(text ?? '')
    .split('\n')
    .find((l) => l.trim()) ?? '';

/**
 * Each failed vitest file (with its first error when no test in it failed: a hook, an import, an
 * unhandled error) and failed test, and each failed browser test: named again beside the closing
 * line, where a CI log that keeps only its tail still shows them.
 */
function failureNames(vitest, playwright) {
  const names = [];
  for (const file of vitest?.testResults ?? []) {
    if (file.status !== 'failed') continue;
    const where = file.name.replace(`${repoRoot}/`, '');
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (!tests.length) names.push(`${where}: ${firstLine(file.message) || 'failed outside any test'}`);
    for (const t of tests) names.push(`${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
  }
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      const results = spec.tests?.flatMap((t) => t.results ?? []) ?? [];
      if (spec.ok === false) {
        const error = results.map((r) => r.error?.message).find(Boolean);
        names.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of playwright?.suites ?? []) walk(suite);
  // ANSI colours from the runners' messages, and overlong lines, would only hide the point.
  return names.map((n) => stripVTControlCharacters(n).slice(0, 300));
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
ensureChromium();

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const vitestJson = join(results, 'vitest.json');
const vitestCliJson = join(results, 'vitest-cli.json');

/** The two vitest runs' JSON reports as one (counts added, files listed together); undefined if both are missing. */
function mergeVitest(a, b) {
  if (!a || !b) return a ?? b;
  const sum = (k) => (a[k] ?? 0) + (b[k] ?? 0);
  return {
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numFailedTestSuites: sum('numFailedTestSuites'),
    numPendingTests: sum('numPendingTests'),
    numTodoTests: sum('numTodoTests'),
    testResults: [...(a.testResults ?? []), ...(b.testResults ?? [])],
  };
}
const playwrightJson = join(results, 'playwright.json');

/** The static checks; each one is a test that passes or fails. */
const CHECKS = [
  { name: 'lint (ESLint, dependency rule)', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'types (app)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'format (Prettier check)', cmd: bin('prettier'), args: ['--check', '.'] },
  { name: 'types (local Azure)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'emulator/tsconfig.json'] },
];

/** The static checks, one per core at a time (each is single-threaded); output printed per check, in order. */
async function staticChecks() {
  const outcomes = new Array(CHECKS.length);
  let next = 0;
  const worker = async () => {
    while (next < CHECKS.length) {
      const i = next++;
      const check = CHECKS[i];
      const t0 = Date.now();
      const r = await collect(check.cmd, check.args);
      outcomes[i] = { ...r, seconds: Math.round((Date.now() - t0) / 1000) };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, worker));
  const failures = [];
  CHECKS.forEach((check, i) => {
    const o = outcomes[i];
    console.log(`-- ${check.name}: ${o.code === 0 ? 'ok' : 'FAILED'} (${o.seconds} s)`);
    if (o.out.trim()) console.log(o.out.trimEnd());
    if (o.code !== 0) failures.push(check.name);
  });
  return failures;
}

/**
 * The browser tests' production build, started while the vitest projects run (they mostly wait on
 * local Azure and the Azure CLI, so the build fills the idle core). Output goes to a file, shown when
 * the build fails; e2e/global-setup.ts then finds the build up to date.
 */
/** Starts a command whose stdout and stderr go straight into `logPath`; resolves when it has exited. */
function startToFile(cmd, args, logPath) {
  const fd = openSync(logPath, 'w');
  const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return new Promise((resolve) => {
    child.on('error', () => resolve({ code: 1, logPath }));
    child.on('close', (code) => resolve({ code: code ?? 1, logPath }));
  });
}

function startBuild() {
  const logPath = join(results, 'next-build.log');
  const log = createWriteStream(logPath);
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: repoRoot,
    // The type check above already covers the app (next.config.js).
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1', KILN_BUILD_SKIP_TYPECHECK: '1' },
  });
  // Both streams into one file; the file is ended once the build has exited, not by either stream.
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve) => {
    child.on('error', () => resolve({ code: 1, logPath, seconds: 0 }));
    child.on('close', (code) =>
      log.end(() => resolve({ code: code ?? 1, logPath, seconds: Math.round((Date.now() - t0) / 1000) })),
    );
  });
}

const checkFailures = await phase('Static checks: lint, types, format (two at a time)', staticChecks);
if (checkFailures.length) console.log(`\nStatic checks failed: ${checkFailures.join(', ')}`);

const build = startBuild();
const vitestCode = await phase(
  'Unit, conformance and Azure CLI tests (vitest; the CLI project and next build beside it)',
  async () => {
    // The CLI project waits mostly on Debian's `az` and has its own local Azure: it runs in a second
    // vitest beside unit + conformance (which vitest would otherwise run after each other), its output
    // into a file that is printed when both are done.
    const cli = startToFile(
      bin('vitest'),
      [
        'run',
        '--project',
        'cli',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${vitestCliJson}`,
      ],
      join(results, 'vitest-cli.log'),
    );
    const main = sh(bin('vitest'), [
      'run',
      '--project',
      'unit',
      '--project',
      'conformance',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestJson}`,
    ]);
    const cliDone = await cli;
    console.log(`\n-- Azure CLI tests (run beside the above; exit ${cliDone.code}) --`);
    console.log(readFileSync(cliDone.logPath, 'utf8'));
    return main !== 0 ? main : cliDone.code;
  },
);
const built = await phase('Production build for the browser tests (waiting for it)', () => build);
console.log(`next build: exit ${built.code} after ${built.seconds} s (log: ${built.logPath})`);
if (built.code !== 0) console.log(readFileSync(built.logPath, 'utf8'));

const playwrightCode = await phase('Browser tests (Playwright, Debian Chromium)', () =>
  sh(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }),
);

let passed = CHECKS.length - checkFailures.length;
let failed = checkFailures.length;
let skipped = 0;
const v = mergeVitest(readJson(vitestJson), readJson(vitestCliJson));
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

const named = failureNames(v, p);
if (named.length) console.log(`\nWhat failed:\n${named.map((n) => `  - ${n}`).join('\n')}`);
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nPhases: ${phases.join(' · ')}`);
console.log(
  `\nWhole suite took ${minutes} min (static checks failed: ${checkFailures.length}, vitest exit ${vitestCode}, playwright exit ${playwrightCode}).`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
