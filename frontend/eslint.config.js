import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURES = ['auth', 'directory', 'partners', 'home', 'goals', 'mentoring'];
// Every dialog goes through src/components/dialog.tsx, which keeps it a named region.
const DIALOGS = [
  { name: '@mantine/core', importNames: ['Modal', 'Drawer'], message: 'Use Dialog from src/components/dialog.tsx.' },
];

export default tseslint.config(
  { ignores: ['dist', 'src/api/gen', 'test-results', 'playwright-report', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Playwright fixtures take `({}, use) => ...`: not React hooks.
    files: ['tests/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: DIALOGS }] },
  },
  // STYLE.md 19: shared -> features -> routes; a feature never imports another feature,
  // and shared code (lib, components) imports no feature.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DIALOGS,
          patterns: [
            { group: FEATURES.filter((f) => f !== feature).map((f) => `**/features/${f}/**`), message: 'Features do not import each other; compose them in src/routes.' },
            { group: ['**/routes/**'], message: 'Features do not import routes.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: DIALOGS, patterns: [{ group: ['**/features/**', '**/routes/**'], message: 'Shared code imports no feature or route.' }] },
      ],
    },
  },
  {
    files: ['src/components/dialog.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/features/**', '**/routes/**'], message: 'Shared code imports no feature or route.' }] },
      ],
    },
  },
);
