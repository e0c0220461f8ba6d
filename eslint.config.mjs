// Flat config: typescript-eslint's recommended rules, plus the architectural boundaries (the
// layout is in the README; test/import-graph.test.ts fails on any import cycle):
// - src/core never imports vscode, nor the layers above it (extension, processes, jobs, cli, webview);
// - the analyses never import the report (the report is built from them, not the other way round);
// - src/processes and src/jobs run in the CLI, workers and child processes: no vscode, no extension;
// - a webview page imports from src/ only the unit formatters; its protocol file may also import
//   the core's types (type-only), which the page then takes from the protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_UP = { group: ['**/extension/**', '**/processes/**', '**/jobs/**', '**/cli/**', '**/webview/**', '**/worker/**'], message: 'src/core must not depend on the editor, process, job, CLI or webview layers.' };
const NO_VSCODE = { name: 'vscode', message: 'Pure TypeScript here: the CLI, the workers and the tests use it without VS Code.' };
/** Any path into src/ but the unit formatters. */
const WEBVIEW_SRC = '^(\\.\\./)+src/(?!core/units$)';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '*.vsix', 'native/tflm/wasm/**', 'native/tflm/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [CORE_UP] }] },
  },
  {
    files: ['src/core/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [NO_VSCODE],
        patterns: [CORE_UP, { group: ['**/report/**', '../report', '../../report'], message: 'The analyses feed the report; they never import it (sizes: ir/tensorSize, formatters: core/units).' }],
      }],
    },
  },
  {
    files: ['src/processes/**/*.ts', 'src/jobs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'Process boundaries and jobs run outside the editor: no extension or webview code.' }] }] },
  },
  {
    files: ['webview/**/*.ts'],
    ignores: ['webview/*/protocol.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: WEBVIEW_SRC, message: 'A webview page imports from src/ only core/units; take the core\'s types from its protocol file.' }] }] },
  },
  {
    files: ['webview/*/protocol.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: WEBVIEW_SRC, allowTypeImports: true, message: 'A webview protocol imports only types from src/ (and core/units).' }] }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
