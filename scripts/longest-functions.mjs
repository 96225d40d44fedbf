// Reports the longest functions in lib/, components/ and emulator/src (tests aside), counted as the lint's
// max-lines-per-function counts them (blank lines and comments skipped). Usage:
//   node scripts/longest-functions.mjs [count=10]
// Parses only (no type information), so it takes seconds, not the full lint's minutes.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const count = Number(process.argv[2] ?? 10);
const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx}'],
      ignores: ['**/*.test.{ts,tsx}'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
      },
      linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
      rules: {
        'max-lines-per-function': [
          'error',
          { max: 0, skipBlankLines: true, skipComments: true, IIFEs: true },
        ],
      },
    },
  ],
});
const results = await eslint.lintFiles(['lib', 'components', 'emulator/src']);
const rows = [];
for (const r of results) {
  for (const m of r.messages) {
    const hit = /^(.*) has too many lines \((\d+)\)/.exec(m.message);
    if (!hit) continue;
    rows.push({
      lines: Number(hit[2]),
      name: hit[1],
      file: `${r.filePath.replace(`${process.cwd()}/`, '')}:${m.line}`,
    });
  }
}
rows.sort((a, b) => b.lines - a.lines);
for (const row of rows.slice(0, count))
  console.log(`${String(row.lines).padStart(4)}  ${row.name}  ${row.file}`);
