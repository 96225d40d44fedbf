// The dependency rule has no holes: each planted file below breaks it in one of the ways a newcomer
// could, and the real lint configuration (eslint.config.mjs, through ESLint's Node API) must report it;
// a clean file in the same places must not be reported. The planted files are linted as text at the
// path they would have (nothing is written into the tree), except the import cycle, which needs two
// real files (scripts/lint/fixtures, ignored by `npm run lint`).
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** The rules that make up the dependency rule and the naming dialect. */
const RULES = [
  'import-x/no-restricted-paths',
  'import-x/no-cycle',
  '@typescript-eslint/no-restricted-imports',
  'check-file/no-index',
  'check-file/filename-naming-convention',
  'check-file/folder-naming-convention',
];

interface Plant {
  hole: string;
  path: string;
  code: string;
  rule: string;
}

const PLANTS: Plant[] = [
  {
    hole: 'a new file at the root of lib/ imports a capability',
    path: 'lib/planted.ts',
    code: "import { STATE_FILTERS } from '@/lib/templates/model/list';\nexport const n = STATE_FILTERS.length;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a new file at the root of components/ imports a capability',
    path: 'components/planted.tsx',
    code: "import { RunStateBadge } from '@/components/templates/run-state-badge';\nexport const C = RunStateBadge;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a new folder in lib/ that no area names imports the repository',
    path: 'lib/planted-folder/planted.ts',
    code: "import { serverConfig } from '@/lib/env';\nexport const c = serverConfig;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a deep relative path reaches another capability',
    path: 'lib/templates/model/planted.ts',
    code: "import type { TopoGraph } from '../../../lib/topology/model/types';\nexport type G = TopoGraph;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a dynamic import() reaches another capability',
    path: 'lib/builds/model/planted.ts',
    code: "export const load = () => import('@/lib/topology/model/types');\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a re-export (export … from) reaches another capability',
    path: 'lib/logs/model/planted.ts',
    code: "export { STATE_FILTERS } from '@/lib/templates/model/list';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'components/ui imports a capability',
    path: 'components/ui/planted.tsx',
    code: "import { STATE_FILTERS } from '@/lib/templates/model/list';\nexport const n = STATE_FILTERS.length;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'lib imports components',
    path: 'lib/topology/model/planted.ts',
    code: "import { RunStateBadge } from '../../../components/templates/run-state-badge';\nexport const C = RunStateBadge;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'local Azure (emulator/src) imports app code through ../../lib',
    path: 'emulator/src/planted.ts',
    code: "import { serverConfig } from '../../lib/env';\nexport const c = serverConfig;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'the app imports local Azure',
    path: 'app/planted.ts',
    code: "export const load = () => import('../emulator/src/config.ts');\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'a browser test imports app code',
    path: 'e2e/planted.spec.ts',
    code: "import { STATE_FILTERS } from '../lib/templates/model/list';\nexport const n = STATE_FILTERS.length;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    hole: 'an engine (ELK) is imported outside its one module',
    path: 'components/topology/planted.tsx',
    code: "import ELK from 'elkjs';\nexport const e = ELK;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    hole: 'a barrel file (index.ts)',
    path: 'lib/templates/model/index.ts',
    code: 'export const n = 1;\n',
    rule: 'check-file/no-index',
  },
  {
    hole: 'a file name that is not kebab-case',
    path: 'lib/templates/model/plantedName.ts',
    code: 'export const n = 1;\n',
    rule: 'check-file/filename-naming-convention',
  },
  {
    hole: 'a folder name that is not kebab-case',
    path: 'components/templates/plantedFolder/planted.tsx',
    code: 'export const n = 1;\n',
    rule: 'check-file/folder-naming-convention',
  },
];

/** Files in the same places that keep the rule: nothing may be reported for them. */
const CLEAN: Array<{ path: string; code: string }> = [
  {
    path: 'components/templates/planted-clean.tsx',
    code: [
      "import { STATE_FILTERS } from '@/lib/templates/model/list';",
      "import { Button } from '@/components/ui/button';",
      "import { serverConfig } from '../../lib/env';",
      'export const parts = [STATE_FILTERS, Button, serverConfig];',
      "export const load = () => import('@/lib/templates/model/format');",
      '',
    ].join('\n'),
  },
  {
    path: 'e2e/planted-clean.spec.ts',
    code: "import { test } from './fixtures';\nexport const t = test;\n",
  },
];

let eslint: ESLint;

function dependencyMessages(results: ESLint.LintResult[]) {
  return results.flatMap((r) => r.messages).filter((m) => m.ruleId !== null && RULES.includes(m.ruleId));
}

// Loading the configuration and the TypeScript resolver takes seconds on a busy machine: it happens
// once, here, by linting the clean file; each case after that is quick.
const LOAD_MS = 120_000;
const CASE_MS = 30_000;

beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT, ignore: false });
  await eslint.lintText('export {};\n', { filePath: join(ROOT, 'lib/templates/model/planted-warm-up.ts') });
}, LOAD_MS);

describe('the dependency rule reports every planted violation', () => {
  it.each(PLANTS)(
    '$hole ($path)',
    async ({ path, code, rule }) => {
      const results = await eslint.lintText(code, { filePath: join(ROOT, path) });
      const messages = dependencyMessages(results);
      expect(messages.map((m) => m.ruleId)).toContain(rule);
    },
    CASE_MS,
  );

  it(
    'an import cycle (scripts/lint/fixtures/cycle-a.ts ↔ cycle-b.ts)',
    async () => {
      const results = await eslint.lintFiles([join(ROOT, 'scripts/lint/fixtures/cycle-a.ts')]);
      const messages = dependencyMessages(results);
      expect(messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    },
    CASE_MS,
  );
});

describe('a file that keeps the rule is not reported', () => {
  it.each(CLEAN)(
    '$path',
    async ({ path, code }) => {
      const results = await eslint.lintText(code, { filePath: join(ROOT, path) });
      expect(dependencyMessages(results)).toEqual([]);
    },
    CASE_MS,
  );
});
