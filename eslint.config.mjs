// Lint: typescript-eslint (strict, type-aware where cheap), React hooks, Next.js, and the dependency
// rule from DESIGN §3, expressed with typescript-eslint's `no-restricted-imports` per folder:
//   lib → components → app, one way; a capability never imports another capability;
//   third-party engines sit behind one module each; nothing outside emulator/ imports emulator/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';

const CAPABILITIES = ['templates', 'builds', 'networking', 'topology', 'logs'];
const INFRA_LIB = ['env', 'auth', 'azure', 'query'];

const g = (...groups) => groups.flatMap((x) => [`@/${x}`, `@/${x}/**`]);

/** Engines that must stay behind one module (DESIGN §3). */
const ENGINE_RULES = [
  { group: ['@azure/msal-browser', '@azure/msal-browser/**', '@azure/msal-react'], owner: 'lib/auth/**' },
  {
    group: ['@azure/arm-*', '@azure/core-*', '@azure/storage-blob'],
    owner: 'lib/azure/**',
    allowTypeImports: true,
  },
  { group: ['elkjs', 'elkjs/**'], owner: 'lib/topology/**' },
  { group: ['@xyflow/react'], owner: 'components/topology/**' },
];

function restricted(patterns) {
  return ['error', { patterns }];
}

function engineRestrictionsFor(folder) {
  return ENGINE_RULES.filter((e) => !folder.startsWith(e.owner.replace('/**', ''))).map((e) => ({
    group: e.group,
    message: `Only ${e.owner} may import this engine (DESIGN §3).`,
    ...(e.allowTypeImports ? { allowTypeImports: true } : {}),
  }));
}

const noEmulator = {
  group: ['**/emulator/**', '@/emulator/**'],
  message: 'The app never imports local Azure; it reaches it over HTTPS only.',
};

function capabilityBlocks(root) {
  return CAPABILITIES.map((cap) => {
    const others = CAPABILITIES.filter((c) => c !== cap);
    const folder = `${root}/${cap}`;
    const base =
      root === 'lib'
        ? [{ group: g('components', 'app'), message: 'lib imports neither components nor app.' }]
        : [{ group: g('app'), message: 'components never import app.' }];
    return {
      files: [`${folder}/**/*.{ts,tsx}`],
      rules: {
        '@typescript-eslint/no-restricted-imports': restricted([
          ...base,
          {
            group: [
              ...g(...others.map((o) => `lib/${o}`)),
              ...g(...others.map((o) => `components/${o}`)),
              ...others.map((o) => `../${o}/**`),
              ...others.map((o) => `../../${o}/**`),
            ],
            message: `A capability does not import another capability (${cap} → other). Move what is shared to lib infrastructure or components/ui|shell.`,
          },
          noEmulator,
          ...engineRestrictionsFor(folder),
        ]),
      },
    };
  });
}

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
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'proxy.ts'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  // lib infrastructure: imports neither components nor app nor any capability.
  ...INFRA_LIB.map((infra) => ({
    files: [`lib/${infra}/**/*.{ts,tsx}`, `lib/${infra}.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        {
          group: g('components', 'app', ...CAPABILITIES.map((c) => `lib/${c}`)),
          message: 'lib infrastructure imports no UI and no capability.',
        },
        noEmulator,
        ...engineRestrictionsFor(`lib/${infra}`),
      ]),
    },
  })),
  ...capabilityBlocks('lib'),
  ...capabilityBlocks('components'),
  {
    files: ['components/ui/**/*.{ts,tsx}', 'components/shell/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        {
          group: g('app', ...CAPABILITIES.map((c) => `components/${c}`)),
          message: 'ui and shell are shared: they import no capability and no app code.',
        },
        noEmulator,
        ...engineRestrictionsFor('components/ui'),
      ]),
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'proxy.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([noEmulator, ...engineRestrictionsFor('app')]),
    },
  },
  // Node programs: emulator, scripts, tests, configs.
  {
    files: [
      'emulator/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'e2e/**/*.ts',
      '*.config.{ts,mjs}',
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
