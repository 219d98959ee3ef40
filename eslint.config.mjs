// One linter for the whole project, plus the rules that hold the four layers apart:
// step definitions import only the DSL (and Cucumber/chai); the DSL never imports a driver
// implementation, the World or Cucumber.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Step definitions: anything outside the DSL, Cucumber and chai is refused. */
const stepImports = {
  patterns: [
    {
      regex: '^(?!@cucumber/cucumber$|chai$|(\\.\\./)+src/dsl(/.*)?$)',
      message:
        'Step definitions are thin: they may import only the DSL (src/dsl), @cucumber/cucumber and chai. Move the logic into src/dsl.',
    },
  ],
};

/** The DSL: only the Driver contract, never a driver implementation, the World or Cucumber. */
const dslImports = {
  patterns: [
    {
      regex: '^\\.\\./drivers(?!/driver$)',
      message: 'The DSL knows only the Driver contract (src/drivers/driver.ts), never a driver implementation or the registry.',
    },
    {
      regex: '^\\.\\./world',
      message: 'The DSL must not import the World: only the World knows which driver runs.',
    },
    { regex: '^@cucumber/', message: 'The DSL is independent of Cucumber: steps pass it plain values and tables (DataTable.raw()).' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'test/fixtures/', 'dist/', 'examples/*/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['features/step_definitions/**/*.ts'], rules: { 'no-restricted-imports': ['error', stepImports] } },
  { files: ['src/dsl/**/*.ts'], ignores: ['src/dsl/**/*.test.ts'], rules: { 'no-restricted-imports': ['error', dslImports] } },
  prettier,
);
