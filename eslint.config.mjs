// Lint: typescript-eslint (strict), React hooks, Next.js, and the dependency rule of
// docs/architecture.md, deny by default (docs/decisions/006-dependency-rule-deny-by-default.md):
//   - every source file belongs to one AREA below and may import, from inside the repository, only
//     what its area allows; a file in no area may import nothing of the repository until its folder
//     is given an area here (so a new folder or a new file at the root of lib/ is never unchecked);
//   - imports are resolved by eslint-plugin-import-x with the TypeScript resolver (the `@/` alias,
//     deep relative paths, `import()` and `export … from` alike), so the rule judges the file reached,
//     not how its path is spelled;
//   - third-party engines sit behind one module each; import cycles are errors;
//   - file and folder names are kebab-case, and there are no barrel (index) files.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';
import importX from 'eslint-plugin-import-x';
import checkFile from 'eslint-plugin-check-file';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** Capabilities: a capability's lib and components import no other capability. */
const CAPABILITIES = ['templates', 'builds', 'networking', 'topology', 'logs', 'estate'];
/**
 * lib infrastructure: these folders and every file at lib's root. `lib/subscriptions` holds the
 * subscriptions the user can see: every capability lists or picks them, so it is shared, not a capability.
 */
const LIB_INFRA = ['lib/auth', 'lib/azure', 'lib/aib', 'lib/query', 'lib/subscriptions'];
/** Shared components: these folders and every file at components' root. */
const SHARED_COMPONENTS = ['components/ui', 'components/shell'];

/** Files directly in a folder (not in its subfolders), as paths relative to the repository root. */
function filesAtRootOf(folder, test = () => true) {
  try {
    return readdirSync(join(ROOT, folder))
      .filter((f) => test(f) && statSync(join(ROOT, folder, f)).isFile())
      .map((f) => (folder === '.' ? f : `${folder}/${f}`));
  } catch {
    return [];
  }
}
/** Next's special files at the repository root belong to the app. */
const APP_ROOT_FILES = ['proxy.ts', 'instrumentation.ts', 'instrumentation-node.ts'];
const isSource = (f) => /\.(ts|tsx|mts|mjs|js)$/.test(f);
const libRootFiles = ['lib/*.{ts,tsx}'];
const componentsRootFiles = ['components/*.{ts,tsx}'];
const ROOT_CONFIG_FILES = filesAtRootOf(
  '.',
  (f) => isSource(f) && !APP_ROOT_FILES.includes(f) && f !== 'next-env.d.ts',
);

const under = (folders) => folders.map((f) => `${f}/**`);

/**
 * The areas. `files`: globs (relative to the repository root) of the files in the area.
 * `allow`: folders or files, relative to the root, that a file of the area may import (its own area
 * is listed explicitly). Packages (node_modules) are judged by ENGINE_RULES, not here.
 */
const AREAS = [
  {
    files: [...libRootFiles, ...under(LIB_INFRA)],
    allow: [...LIB_INFRA, ...filesAtRootOf('lib', isSource)],
    message: 'lib infrastructure imports only lib infrastructure: no capability, no components, no app.',
  },
  ...CAPABILITIES.map((cap) => ({
    files: [`lib/${cap}/**`],
    allow: [`lib/${cap}`, ...LIB_INFRA, ...filesAtRootOf('lib', isSource)],
    message: `lib/${cap} imports only itself and lib infrastructure: a capability never imports another capability, components or app.`,
  })),
  {
    files: [...componentsRootFiles, ...under(SHARED_COMPONENTS)],
    allow: [
      ...SHARED_COMPONENTS,
      ...filesAtRootOf('components', isSource),
      ...LIB_INFRA,
      ...filesAtRootOf('lib', isSource),
    ],
    message: 'Shared components (ui, shell) import no capability and no app code.',
  },
  ...CAPABILITIES.map((cap) => ({
    files: [`components/${cap}/**`],
    allow: [
      `components/${cap}`,
      `lib/${cap}`,
      ...SHARED_COMPONENTS,
      ...filesAtRootOf('components', isSource),
      ...LIB_INFRA,
      ...filesAtRootOf('lib', isSource),
    ],
    message: `components/${cap} imports only itself, lib/${cap}, lib infrastructure and shared components: never another capability or app.`,
  })),
  {
    files: ['app/**', ...APP_ROOT_FILES],
    allow: ['app', 'components', 'lib', ...APP_ROOT_FILES],
    message: 'app imports app, components and lib only; it reaches local Azure over HTTPS, never by import.',
  },
  {
    files: ['emulator/src/**/!(*.test).ts'],
    allow: ['emulator/src'],
    message: 'Local Azure (emulator/src) is a program apart: it imports nothing outside emulator/src.',
  },
  {
    files: ['emulator/src/**/*.test.ts'],
    allow: ['emulator/src', 'emulator/testing'],
    message: "Local Azure's unit tests import only local Azure and its test helpers.",
  },
  {
    files: ['emulator/testing/**'],
    allow: ['emulator/src', 'emulator/testing'],
    message: "Local Azure's test helpers import only local Azure and themselves.",
  },
  {
    files: ['emulator/test/**'],
    allow: ['emulator/src', 'emulator/testing', 'emulator/test'],
    message: "Local Azure's conformance tests import only local Azure, its test helpers and themselves.",
  },
  {
    files: ['emulator/cli/**'],
    allow: ['emulator/src', 'emulator/testing', 'emulator/test', 'emulator/cli'],
    message:
      'The Azure CLI tests import only local Azure, its test helpers, the conformance set-up and themselves.',
  },
  {
    // The one place that imports both sides: checks that local Azure's copies of Azure facts agree
    // with the app's (lib/aib and lib/azure modules that import nothing but SDK types).
    files: ['emulator/agreement/**'],
    allow: ['emulator/agreement', 'emulator/src', 'emulator/testing', 'lib/aib', 'lib/azure'],
    message: 'Agreement tests import local Azure and the app’s Azure-fact modules (lib/aib, lib/azure) only.',
  },
  {
    // lib/routes.ts (Kiln's own URLs, importing nothing) is the one app file they share: the URL scheme
    // is the contract between the pages and the tests that address them.
    files: ['e2e/**'],
    allow: ['e2e', 'emulator/testing', 'lib/routes.ts'],
    message:
      'Browser tests drive the built app: they import no app code (app, components, lib — but lib/routes.ts, its URLs) and no local Azure internals; only e2e/ and emulator/testing.',
  },
  {
    files: ['scripts/**', ...ROOT_CONFIG_FILES],
    allow: ['scripts', 'lib', 'emulator', 'e2e', ...ROOT_CONFIG_FILES],
    message: 'Scripts and configuration import scripts, lib, local Azure and e2e; never app or components.',
  },
];

