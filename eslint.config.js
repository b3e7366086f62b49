import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tmp/**',
      '.cache/**',
      'public/**',
      'bench/results/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['cesium', 'resium', 'react', 'react-dom', 'node:*', 'fs', 'path', 'worker_threads'],
              message: 'src/core is platform-free: no Cesium, React or Node APIs.',
            },
            {
              group: ['**/app/**', '**/workers/**', '**/tools/**'],
              message: 'src/core must not import from app, workers or tools.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['bench/bare-viewer/*.js'],
    languageOptions: { globals: { ...globals.browser, Cesium: 'readonly' } },
  },
  {
    files: [
      'tools/**/*.{ts,mjs,js}',
      'bench/**/*.{ts,mjs}',
      'e2e/**/*.{ts,mjs}',
      '*.config.{ts,js}',
      '.ci/**',
    ],
    languageOptions: { globals: globals.node },
  },
);
