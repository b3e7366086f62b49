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
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The workers' API types and their clients only: worker entries and internals are loaded in
              // the worker (by URL, see src/app/layers/layers-worker.ts), never into the main bundle.
              group: [
                '**/workers/**',
                '!**/workers/*-api.ts',
                // the conversion worker pool: starts convert.worker.ts (the app's counterpart of layers-worker.ts)
                '!**/workers/pool.ts',
                // reads a ZIP's directory from a Blob; shared by the importer and the conversion worker
                '!**/workers/zip-entries.ts',
              ],
              message:
                'src/app may import from workers/ only *-api.ts type modules, pool.ts and zip-entries.ts.',
            },
            {
              group: ['**/tools/**', '**/bench/**', '**/e2e/**', '**/test/**'],
              message: 'src/app must not import from tools, bench, e2e or test.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/embed/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['cesium', 'resium', '@cesium/*', 'react', 'react-dom'],
              message: 'src/embed is the light viewer: three.js and 3d-tiles-renderer, no Cesium or React.',
            },
            {
              // The city configs (plain data) and the few plain modules of the layers and scene time the main
              // viewer reads them with; nothing that brings Cesium or React along.
              regex:
                '(^|/)(app/(?!config/|layers/(features|geojson-features|ground-height)\\.ts$|viewer/scene-time\\.ts$)|workers/|tools/)',
              message:
                'src/embed may import from src/app only its config (src/app/config/), the plain layer modules (features, geojson-features, ground-height) and viewer/scene-time.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/app/**', '**/tools/**', '**/bench/**', '**/e2e/**', '**/test/**'],
              message: 'workers may import only src/core (and each other); tests across layers go in test/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tools/**/*.{ts,mjs,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/app/**', '**/workers/**', '**/bench/**', '**/e2e/**', '**/test/**'],
              message: 'tools (the Node CLI) may import only src/core.',
            },
          ],
        },
      ],
    },
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
