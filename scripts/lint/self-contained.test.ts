// Kiln is self-contained: a maintainer who clones it finds every fact it relies on inside it. No source
// file, test or document cites a design note, reference note or issue number that lives outside the
// repository; Azure facts are in docs/azure/, the architecture in docs/architecture.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SKIP = new Set([
  'node_modules',
  '.next',
  '.git',
  '.local-azure',
  'test-results',
  'playwright-report',
  'test-reports',
  '.bench',
  '.screenshots',
  'screenshots',
  'public',
]);
const TEXT = /\.(ts|tsx|mts|mjs|js|md|json)$/;

/** Citations of documents that are not in the repository (built from parts so this file does not match itself). */
const OUTSIDE = [
  new RegExp(['DESIGN', '(\\.md)?', ' ?§'].join('')),
  new RegExp(['aib', '-facts'].join('')),
  new RegExp(['perf', '-reliability'].join('')),
  new RegExp(['house', '[ -]style'].join(''), 'i'),
  new RegExp(['shared', '/(DESIGN|reference)'].join('')),
  new RegExp(['\\(issues? #?', '\\d+'].join('')),
  new RegExp(['\\bissue #?', '\\d+\\b'].join('')),
];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name === 'package-lock.json') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.test(name)) yield path;
  }
}

it('no file cites a document outside the repository', () => {
  const found: string[] = [];
  for (const file of files(ROOT)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (OUTSIDE.some((re) => re.test(line))) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(found, 'Write the fact in docs/ (docs/azure/, docs/architecture.md) and point there').toEqual([]);
});