/** One no-restricted-paths zone per area: everything in the repository is denied except `allow`. */
const dependencyZones = AREAS.map((area) => ({
  target: area.files,
  from: '.',
  except: ['./node_modules', ...area.allow.map((a) => `./${a}`)],
  message: area.message,
}));

/** For files in no area: any import of the repository is reported. */
const unclassifiedZone = {
  target: ['**'],
  from: '.',
  except: ['./node_modules'],
  message:
    'This file is in no area of the dependency rule, so it may import nothing of the repository: give its folder an area in eslint.config.mjs.',
};

/** Engines that must stay behind one module (static imports; type-only imports where allowed). */
const ENGINE_RULES = [
  { group: ['@azure/msal-browser', '@azure/msal-browser/**', '@azure/msal-react'], owner: 'lib/auth' },
  {
    group: ['@azure/arm-*', '@azure/core-*', '@azure/storage-blob'],
    owner: 'lib/azure',
    allowTypeImports: true,
  },
  { group: ['elkjs', 'elkjs/**'], owner: 'lib/topology' },
  { group: ['@xyflow/react'], owner: 'components/topology' },
];
const APP_SIDE = ['app/**', 'components/**', 'lib/**', ...APP_ROOT_FILES];

function engineRestrictions(exceptOwner) {
  return [
    'error',
    {
      patterns: ENGINE_RULES.filter((e) => e.owner !== exceptOwner).map((e) => ({
        group: e.group,
        message: `Only ${e.owner} may import this engine.`,
        ...(e.allowTypeImports ? { allowTypeImports: true } : {}),
      })),
    },
  ];
}

const SOURCE_FILES = ['**/*.{ts,tsx,mts,mjs,js}'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      '.local-azure/**',
      '.screenshots/**',
      '.bench/**',
      'test-reports/**',
      'public/**',
      // Planted violations, linted on purpose by scripts/lint/dependency-rule.test.ts.
      'scripts/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', ...APP_ROOT_FILES],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  // The dependency rule (deny by default) and import cycles.
  {
    files: SOURCE_FILES,
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [join(ROOT, 'tsconfig.json'), join(ROOT, 'emulator/tsconfig.json')],
          noWarnOnMultipleProjects: true,
        }),
        importX.createNodeResolver(),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: dependencyZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: SOURCE_FILES,
    ignores: AREAS.flatMap((a) => a.files),
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [unclassifiedZone] }],
    },
  },
  // Engines behind one module each.
  { files: APP_SIDE, rules: { '@typescript-eslint/no-restricted-imports': engineRestrictions() } },
  ...ENGINE_RULES.map((e) => ({
    files: [`${e.owner}/**`],
    rules: { '@typescript-eslint/no-restricted-imports': engineRestrictions(e.owner) },
  })),
  // One naming dialect: kebab-case files and folders (middle extensions like .test/.worker aside;
  // Next's route groups and dynamic segments in app/), and no barrel files.
  {
    files: ['lib/**', 'components/**', 'emulator/**', 'e2e/**', 'scripts/**', 'app/**'].map(
      (f) => `${f}/*.{ts,tsx,mts,mjs,js}`,
    ),
    plugins: { 'check-file': checkFile },
    rules: {
      'check-file/no-index': 'error',
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx,mts,mjs,js}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': [
        'error',
        {
          '{lib,components,emulator,e2e,scripts}/**/': 'KEBAB_CASE',
          'app/**/': 'NEXT_JS_APP_ROUTER_CASE',
        },
      ],
    },
  },
  // No function a reader cannot hold in their head: at most 80 lines (blank lines and comments aside) in
  // lib/, components/ and emulator/src. Tests are exempt (a describe block is a list of cases).
  // `node scripts/longest-functions.mjs` lists the longest that remain.
  {
    files: ['lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'emulator/src/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  // Data, not logic: fixture resources written out in full, one object literal per resource.
  {
    files: ['lib/topology/model/fixtures.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  // Node programs: emulator, scripts, tests, configs.
  {
    files: [
      'emulator/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'e2e/**/*.ts',
      '*.config.{ts,mjs,js}',
      'eslint.config.mjs',
    ],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        URLSearchParams: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
);
